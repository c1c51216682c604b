package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.testsupport.PubSubClient.assertError;
import static org.herald.xmpp.pubsub.PubSubFixture.configForm;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;
import static org.herald.xmpp.pubsub.PubSubFixture.publish;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.Test;

/**
 * Geolocation over XMPP (issue #7, docs/geo-publish.md) through a real Prosody, from Smack clients: area-filtered
 * subscriptions (herald#geo_area) with enter/inside/leave marks, plain subscribers hearing everything, an invalid
 * geoloc refused naming its element, the stale message, and an area change re-snapshotting.
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class GeoEndToEndTest extends EndToEnd {
    static final String PUBSUB = PubSubClient.PUBSUB;
    static final String EVENT = PubSubClient.EVENT;
    static final String GEO = "urn:herald:geo:0";
    static final String OPTIONS_FORM_TYPE = "http://jabber.org/protocol/pubsub#subscribe_options";
    static final String MUNICH = "bbox=11,48,12,49";

    static {
        // Smack's generic extension parser asserts (tests run with -ea) on elements declaring their own default
        // namespace: keep Herald's geo elements as received
        for (String element : List.of("fix", "area", "stale")) PubSubClient.keepPayloadsAsReceived(element, GEO);
    }

    static String geoloc(double lat, double lon) {
        return "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>" + lat + "</lat><lon>" + lon + "</lon></geoloc>";
    }

    static String areaForm(String area) {
        return "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>" + OPTIONS_FORM_TYPE
                + "</value></field><field var='herald#geo_area'><value>" + area + "</value></field></x>";
    }

    String newNode(String... config) {
        String node = nodeName("geo");
        hamlet.set("<create node='" + node + "'/>" + (config.length == 0 ? "" : "<configure>" + configForm(config) + "</configure>"));
        return node;
    }

    static XmlElement subscribe(PubSubClient who, String node, String area) {
        String options = area == null ? "" : "<options>" + areaForm(area) + "</options>";
        return who.set("<subscribe node='" + node + "' jid='" + who.jid() + "'/>" + options).child("subscription", PUBSUB);
    }

    static String itemId(XmlElement message) {
        return message.child("event", EVENT).child("items", EVENT).child("item", EVENT).attr("id");
    }

    static List<String> crossings(XmlElement message) {
        return message.children("area", GEO).stream().map(a -> a.attr("crossing")).toList();
    }

    @Test
    void anAreaSubscriberHearsOnlyOfFixesInItsAreaWithEnterAndLeaveWhileAPlainOneHearsAll() {
        String node = newNode();
        String subId = subscribe(horatio, node, MUNICH).attr("subid");
        PubSubClient log = fx.user();
        subscribe(log, node, null);

        hamlet.set(publish(node, "berlin-1", geoloc(52.5, 13.4)));  // outside: not told
        hamlet.set(publish(node, "car1", geoloc(48.5, 11.5)));     // enters
        hamlet.set(publish(node, "car1", geoloc(48.6, 11.6)));     // inside
        hamlet.set(publish(node, "car1", geoloc(50.1, 8.7)));      // leaves (Frankfurt)
        hamlet.set(publish(node, "car1", geoloc(50.2, 8.8)));      // outside: not told

        // the plain subscriber hears of every item, without area marks
        for (String id : List.of("berlin-1", "car1", "car1", "car1", "car1")) {
            XmlElement m = log.nextEvent();
            assertThat(itemId(m)).isEqualTo(id);
            assertThat(m.children("area", GEO)).isEmpty();
            assertThat(m.child("fix", GEO).attr("key")).isEqualTo(id);
        }

        XmlElement enter = horatio.nextEvent();
        assertThat(itemId(enter)).isEqualTo("car1");
        assertThat(enter.child("area", GEO).attr("subid")).isEqualTo(subId);
        assertThat(crossings(enter)).containsExactly("enter");
        assertThat(enter.child("event", EVENT).toXml()).contains("<lat>48.5</lat>");
        assertThat(crossings(horatio.nextEvent())).containsExactly("inside");
        XmlElement leave = horatio.nextEvent();
        assertThat(crossings(leave)).containsExactly("leave");
        assertThat(leave.child("event", EVENT).toXml()).contains("<lat>50.1</lat>");

        // coming back: the next message Horatio gets is this enter, so the fix outside before it was never sent
        hamlet.set(publish(node, "car1", geoloc(48.7, 11.7)));
        XmlElement back = horatio.nextEvent();
        assertThat(crossings(back)).containsExactly("enter");
        assertThat(back.child("event", EVENT).toXml()).contains("<lat>48.7</lat>");
    }

    @Test
    void anInvalidGeolocIsRefusedWithBadRequestNamingTheElement() {
        String node = newNode();
        StanzaError e = hamlet.error(IQ.Type.set, PUBSUB, publish(node, "car1",
                "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>91.5</lat><lon>11.5</lon></geoloc>"));
        assertError(e, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "invalid-payload");
        assertThat(e.getDescriptiveText()).startsWith("lat: ").contains("91.5");

        StanzaError bearing = hamlet.error(IQ.Type.set, PUBSUB, publish(node, "car1",
                "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>48</lat><lon>11</lon><bearing>400</bearing></geoloc>"));
        assertError(bearing, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "invalid-payload");
        assertThat(bearing.getDescriptiveText()).startsWith("bearing: ");
        // nothing was stored
        assertThat(hamlet.get("<items node='" + node + "'/>").child("items", PUBSUB).children("item", PUBSUB)).isEmpty();
    }

    @Test
    void aSilentVehicleIsToldStaleAfterTheNodesStaleAfter() {
        String node = newNode("herald#stale_after", "1");
        subscribe(horatio, node, null);
        Instant before = Instant.now();
        hamlet.set(publish(node, "car1", geoloc(48.5, 11.5)));
        assertThat(itemId(horatio.nextEvent())).isEqualTo("car1");

        // the sweep runs every 300 ms in tests; nextEvent waits for the message
        XmlElement stale = horatio.nextEvent().child("stale", GEO);
        assertThat(stale).isNotNull();
        assertThat(stale.attr("node")).isEqualTo(node);
        assertThat(stale.attr("key")).isEqualTo("car1");
        assertThat(Instant.parse(stale.attr("since"))).isAfterOrEqualTo(before.minusSeconds(5));

        // the next fix is told active again
        hamlet.set(publish(node, "car1", geoloc(48.6, 11.6)));
        assertThat(horatio.nextEvent().child("fix", GEO).attr("active")).isEqualTo("true");
    }

    @Test
    void changingTheAreaSendsTheVehiclesNowInside() {
        String node = newNode();
        String subId = subscribe(horatio, node, "bbox=0,0,1,1").attr("subid");
        hamlet.set(publish(node, "car1", geoloc(48.5, 11.5)));
        hamlet.set(publish(node, "car2", geoloc(52.5, 13.4)));

        assertThat(horatio.set("<options node='" + node + "' jid='" + horatio.jid() + "'>" + areaForm(MUNICH) + "</options>"))
                .isNull();
        XmlElement snapshot = horatio.nextEvent();
        assertThat(snapshot.child("event", EVENT).child("items", EVENT).children("item", EVENT))
                .extracting(i -> i.attr("id")).containsExactly("car1");
        assertThat(snapshot.child("area", GEO).attr("subid")).isEqualTo(subId);
        assertThat(crossings(snapshot)).containsExactly("inside");
    }
}
