package org.herald.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchLogTest {
    @Test
    void recordsAppendedOneAtATimeReadBackInOrder(@TempDir Path dir) {
        BenchLog log = new BenchLog(dir.resolve("nested/results.jsonl"));
        BenchRecord first = new BenchRecord("xmpp-fanout", "herald-prosody", Map.of("subscribers", 100.0), "p50_ms", 4.5, "ms");
        BenchRecord second = new BenchRecord("startup", "nchan", Map.of(), "startup_ms", 120, "ms");
        log.append(first);
        log.append(second);

        assertThat(log.readAll()).containsExactly(first, second);
    }

    @Test
    void aMissingFileIsAnEmptyRun(@TempDir Path dir) {
        assertThat(new BenchLog(dir.resolve("none.jsonl")).readAll()).isEmpty();
    }
}
