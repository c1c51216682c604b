package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.TestXml;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;

/**
 * What the owner-side tests send besides pubsub IQs: messages carrying a data form (the §8.6 answer) and XEP-0050
 * command IQs (§8.7), both as literal XML so the tests send exactly what the XEPs show.
 */
final class OwnerStanzas {
    static final String FORMS = "jabber:x:data";
    static final String COMMANDS = "http://jabber.org/protocol/commands";
    static final String GET_PENDING = "http://jabber.org/protocol/pubsub#get-pending";
    static final String AUTH_FORM_TYPE = "http://jabber.org/protocol/pubsub#subscribe_authorization";

    private OwnerStanzas() {
    }

    /** An extension written exactly as given. */
    record Raw(String element, String namespace, String xml) implements ExtensionElement {
        @Override
        public String getElementName() {
            return element;
        }

        @Override
        public String getNamespace() {
            return namespace;
        }

        @Override
        public CharSequence toXML(XmlEnvironment env) {
            return xml;
        }
    }

    /** A command IQ: {@code <command xmlns=commands node=... attrs>inner</command>}. */
    static final class CommandIq extends IQ {
        private final Map<String, String> attributes;
        private final String inner;

        CommandIq(PubSubClient to, Map<String, String> attributes, String inner) {
            super("command", COMMANDS);
            setType(Type.set);
            setTo(to.service);
            this.attributes = attributes;
            this.inner = inner;
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            attributes.forEach(xml::attribute);
            if (inner.isEmpty()) {
                xml.setEmptyElement();
            } else {
                xml.rightAngleBracket();
                xml.append(inner);
            }
            return xml;
        }
    }

    /** Sends a message to the service carrying the given data form. */
    static void sendForm(PubSubClient from, String form) {
        Message m = StanzaBuilder.buildMessage().to(from.service).addExtension(new Raw("x", FORMS, form)).build();
        try {
            from.connection.sendStanza(m);
        } catch (SmackException.NotConnectedException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The §8.6 answer as the spec's example shows it. */
    static String authorizationAnswer(String node, String subscriber, String subId, String allow) {
        return "<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>" + AUTH_FORM_TYPE + "</value></field>"
                + (subId == null ? "" : "<field var='pubsub#subid'><value>" + subId + "</value></field>")
                + "<field var='pubsub#node'><value>" + node + "</value></field>"
                + "<field var='pubsub#subscriber_jid'><value>" + subscriber + "</value></field>"
                + "<field var='pubsub#allow'><value>" + allow + "</value></field>"
                + "</x>";
    }

    /** Sends a command and returns the {@code <command/>} of the result. */
    static XmlElement command(PubSubClient who, Map<String, String> attributes, String inner) {
        try {
            IQ response = who.connection.sendIqRequestAndWaitForResponse(new CommandIq(who, attributes, inner));
            return TestXml.parse(response.toXML().toString()).child("command", COMMANDS);
        } catch (XMPPException.XMPPErrorException e) {
            throw new AssertionError("expected a result, got " + e.getStanzaError().toXML(), e);
        } catch (SmackException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends a command that must be refused and returns the error. */
    static StanzaError commandError(PubSubClient who, Map<String, String> attributes, String inner) {
        try {
            IQ response = who.connection.sendIqRequestAndWaitForResponse(new CommandIq(who, attributes, inner));
            return fail("expected an error, got " + response.toXML());
        } catch (XMPPException.XMPPErrorException e) {
            return e.getStanzaError();
        } catch (SmackException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The values of a data form field, by var; null when the form has no such field. */
    static List<String> field(XmlElement x, String var) {
        for (XmlElement f : x.children("field", FORMS)) {
            if (var.equals(f.attr("var"))) return f.children("value", FORMS).stream().map(XmlElement::text).toList();
        }
        return null;
    }

    /** The option values of a list field. */
    static List<String> options(XmlElement x, String var) {
        for (XmlElement f : x.children("field", FORMS)) {
            if (var.equals(f.attr("var"))) {
                return f.children("option", FORMS).stream().map(o -> o.child("value", FORMS).text()).toList();
            }
        }
        return null;
    }
}
