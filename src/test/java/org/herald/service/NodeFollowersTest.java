package org.herald.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.StoredItem;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.NodeConfigured;
import org.herald.service.event.NodeDeleted;
import org.herald.service.event.PubSubEvent;
import org.herald.service.port.EventSink;
import org.junit.jupiter.api.Test;

/**
 * Sinks that follow nodes as a whole (HTTP streams, WebSub) hear of every committed change, even one no XMPP
 * entity is told of; the streams' replay reads items by sequence number under the rules of retrieving items.
 */
class NodeFollowersTest {
    static final Jid HAMLET = Jid.parse("hamlet@denmark.lit/elsinore");
    static final Jid HORATIO = Jid.parse("horatio@denmark.lit/castle");

    final InMemoryStore store = new InMemoryStore();
    final List<PubSubEvent> followed = new ArrayList<>();
    final AtomicInteger counter = new AtomicInteger();
    final ServiceLimits limits = new ServiceLimits(1000, 65_536);

    final EventSink follower = new EventSink() {
        @Override
        public void emit(PubSubEvent event) {
            followed.add(event);
        }

        @Override
        public boolean followsNodes() {
            return true;
        }
    };

    final PubSubService service = new PubSubService(store, follower,
            new ServiceSettings(DefaultConfig.leaf(limits), limits, Set.of(), Set.of()), Clock.systemUTC(),
            () -> "id-" + counter.incrementAndGet());

    private String publish(String node, String id) {
        return service.publish(HAMLET, node, new ItemDraft(id, "<x xmlns='urn:t'/>", "urn:t"), null).await().indefinitely().itemId();
    }

    @Test
    void changesNobodyIsToldOfStillReachNodeFollowers() {
        service.create(HAMLET, "n", Map.of("pubsub#notify_config", List.of("0"), "pubsub#notify_delete", List.of("0"),
                "pubsub#notify_retract", List.of("0"))).await().indefinitely();
        publish("n", "a"); // no subscriber at all
        service.configure(HAMLET, "n", Map.of("pubsub#access_model", List.of("whitelist"))).await().indefinitely();
        service.retract(HAMLET, "n", List.of("a"), null).await().indefinitely();
        service.delete(HAMLET, "n", null).await().indefinitely();

        assertThat(followed).hasExactlyElementsOfTypes(ItemsPublished.class, NodeConfigured.class, ItemsRetracted.class,
                NodeDeleted.class);
        assertThat(followed).allSatisfy(e -> assertThat(e.recipients()).isEmpty());
    }

    @Test
    void itemsSinceReplaysBySequenceNumberUnderTheReadingRules() {
        service.create(HAMLET, "n", Map.of("pubsub#max_items", List.of("20"))).await().indefinitely();
        for (int i = 1; i <= 5; i++) publish("n", "i" + i);
        List<StoredItem> all = service.itemsSince(HORATIO, "n", 0, 100).await().indefinitely().items();
        assertThat(all).extracting(s -> s.item().id()).containsExactly("i1", "i2", "i3", "i4", "i5");
        long second = all.get(1).seq();
        assertThat(service.itemsSince(HORATIO, "n", second, 2).await().indefinitely().items())
                .extracting(s -> s.item().id()).containsExactly("i3", "i4");
        // a cursor naming no stored item is fine: it is only a position
        service.retract(HAMLET, "n", List.of("i2"), null).await().indefinitely();
        assertThat(service.itemsSince(HORATIO, "n", second, 100).await().indefinitely().items()).hasSize(3);

        service.configure(HAMLET, "n", Map.of("pubsub#access_model", List.of("whitelist"))).await().indefinitely();
        assertThatThrownBy(() -> service.itemsSince(HORATIO, "n", 0, 100).await().indefinitely().items())
                .isInstanceOf(PubSubException.class)
                .extracting(e -> ((PubSubException) e).error()).isEqualTo(PubSubError.CLOSED_NODE);
    }
}
