package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.testsupport.PubSubClient.assertError;
import static org.herald.xmpp.pubsub.PubSubFixture.ATOM_ENTRY;
import static org.herald.xmpp.pubsub.PubSubFixture.configForm;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;
import static org.herald.xmpp.pubsub.PubSubFixture.publish;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.XmlIq;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a precise error and disturbs nobody: while one user sends every kind of bad request, another
 * user's subscription keeps delivering, and the component link is never re-established.
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class BadInputTest extends EndToEnd {
    static final String PUBSUB = PubSubClient.PUBSUB;

    StanzaError errorFor(PubSubClient c, IQ.Type type, String element, String ns, String inner) throws Exception {
        try {
            IQ r = c.connection.sendIqRequestAndWaitForResponse(new XmlIq(type, c.service, element, ns, inner));
            throw new AssertionError("expected an error, got " + r.toXML());
        } catch (XMPPException.XMPPErrorException e) {
            return e.getStanzaError();
        }
    }

    @Test
    void badRequestsAreRefusedPreciselyWhileOthersCarryOn() throws Exception {
        PubSubClient owner = fx.user();
        PubSubClient reader = fx.user();
        PubSubClient vandal = fx.user();
        String node = nodeName("steady");
        owner.set("<create node='" + node + "'/><configure>" + configForm("pubsub#max_payload_size", "2048",
                "pubsub#publish_model", "open") + "</configure>");
        reader.set("<subscribe node='" + node + "' jid='" + reader.jid() + "'/>");
        long handshakes = link.handshakes();

        // an unknown namespace (RFC 6120 §8.3.3.19)
        assertError(errorFor(vandal, IQ.Type.get, "query", "urn:example:nonsense", ""),
                StanzaError.Type.CANCEL, StanzaError.Condition.service_unavailable, null);
        // an unknown pubsub request
        assertError(vandal.error(IQ.Type.set, PUBSUB, "<frobnicate node='" + node + "'/>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
        // an empty pubsub element
        assertError(vandal.error(IQ.Type.set, PUBSUB, ""), StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
        // a payload over the node's limit (§7.1.3.5)
        assertError(vandal.error(IQ.Type.set, PUBSUB, publish(node, "big",
                        "<blob xmlns='urn:example:blob'>" + "y".repeat(4000) + "</blob>")),
                StanzaError.Type.MODIFY, StanzaError.Condition.not_acceptable, "payload-too-big");
        // a malformed data form: a field without var, a form of the wrong type
        StanzaError noVar = vandal.error(IQ.Type.set, PUBSUB, "<create node='" + nodeName("x") + "'/><configure>"
                + "<x xmlns='jabber:x:data' type='submit'><field><value>1</value></field></x></configure>");
        assertError(noVar, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
        StanzaError wrongType = vandal.error(IQ.Type.set, PUBSUB, publish(node, "p", ATOM_ENTRY)
                + "<publish-options><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
                + "<value>urn:example:other</value></field></x></publish-options>");
        assertError(wrongType, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
        assertThat(wrongType.getDescriptiveText()).contains("FORM_TYPE");
        // a subscription for somebody else, and a bad 'notify' value
        assertError(vandal.error(IQ.Type.set, PUBSUB, "<subscribe node='" + node + "' jid='" + reader.jid() + "'/>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "invalid-jid");
        assertError(vandal.error(IQ.Type.set, PUBSUB, "<subscribe node='" + node + "' jid='not a jid@@'/>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "invalid-jid");
        assertError(vandal.error(IQ.Type.set, PUBSUB, "<retract node='" + node + "' notify='maybe'><item id='x'/></retract>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
        // a payload nested deeper than the component stream's limit (64): Prosody passes it; only this IQ is refused
        assertError(vandal.error(IQ.Type.set, PUBSUB, publish(node, "deep",
                        "<deep xmlns='urn:example:deep'>" + "<a>".repeat(500) + "</a>".repeat(500) + "</deep>")),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
        // a node id of absurd length
        assertError(vandal.error(IQ.Type.set, PUBSUB, "<create node='" + "n".repeat(2000) + "'/>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.not_acceptable, null);

        // nothing of that disturbed the others: the owner publishes, the reader is told, on the same link
        owner.set(publish(node, "still-here", ATOM_ENTRY));
        assertThat(reader.nextEvent().toXml()).contains("still-here");
        assertThat(link.handshakes()).isEqualTo(handshakes);
        assertThat(owner.get("<items node='" + node + "'/>").child("items", PUBSUB).children())
                .extracting(i -> i.attr("id")).containsExactly("still-here");
    }
}
