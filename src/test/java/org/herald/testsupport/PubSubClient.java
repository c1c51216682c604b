package org.herald.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaFilter;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * One real XMPP user (a Smack connection) talking to Herald with literal XEP-0060 stanzas. Results and
 * notifications come back as XML trees of what the client received; errors as Smack's StanzaError.
 */
public final class PubSubClient {
    public static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    public static final String OWNER = "http://jabber.org/protocol/pubsub#owner";
    public static final String ERRORS = "http://jabber.org/protocol/pubsub#errors";
    public static final String EVENT = "http://jabber.org/protocol/pubsub#event";
    public static final Duration TIMEOUT = Duration.ofSeconds(15);

    static {
        XmppClients.ensureSmackReady();
        // Smack's generic extension parser asserts (tests run with -ea) on elements that declare their own default
        // namespace, as pubsub#errors conditions do; a small provider keeps the element name and 'feature'.
        for (String condition : List.of("closed-node", "invalid-jid", "invalid-payload", "invalid-subid",
                "item-forbidden", "item-required", "nodeid-required", "not-subscribed", "payload-required",
                "payload-too-big", "precondition-not-met", "subid-required", "unsupported", "invalid-options",
                "max-items-exceeded", "jid-required", "presence-subscription-required", "not-in-roster-group",
                "pending-subscription", "max-nodes-exceeded")) {
            ProviderManager.addExtensionProvider(condition, ERRORS, new ExtensionElementProvider<StandardExtensionElement>() {
                @Override
                public StandardExtensionElement parse(XmlPullParser parser, int depth, XmlEnvironment env)
                        throws java.io.IOException, org.jivesoftware.smack.xml.XmlPullParserException {
                    StandardExtensionElement.Builder b = StandardExtensionElement.builder(condition, ERRORS);
                    String feature = parser.getAttributeValue("", "feature");
                    if (feature != null) b.addAttribute("feature", feature);
                    org.jivesoftware.smack.util.ParserUtils.forwardToEndTagOfDepth(parser, depth);
                    return b.build();
                }
            });
        }
    }

    /** Keeps a notification's {@code <event/>} exactly as received (Smack's own model re-serialises it loosely). */
    static final class RawEvent implements ExtensionElement {
        final String xml;

        RawEvent(String xml) {
            this.xml = xml;
        }

        @Override
        public String getElementName() {
            return "event";
        }

        @Override
        public String getNamespace() {
            return EVENT;
        }

        @Override
        public CharSequence toXML(XmlEnvironment env) {
            return xml;
        }
    }

    static {
        ProviderManager.addExtensionProvider("event", EVENT, new ExtensionElementProvider<RawEvent>() {
            @Override
            public RawEvent parse(XmlPullParser parser, int depth, XmlEnvironment env)
                    throws java.io.IOException, org.jivesoftware.smack.xml.XmlPullParserException {
                return new RawEvent(TestXml.read(parser).toXml());
            }
        });
    }

    /** A payload kept as the tree received. */
    static final class TreeExtension implements ExtensionElement {
        final XmlElement tree;

        TreeExtension(XmlElement tree) {
            this.tree = tree;
        }

        @Override
        public String getElementName() {
            return tree.name();
        }

        @Override
        public String getNamespace() {
            return tree.namespace();
        }

        @Override
        public CharSequence toXML(XmlEnvironment env) {
            return tree.toXml();
        }
    }

    /**
     * Makes item payloads {@code <element xmlns=namespace>} come back in results exactly as received. Smack reads
     * payloads it has no provider for loosely (it drops attribute prefixes such as {@code xml:lang}); this
     * registers a provider for one payload type, leaving Smack's own pubsub parsing (PubSubManager) alone.
     */
    public static void keepPayloadsAsReceived(String element, String namespace) {
        ProviderManager.addExtensionProvider(element, namespace, new ExtensionElementProvider<TreeExtension>() {
            @Override
            public TreeExtension parse(XmlPullParser parser, int depth, XmlEnvironment env)
                    throws java.io.IOException, org.jivesoftware.smack.xml.XmlPullParserException {
                return new TreeExtension(TestXml.read(parser));
            }
        });
    }

