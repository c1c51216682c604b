package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.StoredItem;
import org.herald.domain.geo.Crossing;
import org.herald.domain.geo.GeoChange;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.Position;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.event.AreaMark;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.PositionsStale;
import org.herald.xmpp.stanza.XmlElement;
import org.junit.jupiter.api.Test;

/** Herald's geo extension elements as literal XML (docs/geo-publish.md). */
class GeoXmlTest {
    static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
    static final Jid CAR = Jid.parse("car@munich.lit/gps");
    static final Node NODE = new Node("fleet", DefaultConfig.leaf(new ServiceLimits(1000, 65536)), CAR, T);

    static Position at(double lat, String item, long seq) {
        return new Position("car1", Geoloc.at(lat, 11.5, T), T.plusSeconds(seq), T.plusSeconds(seq), item, seq, CAR, false);
    }

    static String xml(List<XmlElement> elements) {
        StringBuilder b = new StringBuilder();
        elements.forEach(e -> b.append(e.toXml()));
        return b.toString();
    }

    static ItemsPublished published(List<GeoChange> geo, List<String> flagged, String... ids) {
        List<StoredItem> stored = java.util.Arrays.stream(ids)
                .map(id -> new StoredItem(1, new Item("fleet", id, "<geoloc xmlns='http://jabber.org/protocol/geoloc'/>", CAR, T)))
                .toList();
        return new ItemsPublished(NODE, stored, true, List.of(), List.of(), false, geo, flagged);
    }

    @Test
    void aPlainFixCarriesOnlyItsKeyAndItem() {
        GeoChange g = new GeoChange("car1", "i1", at(48.1, "i1", 2), at(48.0, "i0", 1), true, false, false, false);
        assertThat(xml(GeoXml.fixes(published(List.of(g), List.of(), "i1"))))
                .isEqualTo("<fix xmlns='urn:herald:geo:0' key='car1' item='i1'/>");
    }

    @Test
    void flagsAppearOnlyWhenTrue() {
        GeoChange lateJump = new GeoChange("car1", "i1", at(48.1, "i1", 2), at(48.0, "i0", 3), false, false, true, true);
        GeoChange back = new GeoChange("car1", "i2", at(48.1, "i2", 4), at(48.0, "i0", 3).asStale(true), true, true, false, false);
        assertThat(xml(GeoXml.fixes(published(List.of(lateJump, back), List.of(), "i1", "i2"))))
                .isEqualTo("<fix xmlns='urn:herald:geo:0' key='car1' item='i1' jump='true' future-skew='true' late='true'/>"
                        + "<fix xmlns='urn:herald:geo:0' key='car1' item='i2' active='true'/>");
    }

    @Test
    void aStopCommandIsNotLateAndAFlaggedItemSaysSo() {
        GeoChange stop = new GeoChange("car1", "i1", null, at(48.0, "i0", 1), true, false, false, false);
        assertThat(xml(GeoXml.fixes(published(List.of(stop), List.of("bad"), "i1", "bad"))))
                .isEqualTo("<fix xmlns='urn:herald:geo:0' key='car1' item='i1'/>"
                        + "<fix xmlns='urn:herald:geo:0' key='bad' item='bad' flagged='true'/>");
        assertThat(GeoXml.fixes(published(List.of(), List.of(), "plain"))).isEmpty();
    }

    @Test
    void oneAreaElementPerMark() {
        Delivery d = new Delivery(Jid.parse("map@munich.lit/tab"), List.of("s1", "s2"), null, false,
                List.of(new AreaMark("s1", Crossing.ENTER), new AreaMark("s2", Crossing.LEAVE)));
        assertThat(xml(GeoXml.areas(d))).isEqualTo("<area xmlns='urn:herald:geo:0' subid='s1' crossing='enter'/>"
                + "<area xmlns='urn:herald:geo:0' subid='s2' crossing='leave'/>");
        assertThat(GeoXml.areas(new Delivery(Jid.parse("log@munich.lit")))).isEmpty();
    }

    @Test
    void theStaleElementNamesNodeKeyAndLastReceipt() {
        PositionsStale s = new PositionsStale(NODE, List.of(at(48.1, "i1", 5).asStale(true)), List.of());
        assertThat(xml(GeoXml.stale(s)))
                .isEqualTo("<stale xmlns='urn:herald:geo:0' node='fleet' key='car1' since='2026-11-21T10:00:05Z'/>");
    }
}
