package org.herald.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.StoredItem;
import org.herald.domain.geo.GeoChange;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.Position;
import org.herald.http.stream.NodeEvent;
import org.herald.http.stream.NodeEvent.Kind;
import org.junit.jupiter.api.Test;

/** The bus message format: every kind of event and every field survive the trip through JSON text. */
class BusCodecTest {
    static final Instant T = Instant.parse("2026-11-21T07:00:00.123456Z");
    static final Jid ALICE = Jid.parse("alice@example.org/phone");

    static Position position(String key, long seq, boolean full) {
        Geoloc fix = full ? new Geoloc(48.137154, 11.576124, 519.5, 4.2, 271.0, 13.9, T.minusSeconds(1), "Marienplatz \"centre\" <&>")
                : Geoloc.at(-33.8688, 151.2093, null);
        return new Position(key, fix, T.minusSeconds(1), T, "item-" + seq, seq, ALICE, !full);
    }

    static List<NodeEvent> everyKind() {
        String xml = "<entry xmlns='urn:test'><title>Ünïcødé &amp; \"quotes\" \u2028 line</title>\n<n>1</n></entry>";
        StoredItem withPayload = new StoredItem(41, new Item("cars", "a", xml, ALICE, T));
        StoredItem noPayload = new StoredItem(0, new Item("cars", "b", null, Jid.parse("bob@example.org"), T.plusMillis(5)));
        GeoChange moved = new GeoChange("alice@example.org", "a", position("alice@example.org", 41, true),
                position("alice@example.org", 40, false), true, true, false, true);
        GeoChange stopped = new GeoChange("car-7", "b", null, null, false, false, true, false);
        return List.of(
                new NodeEvent(Kind.ITEMS, "cars", List.of(withPayload, noPayload), List.of(), null, null, null, true,
                        List.of(moved, stopped), List.of()),
                new NodeEvent(Kind.RETRACT, "cars", List.of(), List.of("a", "b c", "ü"), null, null, null, false, List.of(), List.of()),
                new NodeEvent(Kind.PURGE, "cars", List.of(), List.of(), null, null, null, false, List.of(), List.of()),
                new NodeEvent(Kind.DELETE, "cars", List.of(), List.of(), null, "xmpp:pubsub.example.org?;node=trucks", null, false, List.of(), List.of()),
                new NodeEvent(Kind.ACCESS, "cars", List.of(), List.of(), Jid.parse("carol@example.org"), null, null, false, List.of(), List.of()),
                new NodeEvent(Kind.ACCESS, "cars", List.of(), List.of(), null, null, null, false, List.of(), List.of()),
                new NodeEvent(Kind.GRAPH, "fleet", List.of(), List.of(), null, null, "cars", false, List.of(), List.of()),
                new NodeEvent(Kind.GRAPH, "fleet", List.of(), List.of(), null, null, null, false, List.of(), List.of()),
                new NodeEvent(Kind.STALE, "cars", List.of(), List.of(), null, null, null, false, List.of(),
                        List.of(position("car-1", 7, true), position("car-2", 0, false))));
    }

    @Test
    void everyKindOfEventSurvivesTheRoundTrip() {
        List<NodeEvent> events = everyKind();
        Set<Kind> covered = events.stream().map(NodeEvent::kind).collect(Collectors.toSet());
        assertThat(covered).isEqualTo(EnumSet.allOf(Kind.class));

        BusMessage sent = new BusMessage("host-1-abc", 17, false, events);
        BusMessage read = BusCodec.decode(BusCodec.encode(sent));

        assertThat(read).isEqualTo(sent);
        for (int i = 0; i < events.size(); i++) assertThat(read.events().get(i)).isEqualTo(events.get(i));
    }

    @Test
    void eachEventAloneSurvivesTheRoundTrip() {
        for (NodeEvent e : everyKind()) {
            BusMessage sent = new BusMessage("i", 1, false, List.of(e));
            assertThat(BusCodec.decode(BusCodec.encode(sent))).as(e.kind().name()).isEqualTo(sent);
        }
    }

    @Test
    void aHeartbeatCarriesTheSenderAndItsLatestNumber() {
        BusMessage hb = BusMessage.heartbeat("host-2-def", 123_456_789_012L);
        BusMessage read = BusCodec.decode(BusCodec.encode(hb));
        assertThat(read.heartbeat()).isTrue();
        assertThat(read.sender()).isEqualTo("host-2-def");
        assertThat(read.number()).isEqualTo(123_456_789_012L);
        assertThat(read.events()).isEmpty();
    }

    @Test
    void somethingElseOnTheChannelIsRefusedNotGuessedAt() {
        assertThatThrownBy(() -> BusCodec.decode("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BusCodec.decode("{\"v\":2,\"from\":\"x\",\"n\":1}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BusCodec.decode("{\"v\":1,\"n\":1}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BusCodec.decode("{\"v\":1,\"from\":\"x\",\"n\":1,\"events\":[{\"kind\":\"NOPE\",\"node\":\"n\"}]}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