    static {
        // XEP-0060 §8.9.4 affiliation notices carry <pubsub/> in a message; keep it as received (Smack's generic
        // parser asserts on it when tests run with -ea, which would close the connection).
        keepPayloadsAsReceived("pubsub", PUBSUB);
    }

    public final XMPPTCPConnection connection;
    public final DomainBareJid service;
    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();

    public PubSubClient(XMPPTCPConnection connection, String serviceJid) {
        this.connection = connection;
        this.service = JidCreate.domainBareFromOrThrowUnchecked(serviceJid);
        StanzaFilter fromService = s -> s instanceof Message && service.equals(s.getFrom());
        // Synchronous listeners run in arrival order (async ones may reorder), which the tests rely on.
        connection.addSyncStanzaListener(s -> inbox.add((Message) s), fromService);
    }

    /** This user's full JID. */
    public String jid() {
        return connection.getUser().toString();
    }

    public String bareJid() {
        return connection.getUser().asBareJid().toString();
    }

    /** Sends {@code <pubsub xmlns=ns>inner</pubsub>} and returns the result's pubsub element (or null if empty). */
    public XmlElement ok(IQ.Type type, String ns, String inner) {
        try {
            IQ response = connection.sendIqRequestAndWaitForResponse(new XmlIq(type, service, "pubsub", ns, inner));
            String xml = response.toXML().toString();
            XmlElement iq = TestXml.parse(xml);
            return iq.firstChild();
        } catch (XMPPException.XMPPErrorException e) {
            throw new AssertionError("expected a result, got " + e.getStanzaError().toXML(), e);
        } catch (SmackException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    public XmlElement set(String inner) {
        return ok(IQ.Type.set, PUBSUB, inner);
    }

    public XmlElement get(String inner) {
        return ok(IQ.Type.get, PUBSUB, inner);
    }

    public XmlElement ownerSet(String inner) {
        return ok(IQ.Type.set, OWNER, inner);
    }

    public XmlElement ownerGet(String inner) {
        return ok(IQ.Type.get, OWNER, inner);
    }

    /** Sends the request and returns the error it must be refused with. */
    public StanzaError error(IQ.Type type, String ns, String inner) {
        try {
            IQ response = connection.sendIqRequestAndWaitForResponse(new XmlIq(type, service, "pubsub", ns, inner));
            return fail("expected an error, got " + response.toXML());
        } catch (XMPPException.XMPPErrorException e) {
            return e.getStanzaError();
        } catch (SmackException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts the error's type, defined condition and pubsub#errors condition (null for none). */
    public static void assertError(StanzaError e, StanzaError.Type type, StanzaError.Condition condition, String pubsubCondition) {
        assertThat(e.getType()).as("error type of %s", e.toXML()).isEqualTo(type);
        assertThat(e.getCondition()).as("condition of %s", e.toXML()).isEqualTo(condition);
        if (pubsubCondition != null) {
            assertThat((Object) e.getExtension(pubsubCondition, ERRORS)).as("pubsub#errors <%s/> in %s", pubsubCondition, e.toXML()).isNotNull();
        }
    }

    /** The next notification from the service, as an XML tree of the message. */
    public XmlElement nextEvent() {
        try {
            Message m = inbox.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) throw new AssertionError("no notification within " + TIMEOUT);
            return TestXml.parse(m.toXML().toString());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Asserts that no notification arrives. Waiting a moment is the only way to see an absence; callers first
     * make a later event happen and wait for that, so this short poll only guards against stragglers.
     */
    public void assertNoEvent() {
        Message straggler = inbox.poll();
        assertThat(straggler == null ? null : straggler.toXML().toString()).isNull();
    }

    public int pendingEvents() {
        return inbox.size();
    }
}
