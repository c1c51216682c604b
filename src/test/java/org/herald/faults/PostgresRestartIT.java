package org.herald.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.herald.fanout.ClusterMember;
import org.herald.testsupport.PrivatePostgres;
import org.herald.testsupport.PrivatePostgres.StopMode;
import org.herald.testsupport.PubSubClient;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #9: restart PostgreSQL under a running Herald. Herald (a real process on a real Prosody) uses a private
 * PostgreSQL of this test ({@link PrivatePostgres}; the machine's shared one is never touched), stopped once in
 * {@code fast} and once in {@code immediate} mode while an XMPP and a REST publisher keep publishing. While it is
 * down every publish is refused at once and cleanly — XMPP {@code <resource-constraint/>} type {@code wait}, HTTP 503
 * with a problem body — none hangs, and readiness goes DOWN; once it is back publishes succeed again without
 * restarting Herald, readiness is UP, and every acknowledged item is in the node.
 */
class PostgresRestartIT {
    /** Longer than any clean refusal may take: an attempt still unanswered then counts as a hang. */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    static final ObjectMapper JSON = new ObjectMapper();

    PrivatePostgres postgres;
    FaultBed bed;

    @AfterEach
    void cleanUp() {
        if (bed != null) bed.close();
        if (postgres != null) postgres.close();
    }

    @Test
    void publishesFailCleanlyWhilePostgresIsDownAndSucceedOnceItIsBack() throws Exception {
        postgres = PrivatePostgres.start();
        bed = FaultBed.start("pg");
        ClusterMember herald = bed.herald("herald", "quarkus.datasource.reactive.url", postgres.reactiveUrl(),
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        assertThat(herald.readiness()).isEqualTo(200);
        bed.createNodeAndSubscribe();
        String node = bed.node;
        PubSubClient owner = bed.owner;
        PublishBurst burst = new PublishBurst(node, 15000, Duration.ofMillis(25), ANSWER_WITHIN);
        burst.xmpp("xmpp1", bed.clients.connect("pub-" + bed.suffix), owner.service);
        burst.rest("rest1", () -> herald);

        StringBuilder figures = new StringBuilder();
        for (StopMode mode : List.of(StopMode.FAST, StopMode.IMMEDIATE)) {
            long before = System.nanoTime();
            await("publishes acknowledged before the " + mode + " stop").atMost(Duration.ofSeconds(30))
                    .until(() -> burst.ackedSince("xmpp1", before) >= 5 && burst.ackedSince("rest1", before) >= 5);

            postgres.stop(mode);
            long stoppedAt = System.nanoTime();
            await("readiness DOWN").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> herald.readiness() == 503);
            long downAt = System.nanoTime();

            // What a user sees, one publish of each kind: a refusal to act on (wait and retry), promptly.
            long xmppStart = System.nanoTime();
            StanzaError refused = owner.error(IQ.Type.set, PubSubClient.PUBSUB, "<publish node='" + node + "'><item id='down-"
                    + mode + "'>" + PublishBurst.payload("down") + "</item></publish>");
            long xmppTook = System.nanoTime() - xmppStart;
            assertThat(refused.getType()).as(refused.toXML().toString()).isEqualTo(StanzaError.Type.WAIT);
            assertThat(refused.getCondition()).as(refused.toXML().toString()).isEqualTo(StanzaError.Condition.resource_constraint);
            long restStart = System.nanoTime();
            HttpResponse<String> rest = herald.put(node, "down-rest-" + mode, PublishBurst.payload("down"), ANSWER_WITHIN);
            long restTook = System.nanoTime() - restStart;
            assertThat(rest.statusCode()).as(rest.body()).isEqualTo(503);
            assertThat(rest.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(rest.body());
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(problem.path("condition").asText()).isEqualTo("resource-constraint");
            await("the burst refused while PostgreSQL is down").atMost(Duration.ofSeconds(30))
                    .until(() -> burst.refusedSince(stoppedAt) >= 4);

            postgres.startAgain();
            long startedAt = System.nanoTime();
            await("readiness UP").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> herald.readiness() == 200);
            long upAt = System.nanoTime();
            await("publishes acknowledged again, same Herald process").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> burst.ackedSince("xmpp1", startedAt) >= 1 && burst.ackedSince("rest1", startedAt) >= 1);
            long firstAckAt = burst.acked.stream().mapToLong(PublishBurst.Attempt::at).filter(t -> t > startedAt).min().orElseThrow();
            figures.append(String.format("%s stop: readiness DOWN after %d ms, XMPP refusal in %d ms, HTTP 503 in %d ms; "
                            + "after the start: readiness UP in %d ms, first acknowledged publish in %d ms; ", mode,
                    ms(downAt - stoppedAt), ms(xmppTook), ms(restTook), ms(upAt - startedAt), ms(firstAckAt - startedAt)));
        }
        long end = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> burst.ackedSince("xmpp1", end) >= 3 && burst.ackedSince("rest1", end) >= 3);
        burst.stop();
        assertThat(herald.process.isAlive()).as("the same Herald process throughout").isTrue();

        Set<String> acked = new LinkedHashSet<>();
        burst.acked.forEach(a -> acked.add(a.id()));
        Set<String> lost = bed.lost(herald, acked);
        bed.publishAndAwaitNotified(List.of("after-pg-1", "after-pg-2"));

        long slowestRefusal = burst.refused.stream().mapToLong(PublishBurst.Attempt::tookNanos).max().orElse(0);
        System.out.printf("PostgresRestartIT: %sacknowledged %d, present %d, lost %d; refused %d (slowest %d ms): %s; "
                        + "unanswered within %s: %d%n", figures, acked.size(), acked.size() - lost.size(), lost.size(),
                burst.refused.size(), ms(slowestRefusal), burst.failuresByKind(), ANSWER_WITHIN, burst.unanswered.size());
        assertThat(lost).as("acknowledged items missing after the PostgreSQL restarts").isEmpty();
        assertThat(burst.unanswered).as("publishes that hung (no answer within %s)", ANSWER_WITHIN).isEmpty();
        assertThat(burst.refused).as("every refusal is the clean, retryable one").allSatisfy(r -> assertThat(r.what())
                .matches("wait/resource-constraint|503 .*\"condition\":\"resource-constraint\".*"));
    }

    static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
