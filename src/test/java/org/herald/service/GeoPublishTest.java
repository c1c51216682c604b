package org.herald.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.Subscription;
import org.herald.domain.geo.BoundingBox;
import org.herald.domain.geo.Crossing;
import org.herald.domain.geo.GeoChange;
import org.herald.domain.geo.GeoNames;
import org.herald.domain.geo.Position;
import org.herald.geo.GeolocXml;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.event.AreaMark;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.PositionsStale;
import org.herald.service.event.PubSubEvent;
import org.herald.service.geo.GeoLimits;
import org.herald.testsupport.MunichTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Geolocation through PubSubService (issue #7) with the store in memory and the real XML adapter: the real Munich
 * car trace, area subscriptions, invalid payloads, staleness, retraction and area changes.
 */
class GeoPublishTest {

    static final Jid OWNER = Jid.parse("fleet@munich.lit/gateway");
    static final Jid MAP = Jid.parse("map@munich.lit/tab");
    static final Jid LOG = Jid.parse("log@munich.lit/archive");
    /** A box the car enters through its east edge (lon 11.52) and leaves through its west edge (lon 11.50). */
    static final String EDGE_BOX = "bbox=11.50,48.11,11.52,48.14";

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final InMemoryStore store = new InMemoryStore();
    final List<PubSubEvent> events = new ArrayList<>();
    final AtomicInteger counter = new AtomicInteger();
    final ServiceLimits limits = new ServiceLimits(1000, 65_536);
    final TestClock clock = new TestClock();
    final PubSubService service = new PubSubService(store, events::add,
            new ServiceSettings(DefaultConfig.leaf(limits), limits, Set.of(), Set.of()), clock,
            () -> "id-" + counter.incrementAndGet(), org.herald.service.port.Relations.NONE,
            org.herald.service.port.PresenceView.NONE, new GeolocXml(), GeoLimits.DEFAULT);

    static <T> T await(Uni<T> uni) {
        return uni.await().indefinitely();
    }

    void createNode(String id, String... config) {
        Map<String, List<String>> form = new java.util.LinkedHashMap<>();
        for (int i = 0; i < config.length; i += 2) form.put(config[i], List.of(config[i + 1]));
        await(service.create(OWNER, id, form));
    }

    Subscription subscribe(String node, Jid who, String area) {
        return await(service.subscribe(who, node, who, area == null ? null : Map.of("herald#geo_area", List.of(area))));
    }

    void publish(String node, String itemId, String geoloc) {
        await(service.publish(OWNER, node, new ItemDraft(itemId, geoloc, GeoNames.GEOLOC_NS), null));
    }

    static String geoloc(double lat, double lon, String timestamp) {
        return "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>" + lat + "</lat><lon>" + lon + "</lon>"
                + (timestamp == null ? "" : "<timestamp>" + timestamp + "</timestamp>") + "</geoloc>";
    }

    Optional<Position> latest(String node, String key) {
        return await(store.inTransaction(tx -> tx.latestPosition(node, key)));
    }

    List<Position> track(String node, String key) {
        return await(store.inTransaction(tx -> tx.track(node, key, null, null, 10_000)));
    }

    List<ItemsPublished> published() {
        return events.stream().filter(e -> e instanceof ItemsPublished p && !p.digest()).map(e -> (ItemsPublished) e).toList();
    }

    static Optional<Delivery> deliveryTo(PubSubEvent e, Jid who) {
        return e.recipients().stream().filter(d -> d.to().equals(who)).findFirst();
    }

    /** The trace, shuffled within consecutive 5 s windows (5 fixes at 1 Hz): late, out-of-order fixes. */
    static List<Position> shuffledTrace(long seed) {
        List<Position> trace = MunichTrace.positions("car1");
        Random random = new Random(seed);
        List<Position> out = new ArrayList<>();
        for (int i = 0; i < trace.size(); i += 5) {
            List<Position> window = new ArrayList<>(trace.subList(i, Math.min(trace.size(), i + 5)));
            Collections.shuffle(window, random);
            out.addAll(window);
        }
        return out;
    }

    @Test
    void theShuffledMunichTraceNeverMovesTheCarBackwardsAndItsAreaSubscriberSeesOneEnterAndOneLeave() {
        createNode("fleet");
        Subscription map = subscribe("fleet", MAP, EDGE_BOX);
        subscribe("fleet", LOG, null);
        BoundingBox box = (BoundingBox) map.options().area();
        List<Position> shuffled = shuffledTrace(7);
        assertThat(shuffled).isNotEqualTo(MunichTrace.positions("car1"));

        Instant newest = Instant.MIN;
        int late = 0;
        for (Position fix : shuffled) {
            publish("fleet", "car1", MunichTrace.geolocXml(fix));
            if (fix.fixTime().isAfter(newest)) newest = fix.fixTime();
            else late++;
            // the index holds the newest fix taken so far, whatever order they came in
            assertThat(latest("fleet", "car1")).get().extracting(Position::fixTime).isEqualTo(newest);
        }
        assertThat(late).as("fixes that arrived after a newer one").isGreaterThan(100);
        assertThat(latest("fleet", "car1").orElseThrow().lat()).isEqualTo(MunichTrace.positions("car1").get(1193).lat());
        // every valid fix is in the track, late ones included, in fix-time order
        assertThat(track("fleet", "car1")).hasSize(1194).extracting(Position::fixTime).isSorted();

        List<ItemsPublished> published = published();
        assertThat(published).hasSize(1194);
        // the subscriber without an area hears of every item, unmarked
        assertThat(published).allSatisfy(p -> assertThat(deliveryTo(p, LOG)).get()
                .satisfies(d -> assertThat(d.areas()).isEmpty()));
        // the area subscriber: exactly one enter and one leave, and in between only fixes inside the box
        List<Crossing> told = new ArrayList<>();
        for (ItemsPublished p : published) {
            Optional<Delivery> d = deliveryTo(p, MAP);
            GeoChange change = p.geo().get(0);
            assertThat(Crossing.of(box, change).told()).isEqualTo(d.isPresent());
            if (d.isEmpty()) continue;
            assertThat(d.get().areas()).hasSize(1);
            AreaMark mark = d.get().areas().get(0);
            assertThat(mark.subId()).isEqualTo(map.subId());
            told.add(mark.crossing());
            if (mark.crossing() != Crossing.LEAVE) assertThat(box.contains(change.current())).isTrue();
        }
        assertThat(told).filteredOn(c -> c == Crossing.ENTER).hasSize(1);
        assertThat(told).filteredOn(c -> c == Crossing.LEAVE).hasSize(1);
        assertThat(told.get(0)).isEqualTo(Crossing.ENTER);
        assertThat(told.get(told.size() - 1)).isEqualTo(Crossing.LEAVE);
        assertThat(told).doesNotContain(Crossing.OUTSIDE);
    }

    @Test
    void theInOrderTraceFlagsTheGpsJumpAndOnlyNearIt() {
        createNode("fleet");
        subscribe("fleet", LOG, null);
        List<Position> trace = MunichTrace.positions("car1");
        for (Position fix : trace) publish("fleet", "car1", MunichTrace.geolocXml(fix));
        List<ItemsPublished> published = published();
        List<Integer> jumps = new ArrayList<>();
        for (int i = 0; i < published.size(); i++) if (published.get(i).geo().get(0).jump()) jumps.add(i);
        // the 470 m step lands on fix JUMP_INDEX + 1
        assertThat(jumps).contains(MunichTrace.JUMP_INDEX + 1);
        assertThat(jumps).allMatch(i -> Math.abs(i - (MunichTrace.JUMP_INDEX + 1)) <= 1);
        assertThat(published).allSatisfy(p -> assertThat(p.geo().get(0).advanced()).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "latitude out of range | <lat>91.5</lat><lon>11.5</lon> | lat",
            "longitude out of range | <lat>48.1</lat><lon>-180.5</lon> | lon",
            "lat without lon | <lat>48.1</lat> | lon",
            "not an xs:decimal | <lat>48,1</lat><lon>11.5</lon> | lat",
            "exponent | <lat>4.81e1</lat><lon>11.5</lon> | lat",
            "bearing of a full turn | <lat>48.1</lat><lon>11.5</lon><bearing>360</bearing> | bearing",
            "negative speed | <lat>48.1</lat><lon>11.5</lon><speed>-3</speed> | speed",
            "negative accuracy | <lat>48.1</lat><lon>11.5</lon><accuracy>-1</accuracy> | accuracy",
            "timestamp without zone | <lat>48.1</lat><lon>11.5</lon><timestamp>2026-11-21T10:00:00</timestamp> | timestamp",
            "repeated element | <lat>48.1</lat><lat>48.2</lat><lon>11.5</lon> | lat",
            "nested element | <lat><deg>48</deg></lat><lon>11.5</lon> | lat",
    })
    void eachKindOfInvalidGeolocIsRefusedNamingItsElementAndNothingIsStored(String kind, String children, String element) {
        createNode("fleet");
        subscribe("fleet", LOG, null);
        String payload = "<geoloc xmlns='http://jabber.org/protocol/geoloc'>" + children + "</geoloc>";
        assertThatThrownBy(() -> publish("fleet", "car1", payload)).isInstanceOfSatisfying(PubSubException.class, e -> {
            assertThat(e.error()).isEqualTo(PubSubError.INVALID_PAYLOAD);
            assertThat(e.field()).isEqualTo(element);
            assertThat(e.text()).startsWith(element + ": ");
        });
        assertThat(store.itemCount("fleet")).isZero();
        assertThat(latest("fleet", "car1")).isEmpty();
        assertThat(published()).isEmpty();
    }

    @Test
    void aGeolocInsideAnAtomEntryIsJudgedToo() {
        createNode("fleet");
        String entry = "<entry xmlns='http://www.w3.org/2005/Atom'><title>at the fair</title>"
                + "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>48.13</lat><lon>181</lon></geoloc></entry>";
        assertThatThrownBy(() -> await(service.publish(OWNER, "fleet",
                new ItemDraft("post", entry, "http://www.w3.org/2005/Atom"), null)))
                .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.field()).isEqualTo("lon"));
        await(service.publish(OWNER, "fleet", new ItemDraft("post", entry.replace("181", "11.55"),
                "http://www.w3.org/2005/Atom"), null));
        assertThat(latest("fleet", "post")).get().extracting(Position::lon).isEqualTo(11.55);
    }

    @Test
    void aFlaggingNodeStoresAnInvalidGeolocUnindexedAndKeepsItFromAreaSubscribers() {
        createNode("archive", "herald#geo_invalid", "flag");
        subscribe("archive", MAP, "bbox=-180,-90,180,90");
        subscribe("archive", LOG, null);
        publish("archive", "car1", geoloc(95, 11.5, null));

        assertThat(store.itemCount("archive")).isEqualTo(1);
        assertThat(latest("archive", "car1")).isEmpty();
        assertThat(track("archive", "car1")).isEmpty();
        ItemsPublished p = published().get(0);
        assertThat(p.flagged()).containsExactly("car1");
        assertThat(p.geo()).isEmpty();
        assertThat(deliveryTo(p, LOG)).isPresent();
        assertThat(deliveryTo(p, MAP)).isEmpty();
    }

    @Test
    void itemsWithoutAGeolocReachAreaSubscribersUnmarked() {
        createNode("fleet");
        subscribe("fleet", MAP, EDGE_BOX);
        await(service.publish(OWNER, "fleet", new ItemDraft("note", "<note xmlns='urn:test'>refuel</note>", "urn:test"), null));
        ItemsPublished p = published().get(0);
        assertThat(p.geo()).isEmpty();
        assertThat(deliveryTo(p, MAP)).get().satisfies(d -> assertThat(d.areas()).isEmpty());
    }

    @Test
    void aLateFixGoesIntoTheTrackButNotTheIndexNorToAreaSubscribers() {
        createNode("fleet");
        subscribe("fleet", LOG, null);
        subscribe("fleet", MAP, "bbox=11,48,12,49");
        publish("fleet", "car1", geoloc(48.5, 11.5, "2026-11-21T09:59:50Z"));
        publish("fleet", "car1", geoloc(48.6, 11.6, "2026-11-21T09:59:40Z"));

        assertThat(latest("fleet", "car1")).get().extracting(Position::lat).isEqualTo(48.5);
        assertThat(track("fleet", "car1")).extracting(Position::lat).containsExactly(48.6, 48.5);
        ItemsPublished late = published().get(1);
        assertThat(late.geo().get(0).advanced()).isFalse();
        assertThat(deliveryTo(late, MAP)).isEmpty();
        assertThat(deliveryTo(published().get(0), MAP)).get()
                .satisfies(d -> assertThat(d.areas()).extracting(AreaMark::crossing).containsExactly(Crossing.ENTER));
    }

    @Test
    void aFixWithoutTimestampIsOrderedByReceiveTimeAndAFutureOneIsFlagged() {
        createNode("fleet");
        subscribe("fleet", LOG, null);
        publish("fleet", "car1", geoloc(48.5, 11.5, null));
        assertThat(latest("fleet", "car1")).get().extracting(Position::fixTime).isEqualTo(clock.now);
        clock.now = clock.now.plusSeconds(1);
        publish("fleet", "car1", geoloc(48.6, 11.6, "2027-01-01T00:00:00Z"));
        GeoChange future = published().get(1).geo().get(0);
        assertThat(future.futureSkew()).isTrue();
        // a clock far ahead does not freeze the car: its receive time orders it
        assertThat(future.current().fixTime()).isEqualTo(clock.now);
        clock.now = clock.now.plusSeconds(1);
        publish("fleet", "car1", geoloc(48.7, 11.7, null));
        assertThat(latest("fleet", "car1")).get().extracting(Position::lat).isEqualTo(48.7);
    }

    @Test
    void theStopCommandTakesTheCarOutAndTellsAreaSubscribersItLeft() {
        createNode("fleet");
        subscribe("fleet", MAP, "bbox=11,48,12,49");
        publish("fleet", "car1", geoloc(48.5, 11.5, null));
        publish("fleet", "car1", "<geoloc xmlns='http://jabber.org/protocol/geoloc'/>");

        assertThat(latest("fleet", "car1")).isEmpty();
        ItemsPublished stop = published().get(1);
        assertThat(stop.geo().get(0).stopped()).isTrue();
        assertThat(deliveryTo(stop, MAP)).get()
                .satisfies(d -> assertThat(d.areas()).extracting(AreaMark::crossing).containsExactly(Crossing.LEAVE));
    }

    @Test
    void publisherKeyingIndexesEachPublisherWhateverTheItemIds() {
        createNode("people", "herald#geo_key", "publisher");
        publish("people", "a", geoloc(48.5, 11.5, null));
        clock.now = clock.now.plusSeconds(1);
        publish("people", "b", geoloc(48.6, 11.6, null));
        List<Position> all = await(store.inTransaction(tx -> tx.latestPositions("people")));
        assertThat(all).singleElement().satisfies(p -> {
                    assertThat(p.key()).isEqualTo("fleet@munich.lit");
                    assertThat(p.itemId()).isEqualTo("b");
                });
    }

    @Test
    void retractingACarsLatestItemTakesItOutOfTheIndex() {
        createNode("fleet");
        publish("fleet", "car1", geoloc(48.5, 11.5, null));
        publish("fleet", "car2", geoloc(48.6, 11.6, null));
        await(service.retract(OWNER, "fleet", List.of("car1"), null));
        assertThat(latest("fleet", "car1")).isEmpty();
        assertThat(latest("fleet", "car2")).isPresent();
    }

    @Test
    void anExpiredItemTakesItsCarOutOfTheIndexAndItsTrackPointsGoWithTheNodesItemExpire() {
        createNode("fleet", "pubsub#item_expire", "60");
        publish("fleet", "car1", geoloc(48.5, 11.5, null));
        clock.now = clock.now.plusSeconds(30);
        publish("fleet", "car2", geoloc(48.6, 11.6, null));
        clock.now = clock.now.plusSeconds(31);

        // car1's item (61 s old) expires: a position must not outlive the item that carried it
        assertThat(await(service.expireItems(100))).isEqualTo(1);
        assertThat(latest("fleet", "car1")).isEmpty();
        assertThat(latest("fleet", "car2")).isPresent();

        assertThat(await(service.pruneTracks(100))).isEqualTo(1);
        assertThat(track("fleet", "car1")).isEmpty();
        assertThat(track("fleet", "car2")).hasSize(1);
    }

    @Test
    void trackPointsOlderThanTheServiceRetentionArePrunedInBatches() {
        createNode("fleet");
        for (int i = 0; i < 5; i++) {
            publish("fleet", "car1", geoloc(48.5 + i / 1000.0, 11.5, null));
            clock.now = clock.now.plusSeconds(1);
        }
        clock.now = clock.now.plus(GeoLimits.DEFAULT.trackRetention()).minusSeconds(2);
        // three of the five points are past the seven days; a batch of two leaves one for the next
        assertThat(await(service.pruneTracks(2))).isEqualTo(2);
        assertThat(await(service.pruneTracks(2))).isEqualTo(1);
        assertThat(await(service.pruneTracks(2))).isZero();
        assertThat(track("fleet", "car1")).hasSize(2);
        assertThat(latest("fleet", "car1")).isPresent();
    }

    @Test
    void aSilentCarGoesStaleOnceForEveryoneButAreaSubscribersElsewhereAndItsNextFixMakesItActive() {
        createNode("fleet", "herald#stale_after", "60");
        Subscription here = subscribe("fleet", MAP, "bbox=11,48,12,49");
        subscribe("fleet", LOG, null);
        Jid far = Jid.parse("far@munich.lit/tab");
        subscribe("fleet", far, "bbox=0,0,1,1");
        publish("fleet", "car1", geoloc(48.5, 11.5, null));

        clock.now = clock.now.plusSeconds(59);
        assertThat(await(service.sweepStale(100))).isZero();
        clock.now = clock.now.plusSeconds(1);
        assertThat(await(service.sweepStale(100))).isEqualTo(1);
        assertThat(await(service.sweepStale(100))).isZero();

        List<PositionsStale> stale = events.stream().filter(e -> e instanceof PositionsStale).map(e -> (PositionsStale) e).toList();
        assertThat(stale).singleElement().satisfies(s -> {
            assertThat(s.positions()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("car1");
                assertThat(p.stale()).isTrue();
            });
            assertThat(s.recipients()).extracting(Delivery::to).containsExactlyInAnyOrder(MAP, LOG);
            assertThat(deliveryTo(s, MAP).orElseThrow().areas()).containsExactly(new AreaMark(here.subId(), Crossing.INSIDE));
        });
        assertThat(latest("fleet", "car1")).get().extracting(Position::stale).isEqualTo(true);

        clock.now = clock.now.plusSeconds(5);
        publish("fleet", "car1", geoloc(48.51, 11.51, null));
        GeoChange back = published().get(1).geo().get(0);
        assertThat(back.wasStale()).isTrue();
        assertThat(latest("fleet", "car1")).get().extracting(Position::stale).isEqualTo(false);
    }

    @Test
    void changingTheAreaSendsTheCarsNowInsideAsADigestWithoutResubscribing() {
        createNode("fleet");
        Subscription sub = subscribe("fleet", MAP, "bbox=0,0,1,1");
        publish("fleet", "car1", geoloc(48.5, 11.5, null));
        publish("fleet", "car2", geoloc(52.5, 13.4, null));
        publish("fleet", "car3", geoloc(48.1, 11.6, null));
        events.clear();

        Subscription moved = await(service.configureSubscription(MAP, "fleet", MAP, sub.subId(),
                Map.of("herald#geo_area", List.of("bbox=11,48,12,49"))));
        assertThat(moved.subId()).isEqualTo(sub.subId());
        assertThat(events).singleElement().isInstanceOfSatisfying(ItemsPublished.class, p -> {
            assertThat(p.digest()).isTrue();
            assertThat(p.items()).extracting(i -> i.id()).containsExactly("car1", "car3");
            assertThat(p.recipients()).singleElement().satisfies(d -> {
                assertThat(d.to()).isEqualTo(MAP);
                assertThat(d.areas()).containsExactly(new AreaMark(sub.subId(), Crossing.INSIDE));
            });
            assertThat(p.geo()).extracting(GeoChange::key).containsExactly("car1", "car3");
        });

        // the same area again changes nothing and sends nothing
        events.clear();
        await(service.configureSubscription(MAP, "fleet", MAP, sub.subId(), Map.of("herald#geo_area", List.of("bbox=11,48,12,49"))));
        assertThat(events).isEmpty();
    }

    @Test
    void subscribingWithAnAreaSendsTheCarsInsideIt() {
        createNode("fleet");
        publish("fleet", "car1", geoloc(48.5, 11.5, null));
        publish("fleet", "car2", geoloc(52.5, 13.4, null));
        events.clear();
        Subscription s = subscribe("fleet", MAP, "circle=48.5,11.5,1000");
        assertThat(events).filteredOn(e -> e instanceof ItemsPublished).singleElement()
                .isInstanceOfSatisfying(ItemsPublished.class, p -> {
                    assertThat(p.digest()).isTrue();
                    assertThat(p.items()).extracting(i -> i.id()).containsExactly("car1");
                    assertThat(p.recipients().get(0).areas()).containsExactly(new AreaMark(s.subId(), Crossing.INSIDE));
                });
    }

    @Test
    void subscribingAgainWithTheSameAreaReturnsTheSameSubscriptionAndAnotherAreaMakesASecond() {
        createNode("fleet");
        Subscription first = subscribe("fleet", MAP, EDGE_BOX);
        assertThat(subscribe("fleet", MAP, EDGE_BOX).subId()).isEqualTo(first.subId());
        Subscription second = subscribe("fleet", MAP, "bbox=0,0,1,1");
        assertThat(second.subId()).isNotEqualTo(first.subId());
        assertThat(await(service.subscriptionsOf(MAP, "fleet"))).hasSize(2);
    }
}
