package org.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.herald.bench.report.BenchLog;
import org.herald.bench.report.BenchRecord;
import org.junit.jupiter.api.Test;

/**
 * The benchmark harness does not rot (issue #8): {@code bench/run --smoke} runs every scenario at toy sizes against the
 * jar this build made, and writes its report. Asserts that the run succeeded, that every scenario wrote figures for
 * Herald and its peer, and that the report shows a table for each; never a timing.
 */
class BenchSmokeIT {
    static final Path OUT = Path.of("target", "bench-smoke-it");
    static final List<String> SCENARIOS = List.of("sse-fanout", "xmpp-fanout", "xmpp-saturation", "publish-rate", "startup");

    @Test
    void smokeRunMeasuresEveryScenarioAndWritesTheReport() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bench/run", "--smoke", "--no-build").redirectErrorStream(true)
                .redirectOutput(Files.createDirectories(OUT).resolve("bench-run.log").toFile());
        pb.environment().put("BENCH_OUT", OUT.toString());
        Process run = pb.start();
        run.getOutputStream().close();
        awaitExit(run);
        String log = Files.readString(OUT.resolve("bench-run.log"), StandardCharsets.UTF_8);
        assertThat(run.exitValue()).as(log).isZero();

        List<BenchRecord> records = new BenchLog(OUT.resolve("results.jsonl")).readAll();
        for (String scenario : SCENARIOS) {
            assertThat(records).as(scenario).anyMatch(r -> r.scenario().equals(scenario));
        }
        for (String system : List.of("herald", "nchan")) {
            assertThat(records).as("SSE deliveries of " + system).anyMatch(r -> r.scenario().equals("sse-fanout")
                    && r.system().equals(system) && r.metric().equals("delivered_per_s") && r.value() > 0);
            assertThat(records).as("start-up of " + system).anyMatch(r -> r.scenario().equals("startup")
                    && r.system().equals(system) && r.metric().equals("startup_ms") && r.value() > 0);
        }
        assertThat(records).as("XMPP deliveries").anyMatch(r -> r.scenario().equals("xmpp-fanout")
                && r.system().startsWith("herald") && r.metric().equals("delivered_per_s") && r.value() > 0);
        assertThat(records).as("publishes acknowledged").anyMatch(r -> r.scenario().equals("publish-rate")
                && r.system().startsWith("herald") && r.metric().equals("acked_per_s") && r.value() > 0);

        String report = Files.readString(OUT.resolve("BENCHMARKS.md"), StandardCharsets.UTF_8);
        assertThat(report).doesNotContain("**No figures**", "| FAILED |");
        for (String scenario : SCENARIOS) assertThat(report).contains("## " + scenario + "\n");
        assertThat(OUT.resolve("plots").resolve("sse-throughput.png")).isNotEmptyFile();
    }

    /** Waits for the run; its own time limits end it well within this. */
    private static void awaitExit(Process run) throws InterruptedException {
        if (!run.waitFor(8, TimeUnit.MINUTES)) {
            run.descendants().forEach(ProcessHandle::destroy);
            run.destroy();
            throw new AssertionError("bench/run --smoke did not finish within 8 minutes");
        }
    }
}
