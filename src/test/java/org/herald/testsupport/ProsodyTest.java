package org.herald.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;

/** The test harness itself: a real Prosody starts, takes registrations and logins, and restarts on its ports. */
class ProsodyTest {
    @Test
    void startsRegistersAndRestarts() {
        try (Prosody prosody = Prosody.start("localhost", "pubsub.localhost");
                XmppClients clients = new XmppClients(prosody)) {
            XMPPTCPConnection alice = clients.connect("alice");
            assertThat(alice.isAuthenticated()).isTrue();
            assertThat(alice.getUser().asBareJid().toString()).isEqualTo("alice@localhost");

            int port = prosody.c2sPort();
            prosody.stop();
            assertThat(prosody.isRunning()).isFalse();
            prosody.start();

            assertThat(prosody.c2sPort()).isEqualTo(port);
            assertThat(clients.connect("bob").isAuthenticated()).isTrue();
        }
    }
}
