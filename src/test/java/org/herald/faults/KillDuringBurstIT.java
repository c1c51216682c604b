package org.herald.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.herald.fanout.ClusterMember;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #9: kill -9 Herald during a publish burst, and every acknowledged item is there after the restart. Herald is
 * a real process on a real Prosody; three Smack clients publish over XMPP and two over REST, each as fast as answers
 * come; Herald is killed with SIGKILL mid-burst and started again while they keep going. Afterwards every item that
 * got an IQ result or an HTTP 200 — before the kill or after the restart — is read back over REST, and a subscriber
 * that stayed logged in to Prosody is notified of items published after the restart.
 */
class KillDuringBurstIT {
    static final List<String> PUBLISHERS = List.of("xmpp1", "xmpp2", "xmpp3", "rest1", "rest2");

    FaultBed bed;
    volatile ClusterMember current;

    @AfterEach
    void cleanUp() {
        if (bed != null) bed.close();
    }

    @Test
    void everyAcknowledgedItemSurvivesKillDashNine() throws Exception {
        bed = FaultBed.start("kill");
        current = bed.herald("first");
        bed.createNodeAndSubscribe();

        PublishBurst burst = new PublishBurst(bed.node, 15000, Duration.ZERO, Duration.ofSeconds(5));
        for (int i = 1; i <= 3; i++) {
            burst.xmpp("xmpp" + i, bed.clients.connect("pub" + i + "-" + bed.suffix), bed.owner.service);
        }
        for (int i = 1; i <= 2; i++) burst.rest("rest" + i, () -> current);

        // --- SIGKILL in the middle of the burst: every publisher has had answers, and more are under way.
        await("every publisher acknowledged").atMost(Duration.ofSeconds(60))
                .until(() -> PUBLISHERS.stream().allMatch(p -> burst.ackedSince(p, 0) >= 20));
        ClusterMember first = current;
        first.process.killHard();
        long killedAt = System.nanoTime();
        long ackedBeforeKill = burst.acked.stream().filter(a -> a.at() <= killedAt).count();
        assertThat(first.process.isAlive()).isFalse();

        // --- Start it again; the publishers never stopped, and each gets acknowledgements again.
        current = bed.herald("second");
        long servingAt = System.nanoTime();
        await("every publisher acknowledged after the restart").atMost(Duration.ofSeconds(60))
                .until(() -> PUBLISHERS.stream().allMatch(p -> burst.ackedSince(p, servingAt) >= 10));
        burst.stop();

        // --- Every acknowledged item is in the node.
        Set<String> acked = new LinkedHashSet<>();
        burst.acked.forEach(a -> acked.add(a.id()));
        Set<String> stored = current.itemIds(bed.node);
        Set<String> lost = bed.lost(current, acked);
        Set<String> unacknowledgedButStored = new LinkedHashSet<>(stored);
        unacknowledgedButStored.removeAll(acked);

        // --- A subscriber who stayed logged in is notified of what is published after the restart.
        List<String> after = List.of("after-1", "after-2", "after-3");
        Set<String> notified = bed.publishAndAwaitNotified(after);

        System.out.printf("KillDuringBurstIT: acknowledged %d (%d before the SIGKILL, %d after the restart), present %d, "
                        + "lost %d; stored without an acknowledgement (in flight at the kill) %d; failed attempts %s; "
                        + "Herald serving again %d ms after the kill; subscriber notified of %d acknowledged items + %s%n",
                acked.size(), ackedBeforeKill, acked.size() - ackedBeforeKill, acked.size() - lost.size(), lost.size(),
                unacknowledgedButStored.size(), burst.failuresByKind(),
                TimeUnit.NANOSECONDS.toMillis(servingAt - killedAt),
                notified.stream().filter(acked::contains).count(), after);
        assertThat(lost).as("acknowledged items missing after kill -9 and restart").isEmpty();
        assertThat(unacknowledgedButStored).as("stored items nobody published")
                .allSatisfy(id -> assertThat(id).matches("(xmpp|rest)\\d-\\d+"));
        assertThat(ackedBeforeKill).isPositive();
    }
}
