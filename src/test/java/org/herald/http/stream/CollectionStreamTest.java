package org.herald.http.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** XEP-0248: a collection's stream carries the items of its leaf descendants that the reader may read. */
@QuarkusTest
class CollectionStreamTest extends StreamTestBase {
    @Test
    void aCollectionStreamsTheReadableItemsOfItsLeavesAtEveryDepth() {
        String top = fx.node("coll", "node_type", "collection");
        String open = fx.node("leaf-open", "collection", top);
        String closed = fx.node("leaf-closed", "collection", top, "access_model", "whitelist");
        String inner = fx.node("coll-inner", "node_type", "collection", "collection", top);
        String deep = fx.node("leaf-deep", "collection", inner);

        try (SseClient sse = SseClient.open(fx.events(top, null), Map.of())) {
            assertThat(sse.status).isEqualTo(200);
            fx.publish(closed, "secret");
            fx.publish(open, "o1");
            fx.publish(deep, "d1");
            await().atMost(WAIT).untilAsserted(() -> assertThat(sse.itemIds()).containsExactly("o1", "d1"));
            assertThat(sse.items().get(1).json().get("node").asText()).isEqualTo(deep);

            // a leaf that joins the collection afterwards is followed too
            String late = fx.node("leaf-late", "collection", top);
            fx.publish(late, "l1");
            await().atMost(WAIT).until(() -> sse.itemIds().contains("l1"));

            // a leaf that closes to strangers leaves the stream, the stream itself goes on
            fx.configure(open, "access_model", "whitelist");
            fx.publish(open, "o2-hidden");
            fx.publish(deep, "d2");
            await().atMost(WAIT).until(() -> sse.itemIds().contains("d2"));
            assertThat(sse.itemIds()).doesNotContain("secret", "o2-hidden");
            assertThat(sse.ended.get()).isFalse();
        }
    }

    @Test
    void aCollectionStreamResumesAcrossItsLeavesInSequenceOrder() {
        String top = fx.node("coll-resume", "node_type", "collection");
        String a = fx.node("leaf-a", "collection", top);
        String b = fx.node("leaf-b", "collection", top);
        String last;
        try (SseClient sse = SseClient.open(fx.events(top, null), Map.of())) {
            fx.publish(a, "a1");
            await().atMost(WAIT).until(() -> sse.items().size() == 1);
            last = sse.items().get(0).id();
        }
        fx.publish(b, "b1");
        fx.publish(a, "a2");
        fx.publish(b, "b2");
        try (SseClient again = SseClient.open(fx.events(top, null), Map.of("Last-Event-ID", last))) {
            await().atMost(WAIT).until(() -> again.items().size() == 3);
            assertThat(again.itemIds()).containsExactly("b1", "a2", "b2");
            fx.publish(a, "a3");
            await().atMost(WAIT).until(() -> again.items().size() == 4);
            assertThat(again.itemIds()).containsExactly("b1", "a2", "b2", "a3");
        }
    }
}
