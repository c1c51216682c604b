package org.herald.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code BENCHMARKS.md} from a run's results file and the facts {@code bench/run} gathered about the machine,
 * the versions and each step of the run (a {@code key=value} file, in the order to show: {@code machine.*},
 * {@code version.*}, {@code step.<name>} = {@code ok|FAILED <seconds>}, {@code reproduce}, {@code mode}), and draws the
 * plots. Usage: {@code BenchReport <results.jsonl> <meta.properties> <BENCHMARKS.md> <plots dir>}.
 */
public final class BenchReport {
    /** What each scenario measures, shown above its tables. */
    static final Map<String, String> ABOUT = Map.of(
            "sse-fanout", "S SSE subscribers on one node (Herald) or one channel (Nchan, backed by its own Redis), one "
                    + "publisher over HTTP at rising offered rates (items/s = offered deliveries/s ÷ S), each step held a few "
                    + "seconds and drained. Latency from just before the publish request to the client parsing the event; "
                    + "`lost` = deliveries that had not arrived when the step's drain ended; `connect_s` = time to open all S "
                    + "streams (200 at a time). The subscribers run in one JVM on the same machine.",
            "xmpp-fanout", "S XMPP subscribers of one node, one publisher at rising offered rates; Herald attached to the "
                    + "server as a component vs the server's own mod_pubsub, on the same server instance.",
            "xmpp-saturation", "The most the XMPP fan-out delivered at any offered rate, per S.",
            "publish-rate", "P publishers publishing back-to-back (one IQ in flight each), persisted items acknowledged "
                    + "per second and the IQ round-trip percentiles.",
            "startup", "Time from launching the process to ready (Herald: first 200 on /q/health/ready, with the machine's "
                    + "PostgreSQL and Redis; Prosody/ejabberd: client and component ports accepting; nginx+Nchan: its publisher "
                    + "location answering, which needs its Redis), median of several starts; resident memory (VmRSS of the process tree) idle 2 s after "
                    + "ready, and at the end of the SSE load (`sse_subscribers`).");

    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) throw new IllegalArgumentException("usage: BenchReport <results> <meta> <report.md> <plots dir>");
        List<BenchRecord> records = new BenchLog(Path.of(args[0])).readAll();
        Map<String, String> meta = readMeta(Path.of(args[1]));
        Path report = Path.of(args[2]);
        Path plots = Path.of(args[3]);
        List<String> drawn = Plots.write(records, plots);
        Path rel = report.toAbsolutePath().getParent().relativize(plots.toAbsolutePath());
        Files.writeString(report, render(records, meta, rel.toString(), drawn), StandardCharsets.UTF_8);
        System.out.println("wrote " + report + " (" + records.size() + " figures) and " + drawn.size() + " plots in " + plots);
    }

    static Map<String, String> readMeta(Path file) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        if (!Files.exists(file)) return meta;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) meta.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return meta;
    }

    /** The whole report as Markdown. */
    static String render(List<BenchRecord> records, Map<String, String> meta, String plotsDir, List<String> plots) {
        StringBuilder md = new StringBuilder("# Benchmarks\n\n");
        md.append("Written by `bench/run` on ").append(meta.getOrDefault("date", "?")).append(". Reproduce with:\n\n```sh\n")
                .append(meta.getOrDefault("reproduce", "bench/run")).append("\n```\n\n");
        if ("smoke".equals(meta.get("mode"))) {
            md.append("**Smoke run**: sizes of seconds to prove the harness works; these figures mean nothing.\n\n");
        }
        md.append("Every system runs on this one machine with its load generator, on loopback, one system at a time; "
                + "a ratio is Herald's figure divided by the peer's in the same run, and whether above 1 is good depends on "
                + "the metric (said above each table). On a machine shared with other work the figures are noisy: read "
                + "the load averages below.\n\n");
        section(md, "Machine", meta, "machine.");
        section(md, "Versions", meta, "version.");
        md.append("## Steps of this run\n\n| step | outcome | seconds |\n| --- | --- | ---: |\n");
        meta.forEach((k, v) -> {
            if (!k.startsWith("step.")) return;
            String[] parts = v.split("\\s+", 2);
            md.append("| ").append(k.substring(5)).append(" | ").append(parts[0]).append(" | ")
                    .append(parts.length > 1 ? parts[1] : "").append(" |\n");
        });
        md.append('\n');
        Map<String, List<ReportTables.Table>> tables = ReportTables.tables(records);
        for (String scenario : ReportTables.SCENARIO_ORDER) {
            md.append("## ").append(scenario).append("\n\n");
            if (ABOUT.containsKey(scenario)) md.append(ABOUT.get(scenario)).append("\n\n");
            List<ReportTables.Table> ts = tables.get(scenario);
            if (ts == null) {
                md.append("**No figures**: this scenario failed or was not run (see the steps above).\n\n");
                continue;
            }
            for (String plot : plots) {
                if (plot.startsWith(plotPrefix(scenario))) md.append("![").append(plot).append("](").append(plotsDir)
                        .append('/').append(plot).append(")\n\n");
            }
            ts.forEach(t -> md.append(ReportTables.markdown(t)).append('\n'));
        }
        tables.keySet().stream().filter(s -> !ReportTables.SCENARIO_ORDER.contains(s)).forEach(s -> {
            md.append("## ").append(s).append("\n\n");
            tables.get(s).forEach(t -> md.append(ReportTables.markdown(t)).append('\n'));
        });
        return md.toString();
    }

    static String plotPrefix(String scenario) {
        return switch (scenario) {
            case "sse-fanout" -> "sse-";
            case "xmpp-fanout" -> "xmpp-latency";
            case "xmpp-saturation" -> "xmpp-throughput";
            case "publish-rate" -> "publish-rate";
            default -> "\0";
        };
    }

    private static void section(StringBuilder md, String title, Map<String, String> meta, String prefix) {
        md.append("## ").append(title).append("\n\n| | |\n| --- | --- |\n");
        meta.forEach((k, v) -> {
            if (k.startsWith(prefix)) md.append("| ").append(k.substring(prefix.length())).append(" | ").append(v).append(" |\n");
        });
        md.append('\n');
    }
}
