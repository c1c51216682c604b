package org.herald.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.geo.BoundingBox;
import org.herald.domain.geo.GeoArea;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.Position;
import org.herald.geo.GeolocXml;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.geo.GeoLimits;
import org.herald.service.geo.GeoQueries;
import org.herald.service.port.GeoIndex;
import org.junit.jupiter.api.Test;

/** The geo queries' own rules, on the in-memory store: the read check, the fallback to the store, the limits. */
class GeoQueriesTest {
    static final Jid OWNER = Jid.parse("fleet@munich.lit/gateway");
    static final Jid STRANGER = Jid.parse("curious@elsewhere.lit/x");
    static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    final InMemoryStore store = new InMemoryStore();
    final AtomicInteger counter = new AtomicInteger();
    final ServiceLimits limits = new ServiceLimits(1000, 65_536);
    final PubSubService service = new PubSubService(store, e -> { },
            new ServiceSettings(DefaultConfig.leaf(limits), limits, Set.of(), Set.of()), Clock.fixed(NOW, ZoneOffset.UTC),
            () -> "id-" + counter.incrementAndGet(), org.herald.service.port.Relations.NONE,
            org.herald.service.port.PresenceView.NONE, new GeolocXml(), GeoLimits.DEFAULT);

    /** An index that answers with what it is given, or fails, and counts its calls. */
    static final class FakeIndex implements GeoIndex {
        List<Position> answer = List.of();
        RuntimeException failure;
        final List<GeoArea> asked = new ArrayList<>();

        @Override
        public Uni<List<Position>> within(String nodeId, GeoArea area, Instant notBefore) {
            asked.add(area);
            return failure != null ? Uni.createFrom().failure(failure) : Uni.createFrom().item(answer);
        }
    }

    final FakeIndex index = new FakeIndex();
    final GeoQueries queries = new GeoQueries(service, store, index, Clock.fixed(NOW, ZoneOffset.UTC));

    static <T> T await(Uni<T> uni) {
        return uni.await().indefinitely();
    }

    static Position fix(String key, double lat, double lon, Instant at) {
        return new Position(key, Geoloc.at(lat, lon, at), at, at, "i-" + key, 1, OWNER, false);
    }

    void node(String id, String... config) {
        Map<String, List<String>> form = new java.util.LinkedHashMap<>();
        for (int i = 0; i < config.length; i += 2) form.put(config[i], List.of(config[i + 1]));
        await(service.create(OWNER, id, form));
        await(store.inTransaction(tx -> tx.putLatestPosition(id, fix("b-in", 48.1, 11.5, NOW.minusSeconds(10)))
                .chain(() -> tx.putLatestPosition(id, fix("a-old", 48.1, 11.5, NOW.minusSeconds(600))))
                .chain(() -> tx.putLatestPosition(id, fix("c-out", 52.5, 13.4, NOW)))));
    }

    @Test
    void theIndexAnswersSortedByKey() {
        node("fleet");
        index.answer = List.of(fix("z", 1, 1, NOW), fix("a", 1, 1, NOW));
        assertThat(await(queries.snapshot(STRANGER, "fleet", null, null)).positions())
                .extracting(Position::key).containsExactly("a", "z");
    }

    @Test
    void whenTheIndexFailsTheStoreAnswersWithTheSameCut() {
        node("fleet");
        index.failure = new IllegalStateException("redis is down");
        GeoArea munich = new BoundingBox(11, 48, 12, 49);
        assertThat(await(queries.snapshot(STRANGER, "fleet", munich, null)).positions())
                .extracting(Position::key).containsExactly("a-old", "b-in");
        assertThat(await(queries.snapshot(STRANGER, "fleet", munich, Duration.ofMinutes(1))).positions())
                .extracting(Position::key).containsExactly("b-in");
        assertThat(await(queries.snapshot(STRANGER, "fleet", null, null)).positions()).hasSize(3);
    }

    @Test
    void whoMayNotRetrieveItemsMayNotSeePositionsAndTheIndexIsNotAsked() {
        node("closed", "pubsub#access_model", "whitelist");
        assertThatThrownBy(() -> await(queries.snapshot(STRANGER, "closed", null, null)))
                .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.error()).isEqualTo(PubSubError.CLOSED_NODE));
        assertThatThrownBy(() -> await(queries.track(STRANGER, "closed", "b-in", null, null, null)))
                .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.error()).isEqualTo(PubSubError.CLOSED_NODE));
        assertThat(index.asked).isEmpty();
        assertThatThrownBy(() -> await(queries.snapshot(STRANGER, "missing", null, null)))
                .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.error()).isEqualTo(PubSubError.ITEM_NOT_FOUND));
    }

    @Test
    void trackArgumentsAreChecked() {
        node("fleet");
        assertThatThrownBy(() -> await(queries.track(OWNER, "fleet", "b-in", NOW, NOW.minusSeconds(1), null)))
                .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.field()).isEqualTo("end"));
        assertThatThrownBy(() -> await(queries.track(OWNER, "fleet", "b-in", null, null, 1)))
                .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.field()).isEqualTo("points"));
        assertThatThrownBy(() -> await(queries.track(OWNER, "fleet", "", null, null, null)))
                .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.field()).isEqualTo("key"));
        assertThat(await(queries.track(OWNER, "fleet", "nobody", null, null, null)).total()).isZero();
    }
}
