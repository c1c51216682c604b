package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.List;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.testsupport.LogCapture;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** What an operator reads while PostgreSQL is away: one warning, silence, one line when it is back; bugs in full. */
class OutageLogTest {
    private static final String CATEGORY = "org.herald.persistence.OutageLogTest";

    @Test
    void anOutageIsOneWarningAndItsEndOneInfo() {
        OutageLog log = new OutageLog(Logger.getLogger(CATEGORY), "sweep of expired items");
        try (LogCapture capture = LogCapture.install()) {
            for (int tick = 0; tick < 5; tick++) log.failed(new ConnectException("Connection refused"), "Sweep failed");
            // the core's refusal for the same outage counts as the same outage
            log.failed(PubSubException.of(PubSubError.RESOURCE_CONSTRAINT, "storage temporarily unavailable"), "Sweep failed");
            log.succeeded();
            log.succeeded();

            List<String> lines = capture.lines().stream().filter(l -> l.contains(CATEGORY) && !l.startsWith("DEBUG")
                    && !l.startsWith("FINE")).toList();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).startsWith("WARN").contains("sweep of expired items: storage unavailable")
                    .contains("Connection refused");
            assertThat(lines.get(1)).startsWith("INFO").contains("sweep of expired items: storage available again");
        }
    }

    @Test
    void aRealFailureKeepsItsErrorAndStackTrace() {
        OutageLog log = new OutageLog(Logger.getLogger(CATEGORY), "digests");
        try (LogCapture capture = LogCapture.install()) {
            log.failed(new IllegalStateException("a bug"), "subscription job 'digests' failed");
            log.failed(new IllegalStateException("a bug"), "subscription job 'digests' failed");
            log.succeeded(); // no outage was reported, so no "available again"

            List<String> lines = capture.lines().stream().filter(l -> l.contains(CATEGORY)).toList();
            assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("ERROR")
                    .contains("subscription job 'digests' failed").contains("| java.lang.IllegalStateException: a bug"));
        }
    }
}
