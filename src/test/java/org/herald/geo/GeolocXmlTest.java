package org.herald.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.herald.domain.geo.GeoCheck;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.GeolocFields;
import org.herald.domain.geo.GeolocValidator;
import org.herald.domain.geo.Position;
import org.herald.testsupport.MunichTrace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeolocXmlTest {
    private static final String NS = "http://jabber.org/protocol/geoloc";
    private final GeolocXml xml = new GeolocXml();

    @Test
    void readsTheXepExample() {
        // XEP-0080 §4.1 Example 1
        Optional<GeolocFields> f = xml.read("""
                <geoloc xmlns='http://jabber.org/protocol/geoloc' xml:lang='en'>
                  <accuracy>20</accuracy>
                  <country>Italy</country>
                  <lat>45.44</lat>
                  <locality>Venice</locality>
                  <lon>12.33</lon>
                </geoloc>""");
        assertThat(f).isPresent();
        assertThat(f.get().values()).containsExactly(Map.entry("accuracy", "20"), Map.entry("country", "Italy"),
                Map.entry("lat", "45.44"), Map.entry("locality", "Venice"), Map.entry("lon", "12.33"));
        assertThat(f.get().repeated()).isEmpty();
        assertThat(f.get().nested()).isEmpty();
    }

    @Test
    void theStopCommandIsAnEmptyGeoloc() {
        assertThat(xml.read("<geoloc xmlns='" + NS + "'/>")).hasValueSatisfying(f -> assertThat(f.isEmpty()).isTrue());
        assertThat(xml.read("<geoloc xmlns='" + NS + "'>\n  <!-- nothing -->\n</geoloc>"))
                .hasValueSatisfying(f -> assertThat(f.isEmpty()).isTrue());
    }

    @Test
    void findsTheGeolocOfAnAtomEntryAsADirectChildOnly() {
        String entry = """
                <entry xmlns='http://www.w3.org/2005/Atom'>
                  <title>Lunch</title>
                  <content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><geoloc xmlns='%s'><lat>1</lat></geoloc></div></content>
                  <geoloc xmlns='%s'><lat>48.1</lat><lon>11.5</lon></geoloc>
                  <geoloc xmlns='%s'><lat>9</lat><lon>9</lon></geoloc>
                </entry>""".formatted(NS, NS, NS);
        assertThat(xml.read(entry)).hasValueSatisfying(f -> assertThat(f.values()).containsExactly(
                Map.entry("lat", "48.1"), Map.entry("lon", "11.5")));
        String deep = "<entry xmlns='http://www.w3.org/2005/Atom'><content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>"
                + "<geoloc xmlns='" + NS + "'><lat>1</lat><lon>2</lon></geoloc></div></content></entry>";
        assertThat(xml.read(deep)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<geoloc><lat>1</lat><lon>2</lon></geoloc>",
            "<geoloc xmlns='urn:other'><lat>1</lat><lon>2</lon></geoloc>",
            "<entry><geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>1</lat><lon>2</lon></geoloc></entry>",
            "<item><geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>1</lat><lon>2</lon></geoloc></item>",
            "<feed xmlns='http://www.w3.org/2005/Atom'><geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>1</lat></geoloc></feed>"})
    void otherPayloadsHoldNoGeoloc(String payload) {
        assertThat(xml.read(payload)).isEmpty();
    }

    @Test
    void recordsRepeatedNestedAndForeignElements() {
        GeolocFields f = xml.read("<geoloc xmlns='" + NS + "' xmlns:x='urn:x'>"
                + "<lat>  1.5\n</lat><lat>2</lat><lon><![CDATA[ 3 ]]></lon>"
                + "<speed><v>4</v></speed><x:lat>99</x:lat><text>fish &amp; chips &lt;3</text></geoloc>").orElseThrow();
        assertThat(f.get("lat")).isEqualTo("1.5");
        assertThat(f.get("lon")).isEqualTo("3");
        assertThat(f.get("text")).isEqualTo("fish & chips <3");
        assertThat(f.get("{urn:x}lat")).isEqualTo("99");
        assertThat(f.repeated()).containsExactly("lat");
        assertThat(f.nested()).containsExactly("speed");
        GeoCheck c = new GeolocValidator(Duration.ofMinutes(5)).check(f, Instant.now());
        assertThat(c.problems()).extracting(p -> p.element()).containsExactlyInAnyOrder("lat", "speed");
    }

    @Test
    void aForeignChildIsNotTheStopCommand() {
        GeolocFields f = xml.read("<geoloc xmlns='" + NS + "'><v:vehicle xmlns:v='urn:fleet'>7</v:vehicle></geoloc>")
                .orElseThrow();
        assertThat(f.isEmpty()).isFalse();
        assertThat(new GeolocValidator(Duration.ZERO).check(f, Instant.now()).valid()).isFalse();
    }

    @Test
    void unprefixedChildrenOfAPrefixedGeolocStillCount() {
        GeolocFields f = xml.read("<g:geoloc xmlns:g='" + NS + "'><lat>1</lat><lon>2</lon></g:geoloc>").orElseThrow();
        assertThat(f.values()).containsExactly(Map.entry("lat", "1"), Map.entry("lon", "2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{\"lat\":1}", "not xml", "<geoloc xmlns='http://jabber.org/protocol/geoloc'>",
            "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>1</lon></geoloc>",
            "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>1</lat></geoloc><trailing/>",
            "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>&undeclared;</lat></geoloc>",
            "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>1 & 2</lat></geoloc>",
            "<?xml version='1.0'?><!DOCTYPE geoloc><geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>1</lat></geoloc>",
            "<!DOCTYPE lolz [<!ENTITY lol 'lol'><!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
                    + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
                    + "<geoloc xmlns='http://jabber.org/protocol/geoloc'><text>&lol3;</text></geoloc>",
            "<!DOCTYPE geoloc [<!ENTITY lat '48.1'>]><geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>&lat;</lat><lon>1</lon></geoloc>"})
    void malformedOrHostilePayloadsHoldNoGeolocAndNeverThrow(String payload) {
        assertThat(xml.read(payload)).isEmpty();
    }

    @Test
    void nullHoldsNoGeoloc() {
        assertThat(xml.read(null)).isEmpty();
    }

    @Test
    void externalEntitiesAreNeverFetched(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "48.1");
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] body = "48.1".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/lat";
            for (String system : List.of(url, secret.toUri().toString())) {
                String payload = "<!DOCTYPE geoloc [<!ENTITY ext SYSTEM '" + system + "'>]>"
                        + "<geoloc xmlns='" + NS + "'><lat>&ext;</lat><lon>1</lon></geoloc>";
                assertThat(xml.read(payload)).as(system).isEmpty();
                String dtd = "<!DOCTYPE geoloc SYSTEM '" + system + "'><geoloc xmlns='" + NS + "'><lat>1</lat></geoloc>";
                assertThat(xml.read(dtd)).as(system).isEmpty();
                String param = "<!DOCTYPE geoloc [<!ENTITY % p SYSTEM '" + system + "'> %p;]><geoloc xmlns='" + NS + "'/>";
                assertThat(xml.read(param)).as(system).isEmpty();
            }
        } finally {
            server.stop(0);
        }
        assertThat(hits.get()).isZero();
    }

    @Test
    void toXmlWritesACanonicalPayloadThatValidatesBackToTheSameReading() {
        Geoloc g = new Geoloc(48.16350662940509, 11.564388282625075, 519.5, 12.0, 271.25, 13.9, Instant.parse(
                "2014-09-10T04:54:07Z"), "car 1 & <friends>");
        String payload = GeolocXml.toXml(g);
        assertThat(payload).isEqualTo("<geoloc xmlns='http://jabber.org/protocol/geoloc'><accuracy>12</accuracy>"
                + "<alt>519.5</alt><bearing>271.25</bearing><lat>48.16350662940509</lat><lon>11.564388282625075</lon>"
                + "<speed>13.9</speed><text>car 1 &amp; &lt;friends&gt;</text><timestamp>2014-09-10T04:54:07Z</timestamp>"
                + "</geoloc>");
        GeoCheck back = new GeolocValidator(Duration.ofMinutes(5)).check(xml.read(payload).orElseThrow(),
                Instant.parse("2014-09-10T05:00:00Z"));
        assertThat(back.geoloc()).isEqualTo(g);
    }

    @Test
    void toXmlNeverWritesExponentsAndDropsWhatXmlCannotCarry() {
        Geoloc g = new Geoloc(1.0E-7, -1.0E-5, 12_345_678.0, null, 0.0, -0.0, null, "a\u0000b\u0007c");
        String payload = GeolocXml.toXml(g);
        assertThat(payload).doesNotContain("E").contains("<lat>0.0000001</lat>", "<lon>-0.00001</lon>",
                "<alt>12345678</alt>", "<bearing>0</bearing>", "<speed>0</speed>", "<text>abc</text>");
        assertThat(xml.read(payload)).isPresent();
    }

    @Test
    void theStopCommandIsWrittenEmpty() {
        assertThat(GeolocXml.toXml(Geoloc.stopped(Instant.parse("2026-01-01T00:00:00Z"))))
                .isEqualTo("<geoloc xmlns='http://jabber.org/protocol/geoloc'/>");
    }

    @Test
    void theWholeTraceRoundTrips() {
        GeolocValidator validator = new GeolocValidator(Duration.ofMinutes(5));
        for (Position p : MunichTrace.positions("car")) {
            GeoCheck c = validator.check(xml.read(GeolocXml.toXml(p.fix())).orElseThrow(), p.fixTime());
            assertThat(c.geoloc()).isEqualTo(p.fix());
            // and the test support's own writer agrees with the adapter
            assertThat(validator.check(xml.read(MunichTrace.geolocXml(p)).orElseThrow(), p.fixTime()).geoloc())
                    .isEqualTo(p.fix());
        }
    }
}
