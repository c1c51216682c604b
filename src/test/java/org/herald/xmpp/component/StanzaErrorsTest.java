package org.herald.xmpp.component;

import static org.assertj.core.api.Assertions.assertThat;

import org.herald.domain.Jid;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.StreamParser;
import org.herald.xmpp.stanza.XmlElement;
import org.junit.jupiter.api.Test;

class StanzaErrorsTest {
    private static Iq iq(String xml) {
        XmlElement raw = StreamParser.parseFragment(xml);
        return new Iq(raw.attr("id"), IqType.fromWire(raw.attr("type")), Jid.parse(raw.attr("from")),
                Jid.parse(raw.attr("to")), raw.firstChild(), raw);
    }

    @Test
    void errorSwapsAddressesKeepsIdAndOrdersChildrenAsRfc6120Says() {
        Iq request = iq("<iq xmlns='jabber:component:accept' type='set' id='x1' from='a@b/c' to='node@pubsub.b'>"
                + "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='n'/></pubsub></iq>");

        XmlElement reply = StanzaErrors.error(request, new StanzaErrorException(StanzaErrorType.MODIFY, "bad-request",
                XmlElement.empty("nodeid-required", Namespaces.PUBSUB_ERRORS), "which node?"));

        assertThat(reply.attr("type")).isEqualTo("error");
        assertThat(reply.attr("id")).isEqualTo("x1");
        assertThat(reply.attr("from")).isEqualTo("node@pubsub.b");
        assertThat(reply.attr("to")).isEqualTo("a@b/c");
        XmlElement error = reply.child("error", Namespaces.COMPONENT_ACCEPT);
        assertThat(error.attr("type")).isEqualTo("modify");
        assertThat(error.children()).extracting(XmlElement::name).containsExactly("bad-request", "text", "nodeid-required");
        assertThat(error.childText("text", Namespaces.STANZAS)).isEqualTo("which node?");
        assertThat(StreamParser.parseFragment(reply.toXml())).isEqualTo(reply);
    }

    @Test
    void resultCarriesThePayloadOrNothing() {
        Iq request = iq("<iq xmlns='jabber:component:accept' type='get' id='p' from='a@b/c' to='pubsub.b'><ping xmlns='urn:xmpp:ping'/></iq>");

        assertThat(StanzaErrors.result(request, null).toXml())
                .isEqualTo("<iq xmlns='jabber:component:accept' type='result' id='p' from='pubsub.b' to='a@b/c'/>");
        assertThat(StanzaErrors.result(request, XmlElement.empty("q", "urn:x")).firstChild().is("q", "urn:x")).isTrue();
    }
}
