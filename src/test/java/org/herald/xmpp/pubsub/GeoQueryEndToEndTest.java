package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.xmpp.pubsub.PubSubFixture.configForm;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.herald.domain.Jid;
import org.herald.domain.geo.GeoNames;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.Position;
import org.herald.service.port.PubSubStore;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.RawIq;
import org.herald.testsupport.TestXml;
import org.herald.testsupport.XmppClients;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.IQProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.junit.jupiter.api.Test;

/**
 * Herald's geo queries over XMPP through a real Prosody with Smack clients: {@code <positions/>} and
 * {@code <track/>} (urn:herald:geo:0), the disco feature, and the refusals of item retrieval (XEP-0060 §6.5.9).
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class GeoQueryEndToEndTest extends EndToEnd {
    private static final String NS = GeoNames.HERALD_GEO_NS;

    @Inject
    PubSubStore store;

    /** An answer kept as the tree received (Smack renders IQ payloads it has no provider for loosely). */
    static final class TreeIq extends IQ {
        final XmlElement tree;

        TreeIq(XmlElement tree) {
            super(tree.name(), tree.namespace());
            this.tree = tree;
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.setEmptyElement();
            return xml;
        }
    }

    static {
        XmppClients.ensureSmackReady();
        for (String element : List.of("positions", "track")) {
            ProviderManager.addIQProvider(element, NS, new IQProvider<TreeIq>() {
                @Override
                public TreeIq parse(XmlPullParser parser, int depth, XmlEnvironment env) throws java.io.IOException, XmlPullParserException {
                    return new TreeIq(TestXml.read(parser));
                }
            });
        }
    }

    @Test
    void theServiceAdvertisesTheGeoQueries() throws Exception {
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(horatio.connection).discoverInfo(horatio.service);
        assertThat(info.getFeatures()).extracting(DiscoverInfo.Feature::getVar).contains(NS);
    }

    @Test
    void positionsInAnAreaWithTheirGeoloc() {
        String node = nodeName("fleet");
        hamlet.set("<create node='" + node + "'/>");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        put(node, fix("tram-19", 48.1374, 11.5755, now, 1));
        put(node, fix("bus-52", 48.1100, 11.5500, now.minusSeconds(3600), 2));
        put(node, fix("ferry", -17.0, -179.5, now, 3));

        XmlElement all = query(horatio, "positions", Map.of("node", node));
        assertThat(all.name()).isEqualTo("positions");
        assertThat(all.attr("node")).isEqualTo(node);
        assertThat(keys(all)).containsExactly("bus-52", "ferry", "tram-19");

        XmlElement munich = query(horatio, "positions", Map.of("node", node, "area", "bbox=11.5,48.0,11.7,48.2", "max-age", "60"));
        assertThat(keys(munich)).containsExactly("tram-19");
        XmlElement p = munich.children().get(0);
        assertThat(p.attr("item")).isEqualTo("item-1");
        assertThat(p.attr("fix-time")).isEqualTo(now.toString());
        assertThat(p.attr("stale")).isNull();
        XmlElement geoloc = p.child("geoloc", GeoNames.GEOLOC_NS);
        assertThat(geoloc.childText("lat", GeoNames.GEOLOC_NS)).isEqualTo("48.1374");
        assertThat(geoloc.childText("lon", GeoNames.GEOLOC_NS)).isEqualTo("11.5755");
        assertThat(geoloc.childText("speed", GeoNames.GEOLOC_NS)).isEqualTo("13.5");

        XmlElement pacific = query(horatio, "positions", Map.of("node", node, "area", "circle=-17,180,100000"));
        assertThat(keys(pacific)).containsExactly("ferry");
    }

    @Test
    void aTrackDownsampledToTheRequestedPoints() {
        String node = nodeName("fleet-track");
        hamlet.set("<create node='" + node + "'/>");
        Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
        for (int i = 0; i < 40; i++) {
            Position fix = fix("tram-19", 48.10 + Math.min(i, 20) * 0.0002, 11.50 + Math.max(0, i - 20) * 0.0003, t0.plusSeconds(i), i + 1);
            tx(() -> store.inTransaction(t -> t.appendTrack(node, fix, false)));
        }
        XmlElement track = query(horatio, "track", Map.of("node", node, "key", "tram-19", "points", "4"));
        assertThat(track.attr("total")).isEqualTo("40");
        assertThat(track.attr("key")).isEqualTo("tram-19");
        List<String> times = track.children().stream().map(c -> c.attr("fix-time")).toList();
        assertThat(times).hasSizeBetween(2, 4).startsWith(t0.toString()).endsWith(t0.plusSeconds(39).toString());

        XmlElement window = query(horatio, "track", Map.of("node", node, "key", "tram-19",
                "start", "2026-11-20T12:00:05+02:00", "end", "2026-11-20T10:00:09Z"));
        assertThat(window.attr("total")).isEqualTo("5");
    }

    @Test
    void refusedAsItemRetrievalIsAndBadRequestsNameTheAttribute() {
        String closed = nodeName("fleet-closed");
        hamlet.set("<create node='" + closed + "'/><configure>" + configForm("pubsub#access_model", "whitelist") + "</configure>");
        put(closed, fix("car", 48.1, 11.5, Instant.now().truncatedTo(ChronoUnit.MICROS), 1));
        // §6.5.9.8: a whitelist node refuses a stranger with not-allowed and <closed-node/>
        PubSubClient.assertError(error(horatio, "positions", Map.of("node", closed)), StanzaError.Type.CANCEL,
                StanzaError.Condition.not_allowed, "closed-node");
        PubSubClient.assertError(error(horatio, "track", Map.of("node", closed, "key", "car")), StanzaError.Type.CANCEL,
                StanzaError.Condition.not_allowed, "closed-node");
        assertThat(keys(query(hamlet, "positions", Map.of("node", closed)))).containsExactly("car");
        // §6.5.9.11: no such node
        PubSubClient.assertError(error(horatio, "positions", Map.of("node", nodeName("missing"))), StanzaError.Type.CANCEL,
                StanzaError.Condition.item_not_found, null);

        String open = nodeName("fleet-open");
        hamlet.set("<create node='" + open + "'/>");
        StanzaError badArea = error(horatio, "positions", Map.of("node", open, "area", "bbox=1,2,3"));
        PubSubClient.assertError(badArea, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
        assertThat(badArea.getDescriptiveText()).startsWith("area:");
        PubSubClient.assertError(error(horatio, "positions", Map.of()), StanzaError.Type.MODIFY,
                StanzaError.Condition.bad_request, "nodeid-required");
        StanzaError badPoints = error(horatio, "track", Map.of("node", open, "key", "k", "points", "many"));
        assertThat(badPoints.getDescriptiveText()).startsWith("points:");
    }

    // ------------------------------------------------------------------ helpers

    private static Position fix(String key, double lat, double lon, Instant at, long seq) {
        return new Position(key, new Geoloc(lat, lon, null, 5.0, 90.0, 13.5, at, null), at, at.plusMillis(250),
                "item-" + seq, seq, Jid.parse("driver@localhost"), false);
    }

    private void put(String node, Position p) {
        tx(() -> store.inTransaction(t -> t.putLatestPosition(node, p)));
    }

    private static <T> T tx(java.util.function.Supplier<io.smallrye.mutiny.Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static List<String> keys(XmlElement answer) {
        return answer.children("position", NS).stream().map(p -> p.attr("key")).toList();
    }

    private static XmlElement query(PubSubClient c, String element, Map<String, String> attributes) {
        try {
            IQ response = c.connection.sendIqRequestAndWaitForResponse(
                    new RawIq(IQ.Type.get, c.service, element, NS, new LinkedHashMap<>(attributes)));
            return ((TreeIq) response).tree;
        } catch (XMPPException.XMPPErrorException e) {
            throw new AssertionError("expected a result, got " + e.getStanzaError().toXML(), e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static StanzaError error(PubSubClient c, String element, Map<String, String> attributes) {
        try {
            IQ response = c.connection.sendIqRequestAndWaitForResponse(
                    new RawIq(IQ.Type.get, c.service, element, NS, new LinkedHashMap<>(attributes)));
            throw new AssertionError("expected an error, got " + response.toXML());
        } catch (XMPPException.XMPPErrorException e) {
            return e.getStanzaError();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
