package org.herald.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.SmackConfiguration;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.util.ParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/** Opens logged-in Smack clients to a test {@link Prosody}; {@link #close()} disconnects them all. */
public final class XmppClients implements AutoCloseable {
    static {
        // Smack's JNDI-based DNS resolver fails inside Quarkus tests (JNDI is disabled there). We connect to
        // a literal loopback address, so no DNS is needed at all.
        SmackConfiguration.addDisabledSmackClass("org.jivesoftware.smack.util.dns.javax.JavaxResolver");
        // mod_privilege (XEP-0356) sends every user an empty <privilege xmlns='urn:xmpp:privilege:2'/> message on
        // their first presence. Smack's generic parser asserts (tests run with -ea) on elements declaring their own
        // default namespace, which would kill the client's reader thread; this provider reads it as a plain element.
        ProviderManager.addExtensionProvider("privilege", "urn:xmpp:privilege:2",
                new ExtensionElementProvider<StandardExtensionElement>() {
                    @Override
                    public StandardExtensionElement parse(XmlPullParser parser, int depth, XmlEnvironment env)
                            throws IOException, XmlPullParserException {
                        ParserUtils.forwardToEndTagOfDepth(parser, depth);
                        return StandardExtensionElement.builder("privilege", "urn:xmpp:privilege:2").build();
                    }
                });
    }

    /**
     * Prepares Smack for use inside a Quarkus test; call it before touching any other Smack class (e.g.
     * ProviderManager) in a static initializer. Constructing an XmppClients does it too.
     */
    public static void ensureSmackReady() {
        // The static initializer above has run once this method is reachable.
    }

    private final Prosody prosody;
    private final List<XMPPTCPConnection> open = new ArrayList<>();

    public XmppClients(Prosody prosody) {
        this.prosody = prosody;
    }

    /** Registers {@code user} with a random password and returns a connection logged in as them. */
    public XMPPTCPConnection connect(String user) {
        String password = UUID.randomUUID().toString();
        prosody.register(user, password);
        try {
            XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain(prosody.domain())
                    .setHostAddress(InetAddress.getByName(prosody.host()))
                    .setPort(prosody.c2sPort())
                    .setSecurityMode(ConnectionConfiguration.SecurityMode.disabled)
                    .setUsernameAndPassword(user, password)
                    .setResource("test")
                    .build();
            XMPPTCPConnection c = new XMPPTCPConnection(config);
            c.setReplyTimeout(10_000);
            c.connect().login();
            synchronized (open) {
                open.add(c);
            }
            return c;
        } catch (SmackException | IOException | XMPPException e) {
            throw new IllegalStateException("cannot log in " + user + " to Prosody", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A fresh user with a unique name. */
    public XMPPTCPConnection connectNewUser() {
        return connect("user-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public void close() {
        synchronized (open) {
            open.forEach(XMPPTCPConnection::disconnect);
            open.clear();
        }
    }
}
