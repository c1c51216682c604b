package org.herald.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.herald.domain.AccessModel;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Item;
import org.herald.domain.ItemReply;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.NodeType;
import org.herald.domain.NotificationType;
import org.herald.domain.PublishModel;
import org.herald.domain.SendLastPublishedItem;
import org.herald.domain.StoredItem;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.SubscriptionState;
import org.herald.domain.SubscriptionType;
import org.herald.domain.geo.BoundingBox;
import org.herald.domain.geo.Circle;
import org.herald.domain.geo.GeoKeying;
import org.herald.domain.geo.GeoSettings;
import org.herald.domain.geo.InvalidGeoPolicy;
import org.junit.jupiter.api.Test;

/** Every cached value comes back equal to what was cached, every field set away from its default. */
class CacheCodecTest {
    private static final Instant T = Instant.parse("2026-11-21T07:00:00.123456Z");

    static NodeConfig unusualConfig() {
        return new NodeConfig(NodeType.COLLECTION, "Tïtle", null, AccessModel.WHITELIST, PublishModel.SUBSCRIBERS, 17,
                false, false, false, true, false, true, false, true, false, 4096, SendLastPublishedItem.ON_SUB_AND_PRESENCE,
                NotificationType.HEADLINE, "urn:example:payload", List.of("friends", "family"), List.of("a@example.org"),
                "de", List.of("parent-1", "parent-2"), List.of("child"), Duration.ofSeconds(3600), ItemReply.OWNER,
                new GeoSettings(GeoKeying.ITEM, InvalidGeoPolicy.FLAG, Duration.ofMinutes(5)));
    }

    @Test
    void nodesAndAbsentNodes() {
        Node node = new Node("a:b/{c}", unusualConfig(), Jid.parse("owner@example.org/desk"), T);
        assertThat(CacheCodec.node(CacheCodec.node(Optional.of(node)))).contains(node);
        assertThat(CacheCodec.node(CacheCodec.node(Optional.empty()))).isEmpty();
        NodeConfig plain = new NodeConfig(NodeType.LEAF, null, "d", AccessModel.OPEN, PublishModel.PUBLISHERS, 10, true, true,
                true, false, true, false, true, false, true, 100, SendLastPublishedItem.NEVER, NotificationType.NORMAL, null,
                List.of(), List.of(), null, List.of(), List.of(), null, ItemReply.PUBLISHER,
                new GeoSettings(GeoKeying.PUBLISHER, InvalidGeoPolicy.REJECT, null));
        Node other = new Node("n", plain, Jid.parse("example.org"), T);
        assertThat(CacheCodec.node(CacheCodec.node(Optional.of(other)))).contains(other);
    }

    @Test
    void affiliations() {
        List<AffiliationEntry> all = List.of(new AffiliationEntry("n", Jid.parse("a@example.org"), Affiliation.OWNER),
                new AffiliationEntry("n", Jid.parse("b@example.org"), Affiliation.PUBLISH_ONLY),
                new AffiliationEntry("n", Jid.parse("c@example.org"), Affiliation.OUTCAST));
        assertThat(CacheCodec.affiliations(CacheCodec.affiliations(all))).isEqualTo(all);
        assertThat(CacheCodec.affiliations(CacheCodec.affiliations(List.of()))).isEmpty();
    }

    @Test
    void subscriptionsWithEveryOption() {
        SubscriptionOptions odd = new SubscriptionOptions(false, true, 60_000, T.plusSeconds(60), true, Set.of("away", "dnd"),
                SubscriptionType.NODES, SubscriptionOptions.DEPTH_ALL, true, new BoundingBox(179, -20, -179, -10));
        SubscriptionOptions circle = new SubscriptionOptions(true, false, 1000, null, false, Set.of(), SubscriptionType.ITEMS,
                1, false, new Circle(48.1374, 11.5755, 1000));
        List<Subscription> all = List.of(
                new Subscription("n", Jid.parse("a@example.org/phone"), "s1", SubscriptionState.PENDING, T, odd),
                new Subscription("n", Jid.parse("b@example.org"), "s2", SubscriptionState.UNCONFIGURED, T, circle),
                new Subscription("n", Jid.parse("c@example.org"), "s3", SubscriptionState.SUBSCRIBED, T));
        assertThat(CacheCodec.subscriptions(CacheCodec.subscriptions(all))).isEqualTo(all);
    }

    @Test
    void newestItemsWithAndWithoutPayloads() {
        LastItems last = new LastItems(42, List.of(
                new StoredItem(9, new Item("n", "i2", "<entry xmlns='http://www.w3.org/2005/Atom'>\"é\"</entry>",
                        Jid.parse("p@example.org/r"), T)),
                new StoredItem(3, new Item("n", "i1", null, Jid.parse("p@example.org"), T.minusSeconds(1)))));
        assertThat(CacheCodec.lastItems(CacheCodec.lastItems(last))).isEqualTo(last);
    }
}
