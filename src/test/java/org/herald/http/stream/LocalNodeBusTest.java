package org.herald.http.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code herald.fanout.bus=local}: one instance alone, streams on the in-process bus, no Redis pub/sub. */
@QuarkusTest
@TestProfile(LocalNodeBusTest.Local.class)
class LocalNodeBusTest extends StreamTestBase {
    public static class Local implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("herald.fanout.bus", "local");
        }
    }

    @Inject
    NodeBus bus;

    @Test
    void streamsRunOnTheInProcessBus() {
        assertThat(ClientProxy.unwrap(bus)).isInstanceOf(InProcessNodeBus.class);
        String node = fx.node("local-bus");
        try (SseClient sse = SseClient.open(fx.events(node, null), Map.of())) {
            assertThat(sse.status).isEqualTo(200);
            fx.publish(node, "a");
            await().atMost(WAIT).until(() -> sse.items().size() == 1);
            assertThat(sse.itemIds()).containsExactly("a");
        }
    }
}
