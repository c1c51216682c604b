package org.herald.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.herald.fanout.ClusterMember;
import org.herald.testsupport.HeraldProcess;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.RawIq;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #9: restart Prosody under a running Herald, once with a clean stop (SIGTERM) and once with SIGKILL, and
 * start it again on the same ports. Herald runs with the reconnect backoff it ships with (not the quick one other
 * tests use), so the figure is what an operator gets: its component link is back within 5 s of Prosody accepting
 * connections again, measured both as Herald's link gauge and as a user sees it (first disco#info answered through
 * the restarted Prosody, after the user's own client logged in again). Subscribers who reconnect receive items
 * published afterwards, and nothing acknowledged before — over XMPP or over REST, which keeps publishing
 * throughout — is lost.
 */
class ProsodyRestartIT {
    /** Issue #9's bound from the XMPP server accepting again to the component serving through it. */
    static final Duration RECONNECT_WITHIN = Duration.ofSeconds(5);

    FaultBed bed;
    ClusterMember herald;

    @AfterEach
    void cleanUp() {
        if (bed != null) bed.close();
    }

    @Test
    void theComponentReconnectsWithinFiveSecondsOfProsodyComingBack() throws Exception {
        bed = FaultBed.start("prosody");
        herald = bed.herald("herald", HeraldProcess.CONFIGURED_BACKOFF);
        bed.createNodeAndSubscribe();
        Prosody prosody = bed.prosody;
        PubSubClient owner = bed.owner;
        PubSubClient subscriber = bed.subscriber;
        String node = bed.node;
        // REST does not go through Prosody: it keeps publishing (and being acknowledged) while Prosody is away.
        PublishBurst burst = new PublishBurst(node, 15000, Duration.ofMillis(25), Duration.ofSeconds(5));
        burst.rest("rest1", () -> herald);
        Set<String> xmppAcked = new LinkedHashSet<>();

        StringBuilder figures = new StringBuilder();
        for (String stop : List.of("clean stop", "SIGKILL")) {
            String before = "before-" + stop.charAt(0);
            bed.publishAndAwaitNotified(List.of(before));
            xmppAcked.add(before);

            int attemptsBefore = reconnectAttempts();
            if (stop.equals("SIGKILL")) {
                ProcessHandle.of(prosody.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
            prosody.stop(); // after SIGKILL this only reaps the process
            long stoppedAt = System.nanoTime();
            await("Herald notices the link is gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> herald.metric("herald_xmpp_link_up", "") == 0);
            await("clients notice Prosody is gone").atMost(Duration.ofSeconds(30))
                    .until(() -> !owner.connection.isConnected() && !subscriber.connection.isConnected());
            long refusedAt = System.nanoTime();
            await("REST keeps acknowledging while Prosody is down").atMost(Duration.ofSeconds(30))
                    .until(() -> burst.ackedSince(refusedAt) >= 3);

            if (stop.equals("SIGKILL")) {
                // A crash stays down a while: long enough for the backoff to reach its cap (six failed attempts: the
                // shipped 500ms..3s waits 1.5-3 s from then on; the earlier 30 s cap would wait 8-16 s), so the figure
                // below is the worst case an operator meets, not the quick first retry after a short restart.
                await("Herald's backoff at its cap").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> reconnectAttempts() >= attemptsBefore + 6);
            }
            prosody.start(); // returns once both ports accept connections
            long acceptingAt = System.nanoTime();
            await("Herald's link up again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25))
                    .until(() -> herald.metric("herald_xmpp_link_up", "") == 1);
            long linkAt = System.nanoTime();
            // A user's view: their client logs in again, and the component answers disco#info through Prosody.
            relogin(owner.connection);
            relogin(subscriber.connection);
            await("disco#info answered through the restarted Prosody").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(25)).until(() -> discoInfo(owner.connection));
            long answeredAt = System.nanoTime();

            String after = "after-" + stop.charAt(0);
            bed.publishAndAwaitNotified(List.of(after));
            xmppAcked.add(after);
            figures.append(String.format("%s (Prosody down %d ms, %d reconnect attempts): link up %d ms and first disco#info "
                            + "answered %d ms after Prosody accepted; ", stop, ms(acceptingAt - stoppedAt),
                    reconnectAttempts() - attemptsBefore, ms(linkAt - acceptingAt), ms(answeredAt - acceptingAt)));
            assertThat(Duration.ofNanos(linkAt - acceptingAt)).as("component link back after a %s", stop)
                    .isLessThanOrEqualTo(RECONNECT_WITHIN);
            assertThat(Duration.ofNanos(answeredAt - acceptingAt)).as("served through Prosody after a %s", stop)
                    .isLessThanOrEqualTo(RECONNECT_WITHIN);
        }
        burst.stop();

        Set<String> acked = new LinkedHashSet<>(xmppAcked);
        burst.acked.forEach(a -> acked.add(a.id()));
        Set<String> lost = bed.lost(herald, acked);
        System.out.printf("ProsodyRestartIT: %sacknowledged %d (%d over XMPP, %d over REST), present %d, lost %d; "
                        + "REST failures %s; Herald's link handshakes %d%n", figures, acked.size(), xmppAcked.size(),
                burst.acked.size(), acked.size() - lost.size(), lost.size(), burst.failuresByKind(),
                (long) herald.metric("herald_xmpp_link_handshakes_total", ""));
        assertThat(lost).as("acknowledged items missing after the Prosody restarts").isEmpty();
        assertThat(burst.refused).as("REST publishes refused while Prosody was away").isEmpty();
    }

    /** Reconnect attempts Herald has scheduled so far (one "reconnecting in N ms" log line each). */
    int reconnectAttempts() {
        return (int) herald.process.logText().lines().filter(l -> l.contains(" reconnecting in ")).count();
    }

    /** Logs a client whose server went away in again (same account, same resource), as a user's client would. */
    static void relogin(XMPPTCPConnection c) {
        await("client logged in again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(25)).until(() -> {
            try {
                if (!c.isConnected()) c.connect();
                if (!c.isAuthenticated()) c.login();
                return true;
            } catch (Exception e) {
                c.disconnect();
                return false;
            }
        });
    }

    static boolean discoInfo(XMPPTCPConnection c) throws Exception {
        try {
            IQ answer = c.sendIqRequestAndWaitForResponse(new RawIq(IQ.Type.get,
                    org.jxmpp.jid.impl.JidCreate.domainBareFrom(FaultBed.COMPONENT), "query", "http://jabber.org/protocol/disco#info", Map.of()));
            return answer.getType() == IQ.Type.result;
        } catch (XMPPException.XMPPErrorException e) {
            return false; // Prosody answers for a component that is not connected yet
        }
    }

    static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
