package org.herald.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's pure logic on a small synthetic results file: grouping, medians, ratios, a missing peer, the Markdown. */
class BenchReportTest {
    @TempDir
    Path dir;

    List<BenchRecord> synthetic() {
        BenchLog log = new BenchLog(dir.resolve("results.jsonl"));
        Map<String, Double> s1000 = Map.of("subscribers", 1000.0, "offered_per_s", 10.0);
        Map<String, Double> s10000 = Map.of("subscribers", 10000.0, "offered_per_s", 1.0);
        log.append(new BenchRecord("sse-fanout", "herald", s1000, "delivered_per_s", 9000, "1/s"));
        log.append(new BenchRecord("sse-fanout", "nchan", s1000, "delivered_per_s", 10000, "1/s"));
        log.append(new BenchRecord("sse-fanout", "herald", s10000, "delivered_per_s", 8000, "1/s"));
        // nchan failed at 10,000: no figure, so no ratio in that row
        log.append(new BenchRecord("sse-fanout", "herald", s1000, "p99_ms", 30, "ms"));
        log.append(new BenchRecord("sse-fanout", "nchan", s1000, "p99_ms", 20, "ms"));
        // startup run three times for herald: the cell is the median
        for (double ms : new double[] {1500, 900, 1200}) {
            log.append(new BenchRecord("startup", "herald", Map.of(), "startup_ms", ms, "ms"));
        }
        log.append(new BenchRecord("startup", "prosody", Map.of(), "startup_ms", 400, "ms"));
        log.append(new BenchRecord("publish-rate", "herald-prosody", Map.of("publishers", 16.0), "acked_per_s", 500, "1/s"));
        return log.readAll();
    }

    @Test
    void groupsByScenarioAndMetricWithSystemsAsColumnsAndRatios() {
        Map<String, List<ReportTables.Table>> tables = ReportTables.tables(synthetic());
        assertThat(tables.keySet()).containsExactly("sse-fanout", "publish-rate", "startup");

        ReportTables.Table delivered = tables.get("sse-fanout").get(0);
        assertThat(delivered.metric()).isEqualTo("delivered_per_s");
        assertThat(delivered.better()).isEqualTo(ReportTables.Better.HIGHER);
        assertThat(delivered.systems()).containsExactly("herald", "nchan");
        assertThat(delivered.dimNames()).containsExactly("subscribers", "offered_per_s");
        ReportTables.Pair pair = new ReportTables.Pair("herald", "nchan");
        assertThat(delivered.ratio(List.of(1000.0, 10.0), pair)).isCloseTo(0.9, within(1e-9));
        assertThat(delivered.ratio(List.of(10000.0, 1.0), pair)).isNull();

        ReportTables.Table p99 = tables.get("sse-fanout").get(1);
        assertThat(p99.metric()).isEqualTo("p99_ms");
        assertThat(p99.better()).isEqualTo(ReportTables.Better.LOWER);
        assertThat(p99.ratio(List.of(1000.0, 10.0), pair)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void repeatedFiguresGiveTheirMedianAndStartupComparesWithEveryServer() {
        ReportTables.Table startup = ReportTables.tables(synthetic()).get("startup").get(0);
        assertThat(startup.cells().get(List.of()).get("herald")).isEqualTo(1200.0);
        assertThat(startup.ratio(List.of(), new ReportTables.Pair("herald", "prosody"))).isEqualTo(3.0);
        assertThat(startup.ratio(List.of(), new ReportTables.Pair("herald", "ejabberd"))).isNull();
    }

    @Test
    void markdownShowsDashesForMissingPeersAndEveryScenarioHeading() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("date", "2026-11-21 10:00 UTC");
        meta.put("machine.nproc", "2");
        meta.put("version.java", "17");
        meta.put("step.sse-fanout", "ok 120");
        meta.put("step.xmpp", "FAILED 30");
        meta.put("reproduce", "bench/run");
        String md = BenchReport.render(synthetic(), meta, "bench/plots", List.of("sse-throughput.png"));

        assertThat(md).contains("| 10000 | 1 | 8000 | – | – |", "| 1000 | 10 | 9000 | 10000 | 0.90 |",
                "**delivered_per_s** (1/s, higher is better)", "**p99_ms** (ms, lower is better)",
                "| nproc | 2 |", "| xmpp | FAILED | 30 |", "![sse-throughput.png](bench/plots/sse-throughput.png)");
        assertThat(md).contains("## sse-fanout", "## xmpp-fanout", "## xmpp-saturation", "## publish-rate", "## startup");
        assertThat(md.substring(md.indexOf("## xmpp-fanout"), md.indexOf("## xmpp-saturation"))).contains("**No figures**");
    }

    @Test
    void plotsAreDrawnOnlyForScenariosWithFigures() throws Exception {
        List<String> drawn = Plots.write(synthetic(), dir.resolve("plots"));
        assertThat(drawn).containsExactlyInAnyOrder("sse-throughput.png", "sse-latency.png", "publish-rate.png");
        assertThat(dir.resolve("plots/sse-throughput.png")).isNotEmptyFile();
    }
}
