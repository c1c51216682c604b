package org.herald.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.herald.domain.Ancestor;
import org.herald.domain.Jid;
import org.herald.domain.NodeConfig;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.SubscriptionState;
import org.herald.domain.SubscriptionType;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.event.Delivery;
import org.junit.jupiter.api.Test;

/** Who hears of a leaf's items and of a collection's nodes (XEP-0060 §13.3, XEP-0248 §notify, §subscribe). */
class RecipientsTest {
    static final Jid DIRECT = Jid.parse("direct@denmark.lit");
    static final Jid PARENT_SUB = Jid.parse("parent@denmark.lit");
    static final Jid GRAND_ONE = Jid.parse("grand-one@denmark.lit");
    static final Jid GRAND_ALL = Jid.parse("grand-all@denmark.lit");
    static final Jid NODES_SUB = Jid.parse("nodes@denmark.lit");
    static final NodeConfig LEAF = DefaultConfig.leaf(new ServiceLimits(1000, 65_536));
    static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

    static Subscription sub(String node, Jid jid, SubscriptionType type, int depth) {
        return new Subscription(node, jid, "sub-" + jid.local() + "-" + node, SubscriptionState.SUBSCRIBED, T,
                new SubscriptionOptions(true, false, SubscriptionOptions.DEFAULT_DIGEST_FREQUENCY_MILLIS, null, false,
                        Set.of(), type, depth));
    }

    static Subscription items(String node, Jid jid, int depth) {
        return sub(node, jid, SubscriptionType.ITEMS, depth);
    }

    /** leaf ⊂ parent ⊂ grand */
    final List<Recipients.Via> tree = List.of(
            new Recipients.Via(new Ancestor("grand", 2), List.of(items("grand", GRAND_ONE, 1),
                    items("grand", GRAND_ALL, SubscriptionOptions.DEPTH_ALL))),
            new Recipients.Via(new Ancestor("parent", 1), List.of(items("parent", PARENT_SUB, 1),
                    sub("parent", NODES_SUB, SubscriptionType.NODES, 1))));

    @Test
    void itemsReachCollectionSubscribersWhoseDepthReachesTheLeaf() {
        List<Delivery> to = Recipients.ofRetract(LEAF, List.of(items("leaf", DIRECT, 1)), tree, jid -> true, java.time.Instant.EPOCH);
        assertThat(to).containsExactly(
                new Delivery(DIRECT),
                new Delivery(PARENT_SUB, List.of(), "parent"),
                new Delivery(GRAND_ALL, List.of(), "grand"));
    }

    @Test
    void aSubscriberIsToldOnceByTheNearestSubscription() {
        List<Recipients.Via> both = List.of(
                new Recipients.Via(new Ancestor("grand", 2), List.of(items("grand", PARENT_SUB, SubscriptionOptions.DEPTH_ALL),
                        items("grand", DIRECT, SubscriptionOptions.DEPTH_ALL))),
                new Recipients.Via(new Ancestor("parent", 1), List.of(items("parent", PARENT_SUB, 1))));
        List<Delivery> to = Recipients.ofRetract(LEAF, List.of(items("leaf", DIRECT, 1)), both, jid -> true, java.time.Instant.EPOCH);
        assertThat(to).containsExactly(new Delivery(DIRECT), new Delivery(PARENT_SUB, List.of(), "parent"));
    }

    @Test
    void whoMayNotReadTheLeafHearsNothingThroughACollection() {
        List<Delivery> to = Recipients.ofRetract(LEAF, List.of(), tree, jid -> !jid.equals(GRAND_ALL), java.time.Instant.EPOCH);
        assertThat(to).extracting(Delivery::to).containsExactly(PARENT_SUB);
    }

    @Test
    void pendingCollectionSubscriptionsGetNothing() {
        List<Recipients.Via> pending = List.of(new Recipients.Via(new Ancestor("parent", 1),
                List.of(items("parent", PARENT_SUB, 1).withState(SubscriptionState.PENDING))));
        assertThat(Recipients.ofRetract(LEAF, List.of(), pending, jid -> true, java.time.Instant.EPOCH)).isEmpty();
    }

    @Test
    void theLeafsDeliveryOptionsDecide() {
        NodeConfig silent = LEAF.with().deliverNotifications(false).build();
        assertThat(Recipients.ofRetract(silent, List.of(items("leaf", DIRECT, 1)), tree, jid -> true, java.time.Instant.EPOCH)).isEmpty();
    }

    @Test
    void nodeNotificationsGoToNodesSubscribersOnly() {
        NodeConfig collection = LEAF.with().nodeType(org.herald.domain.NodeType.COLLECTION).build();
        List<Delivery> to = Recipients.ofNodes(collection, tree, jid -> true, java.time.Instant.EPOCH);
        assertThat(to).containsExactly(new Delivery(NODES_SUB, List.of(), "parent"));
        assertThat(Recipients.ofNodes(collection, tree, jid -> false, java.time.Instant.EPOCH)).isEmpty();
    }
}
