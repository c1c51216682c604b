package org.herald.xmpp.stanza;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What Herald writes must read back as the same tree: parse(toXml(e)) equals e. */
class StanzaRoundTripTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = StanzaRoundTripTest.class.getResourceAsStream("/xep0060/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"publish-atom.xml", "event-notification.xml", "configure-form.xml"})
    void xep0060ExamplesSurviveARoundTrip(String file) throws IOException {
        XmlElement parsed = StreamParser.parseFragment(resource(file));

        assertThat(StreamParser.parseFragment(parsed.toXml())).isEqualTo(parsed);
    }

    @Test
    void atomPayloadKeepsItsNamespaceAndText() throws IOException {
        XmlElement iq = StreamParser.parseFragment(resource("publish-atom.xml"));

        XmlElement entry = iq.child("pubsub", Namespaces.PUBSUB).child("publish", Namespaces.PUBSUB)
                .child("item", Namespaces.PUBSUB).child("entry", "http://www.w3.org/2005/Atom");
        assertThat(entry.childText("title", "http://www.w3.org/2005/Atom")).isEqualTo("Soliloquy");
        assertThat(entry.child("link", "http://www.w3.org/2005/Atom").attr("href"))
                .isEqualTo("http://denmark.lit/2003/12/13/atom03");
        assertThat(iq.toXml()).contains("<entry xmlns='http://www.w3.org/2005/Atom'>");
    }

    @Test
    void eventNotificationRoundTrips() throws IOException {
        XmlElement message = StreamParser.parseFragment(resource("event-notification.xml"));

        assertThat(message.child("event", Namespaces.PUBSUB_EVENT).firstChild().attr("node")).isEqualTo("princely_musings");
    }

    @Test
    void escapedTextAndAttributesRoundTrip() {
        XmlElement built = XmlElement.builder("message", Namespaces.COMPONENT_ACCEPT)
                .attr("to", "a'b\"c<d>&e")
                .attr("xml:lang", "en")
                .child(XmlElement.builder("body", Namespaces.COMPONENT_ACCEPT).text("1 < 2 && 3 > 2 ]]> \u00e9\uD83D\uDE00").build())
                .child(XmlElement.builder("x", "urn:test").attr("tab", "a\tb\nc").text("mixed").child(XmlElement.empty("y", "urn:other")).text("tail").build())
                .build();

        assertThat(StreamParser.parseFragment(built.toXml())).isEqualTo(built);
    }

    /** Found by StreamParserFuzzTest: "x:attr" was written without its xmlns:x declaration, so it did not parse. */
    @Test
    void attributeInANamespaceKeepsItsNamespace() {
        XmlElement parsed = StreamParser.parseFragment(
                "<item xmlns='urn:a' xmlns:x='urn:x' x:attr='1' xml:lang='en'><link xmlns:y='urn:y' y:href='h'/></item>");

        assertThat(parsed.attr("{urn:x}attr")).isEqualTo("1");
        assertThat(parsed.attr("xml:lang")).isEqualTo("en");
        assertThat(parsed.firstChild().attr("{urn:y}href")).isEqualTo("h");
        assertThat(StreamParser.parseFragment(parsed.toXml())).isEqualTo(parsed);
    }

    /** Found by DataFormFuzzTest: a CR in text (from &#13;) was written raw and read back as LF (XML 1.0 §2.11). */
    @Test
    void carriageReturnInTextRoundTrips() {
        XmlElement parsed = StreamParser.parseFragment("<value xmlns='jabber:x:data'>a&#13;b&#13;&#10;c</value>");

        assertThat(parsed.text()).isEqualTo("a\rb\r\nc");
        assertThat(StreamParser.parseFragment(parsed.toXml())).isEqualTo(parsed);
    }

    /** A character XML cannot carry never reaches the wire: it would make the server drop the whole component link. */
    @Test
    void charactersXmlCannotCarryAreWrittenAsReplacementCharacters() {
        XmlElement built = XmlElement.builder("message", Namespaces.COMPONENT_ACCEPT).attr("id", "a\u0000b")
                .child(XmlElement.builder("body", Namespaces.COMPONENT_ACCEPT).text("x\u0001y\uFFFEz").build()).build();

        XmlElement parsed = StreamParser.parseFragment(built.toXml());
        assertThat(parsed.attr("id")).isEqualTo("a\uFFFDb");
        assertThat(parsed.childText("body", Namespaces.COMPONENT_ACCEPT)).isEqualTo("x\uFFFDy\uFFFDz");
    }
}
