package org.herald.xmpp.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.herald.testsupport.InjectProsody;
import org.herald.testsupport.LogCapture;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.RawIq;
import org.herald.testsupport.XmppClients;
import org.herald.xmpp.stanza.Namespaces;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.util.ParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;

/** Herald's component against a real Prosody, seen from real XMPP clients. */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class ComponentLinkTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    static {
        XmppClients.ensureSmackReady();
        // Smack's generic provider for unknown extensions trips its own assertion (tests run with -ea) on an
        // element that declares a default namespace; give the probe's application condition a provider.
        ProviderManager.addExtensionProvider("too-odd", ProbeHandler.NS, new ExtensionElementProvider<StandardExtensionElement>() {
            @Override
            public StandardExtensionElement parse(XmlPullParser parser, int depth, XmlEnvironment env)
                    throws XmlPullParserException, java.io.IOException {
                ParserUtils.forwardToEndTagOfDepth(parser, depth);
                return StandardExtensionElement.builder("too-odd", ProbeHandler.NS).build();
            }
        });
    }

    @InjectProsody
    Prosody prosody;

    @Inject
    ComponentLink link;

    @Inject
    Vertx vertx;

    private XmppClients clients;
    private LogCapture log;
    private DomainBareJid component;

    @BeforeEach
    void setUp() throws Exception {
        log = LogCapture.install();
        clients = new XmppClients(prosody);
        component = JidCreate.domainBareFrom(ProsodyResource.COMPONENT);
        await().atMost(TIMEOUT).until(link::isConnected);
    }

    @AfterEach
    void tearDown() {
        clients.close();
        log.close();
    }

    private static IQ request(XMPPTCPConnection c, IQ iq) throws Exception {
        return c.createStanzaCollectorAndSend(iq).nextResultOrThrow();
    }

    private static StanzaError errorOf(XMPPTCPConnection c, IQ iq) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> request(c, iq));
        assertThat(thrown).isInstanceOf(XMPPErrorException.class);
        return ((XMPPErrorException) thrown).getStanzaError();
    }

    @Test
    void pingIsAnsweredWithAResultFromTheComponent() throws Exception {
        XMPPTCPConnection alice = clients.connectNewUser();

        IQ reply = request(alice, new Ping(component));

        assertThat(reply.getType()).isEqualTo(IQ.Type.result);
        assertThat(reply.getFrom().toString()).isEqualTo(ProsodyResource.COMPONENT);
        assertThat(reply.getTo().toString()).isEqualTo(alice.getUser().toString());
    }

    @Test
    void discoInfoShowsPubsubServiceAndTheHandlersFeatures() throws Exception {
        XMPPTCPConnection alice = clients.connectNewUser();

        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(component);

        assertThat(info.hasIdentity("pubsub", "service")).isTrue();
        Set<String> features = info.getFeatures().stream().map(DiscoverInfo.Feature::getVar).collect(Collectors.toSet());
        assertThat(features).contains(Namespaces.DISCO_INFO, Namespaces.PING, ProbeHandler.NS);
    }

    @Test
    void discoInfoForANodeWithoutProviderIsItemNotFound() {
        XMPPTCPConnection alice = clients.connectNewUser();

        StanzaError error = errorOf(alice, new RawIq(IQ.Type.get, component, "query", Namespaces.DISCO_INFO, Map.of("node", "nowhere")));

        assertThat(error.getCondition()).isEqualTo(StanzaError.Condition.item_not_found);
        assertThat(error.getType()).isEqualTo(StanzaError.Type.CANCEL);
    }

    @Test
    void unknownNamespaceIsServiceUnavailable() {
        XMPPTCPConnection alice = clients.connectNewUser();

        StanzaError error = errorOf(alice, new RawIq(IQ.Type.get, component, "query", "urn:herald:test:nobody-serves-this", Map.of()));

        assertThat(error.getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
        assertThat(error.getType()).isEqualTo(StanzaError.Type.CANCEL);
    }

    @Test
    void wrongTypeForAKnownPayloadIsServiceUnavailable() {
        XMPPTCPConnection alice = clients.connectNewUser();

        StanzaError error = errorOf(alice, new RawIq(IQ.Type.set, component, "ping", Namespaces.PING, Map.of()));

        assertThat(error.getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
    }

    @Test
    void handlerRefusalBecomesTheStanzaErrorItChose() {
        XMPPTCPConnection alice = clients.connectNewUser();

        StanzaError error = errorOf(alice, new RawIq(IQ.Type.get, component, "probe", ProbeHandler.NS, Map.of("mode", "refuse")));

        assertThat(error.getType()).isEqualTo(StanzaError.Type.MODIFY);
        assertThat(error.getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
        assertThat(error.getDescriptiveText()).isEqualTo("odd request");
        assertThat((Object) error.getExtension("too-odd", ProbeHandler.NS)).isNotNull();
    }

    @Test
    void handlerCrashBecomesInternalServerErrorWithoutDetails() {
        XMPPTCPConnection alice = clients.connectNewUser();

        StanzaError failed = errorOf(alice, new RawIq(IQ.Type.get, component, "probe", ProbeHandler.NS, Map.of("mode", "crash")));
        StanzaError thrown = errorOf(alice, new RawIq(IQ.Type.set, component, "probe", ProbeHandler.NS, Map.of("mode", "throw")));

        for (StanzaError e : new StanzaError[] {failed, thrown}) {
            assertThat(e.getType()).isEqualTo(StanzaError.Type.WAIT);
            assertThat(e.getCondition()).isEqualTo(StanzaError.Condition.internal_server_error);
            assertThat(e.toXML().toString()).doesNotContain("42").doesNotContain("thrown");
        }
        assertThat(log.text()).contains("internal detail 42");
    }

    @Test
    void everyStanzaRunsOnItsOwnSafeDuplicatedContext() throws Exception {
        XMPPTCPConnection alice = clients.connectNewUser();
        ProbeHandler.SEEN.clear();

        request(alice, new RawIq(IQ.Type.get, component, "probe", ProbeHandler.NS, Map.of()));
        request(alice, new RawIq(IQ.Type.get, component, "probe", ProbeHandler.NS, Map.of()));

        assertThat(ProbeHandler.SEEN).hasSize(2).allSatisfy(s -> {
            assertThat(s.duplicated()).isTrue();
            assertThat(s.safe()).isTrue();
        });
        assertThat(ProbeHandler.SEEN.stream().map(ProbeHandler.Seen::context).distinct()).hasSize(2);
    }

    @Test
    void reconnectsByItselfAfterTheServerRestarts() throws Exception {
        long before = link.handshakes();

        prosody.stop();
        await().atMost(TIMEOUT).until(() -> !link.isConnected());
        // Not dropped any more: queued in the XMPP outbox for whichever instance has a link next (docs/cluster-link.md).
        assertThat(link.send(org.herald.xmpp.stanza.XmlElement.empty("presence", Namespaces.COMPONENT_ACCEPT))).isTrue();
        prosody.start();

        await().atMost(TIMEOUT).until(link::isConnected);
        assertThat(link.handshakes()).isGreaterThan(before);
        XMPPTCPConnection alice = clients.connectNewUser();
        assertThat(request(alice, new Ping(component)).getType()).isEqualTo(IQ.Type.result);
    }

    @Test
    void messagesReachMessageHandlers() throws Exception {
        XMPPTCPConnection alice = clients.connectNewUser();
        RecordingMessageHandler.RECEIVED.clear();

        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(component).setBody("hello herald").build());

        await().atMost(TIMEOUT).until(() -> !RecordingMessageHandler.RECEIVED.isEmpty());
        org.herald.xmpp.stanza.XmlElement got = RecordingMessageHandler.RECEIVED.peek();
        assertThat(got.childText("body", Namespaces.COMPONENT_ACCEPT)).isEqualTo("hello herald");
        assertThat(got.attr("from")).isEqualTo(alice.getUser().toString());
    }

    @Test
    void anOversizeStanzaEndsTheStreamWithPolicyViolationAndTheLinkComesBack() throws Exception {
        XMPPTCPConnection alice = clients.connectNewUser();
        long before = link.handshakes();

        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(component)
                .setBody("x".repeat(2 * ProsodyResource.MAX_STANZA_BYTES)).build());

        await().atMost(TIMEOUT).until(() -> link.handshakes() > before && link.isConnected());
        assertThat(log.text()).contains("policy-violation");
        assertThat(request(alice, new Ping(component)).getType()).isEqualTo(IQ.Type.result);
    }

    @Test
    void wrongSecretNeverConnectsAndIsNeverLogged() {
        String wrong = "wrong-" + java.util.UUID.randomUUID();
        LinkSettings settings = new LinkSettings(ProsodyResource.SPARE_COMPONENT, prosody.host(), prosody.componentPort(),
                wrong, 65536, 16, Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(5), 65536);
        ComponentConnection spare = new ComponentConnection(vertx, settings, stanza -> { });
        try {
            spare.start();

            // Retried with backoff: the refusal is logged more than once, the link never comes up.
            await().atMost(TIMEOUT).until(() -> log.lines().stream().filter(l -> l.contains("not-authorized")).count() >= 2);
            assertThat(spare.lastStreamError()).isEqualTo("not-authorized");
            assertThat(spare.isConnected()).isFalse();
            assertThat(spare.handshakes()).isZero();
            assertThat(log.text())
                    .contains(ProsodyResource.SPARE_COMPONENT)
                    .doesNotContain(wrong)
                    .doesNotContain(prosody.componentSecret(ProsodyResource.SPARE_COMPONENT))
                    .doesNotContain(prosody.componentSecret(ProsodyResource.COMPONENT));
            assertThat(settings.toString()).doesNotContain(wrong);
        } finally {
            spare.stop().toCompletableFuture().join();
        }
    }

    @Test
    void aSecondLinkForTheSameComponentDoesNotDisplaceHerald() {
        LinkSettings settings = new LinkSettings(ProsodyResource.COMPONENT, prosody.host(), prosody.componentPort(),
                prosody.componentSecret(ProsodyResource.COMPONENT), 65536, 16, Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofSeconds(5), 65536);
        ComponentConnection second = new ComponentConnection(vertx, settings, stanza -> { });
        try {
            second.start();

            await().atMost(TIMEOUT).until(() -> second.lastStreamError() != null);
            assertThat(second.lastStreamError()).isEqualTo("conflict");
            assertThat(second.isConnected()).isFalse();
            assertThat(link.isConnected()).isTrue();
        } finally {
            second.stop().toCompletableFuture().join();
        }
    }
}
