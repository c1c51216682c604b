package org.herald.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The report's tables, from the records of a run (pure logic, no files): one table per scenario and metric, a row per
 * combination of dimensions, a column per system, and a column per Herald/peer pair with Herald's figure divided by
 * the peer's. Several records for one cell (a scenario run twice) give their median. A pair whose peer (or Herald)
 * has no figure in a row shows a dash, not a ratio.
 */
public final class ReportTables {
    /** Herald's system and the peer it is compared with, in the order their ratio columns appear. */
    public record Pair(String herald, String peer) {
    }

    /** Which way a metric is better; {@code HIGHER} for rates, {@code LOWER} for times, losses, memory. */
    public enum Better {
        HIGHER("higher is better"), LOWER("lower is better");

        public final String words;

        Better(String words) {
            this.words = words;
        }
    }

    /** One rendered-to-be table; {@code cells} are keyed by row label, then by system; ratios by row label and pair. */
    public record Table(String scenario, String metric, String unit, Better better, List<String> dimNames,
                        List<String> systems, List<Pair> pairs, Map<List<Double>, Map<String, Double>> cells) {
        public Double ratio(List<Double> row, Pair pair) {
            Double h = cells.get(row).get(pair.herald());
            Double p = cells.get(row).get(pair.peer());
            if (h == null || p == null || p == 0) return null;
            return h / p;
        }
    }

    /** Scenarios in report order; others follow alphabetically. */
    static final List<String> SCENARIO_ORDER = List.of("sse-fanout", "xmpp-fanout", "xmpp-saturation", "publish-rate", "startup");
    /** Metrics in report order within a scenario; others follow alphabetically. */
    static final List<String> METRIC_ORDER = List.of("delivered_per_s", "max_delivered_per_s", "max_items_per_s",
            "acked_per_s", "p50_ms", "p99_ms", "lost", "errors", "connect_s", "startup_ms", "rss_idle_mib", "rss_load_mib");
    /** Dimensions in column order: the size first, then the rate. */
    static final List<String> DIM_ORDER = List.of("subscribers", "sse_subscribers", "publishers", "offered_per_s");
    static final List<Pair> PEERS = List.of(new Pair("herald-prosody", "prosody-mod_pubsub"),
            new Pair("herald-ejabberd", "ejabberd-mod_pubsub"), new Pair("herald", "nchan"));
    /** Start-up and memory compare Herald with every other server measured. */
    static final List<Pair> STARTUP_PEERS = List.of(new Pair("herald", "prosody"), new Pair("herald", "ejabberd"),
            new Pair("herald", "nchan"));

    private ReportTables() {
    }

    public static Better better(String metric) {
        return metric.endsWith("_per_s") ? Better.HIGHER : Better.LOWER;
    }

    /** Every table of the run, scenario by scenario in report order. */
    public static Map<String, List<Table>> tables(List<BenchRecord> records) {
        Map<String, List<BenchRecord>> byScenario = records.stream().collect(Collectors.groupingBy(BenchRecord::scenario,
                TreeMap::new, Collectors.toList()));
        Map<String, List<Table>> out = new LinkedHashMap<>();
        for (String scenario : ordered(byScenario.keySet(), SCENARIO_ORDER)) {
            Map<String, List<BenchRecord>> byMetric = byScenario.get(scenario).stream()
                    .collect(Collectors.groupingBy(BenchRecord::metric));
            List<Table> tables = new ArrayList<>();
            for (String metric : ordered(byMetric.keySet(), METRIC_ORDER)) tables.add(table(scenario, metric, byMetric.get(metric)));
            out.put(scenario, tables);
        }
        return out;
    }

    static Table table(String scenario, String metric, List<BenchRecord> records) {
        List<String> dimNames = records.stream().flatMap(r -> r.dims().keySet().stream()).distinct()
                .sorted(Comparator.comparingInt((String d) -> DIM_ORDER.contains(d) ? DIM_ORDER.indexOf(d) : DIM_ORDER.size())
                        .thenComparing(Comparator.naturalOrder())).toList();
        Set<String> present = records.stream().map(BenchRecord::system).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> systems = present.stream().sorted(Comparator.comparingInt(ReportTables::systemRank)
                .thenComparing(Comparator.naturalOrder())).toList();
        List<Pair> pairs = (scenario.equals("startup") ? STARTUP_PEERS : PEERS).stream()
                .filter(p -> present.contains(p.herald()) || present.contains(p.peer())).toList();
        Map<List<Double>, Map<String, List<Double>>> values = new TreeMap<>(ReportTables::compareRows);
        for (BenchRecord r : records) {
            List<Double> row = dimNames.stream().map(d -> r.dims().getOrDefault(d, Double.NaN)).toList();
            values.computeIfAbsent(row, k -> new TreeMap<>()).computeIfAbsent(r.system(), k -> new ArrayList<>()).add(r.value());
        }
        Map<List<Double>, Map<String, Double>> cells = new LinkedHashMap<>();
        values.forEach((row, bySystem) -> {
            Map<String, Double> medians = new LinkedHashMap<>();
            bySystem.forEach((system, v) -> medians.put(system, median(v)));
            cells.put(row, medians);
        });
        return new Table(scenario, metric, records.get(0).unit(), better(metric), dimNames, systems, pairs, cells);
    }

    /** Herald's systems first, each followed by its peer, as in {@link #PEERS}. */
    static int systemRank(String system) {
        for (int i = 0; i < PEERS.size(); i++) {
            if (PEERS.get(i).herald().equals(system)) return 2 * i;
            if (PEERS.get(i).peer().equals(system)) return 2 * i + 1;
        }
        return 100;
    }

    static int compareRows(List<Double> a, List<Double> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Double.compare(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static List<String> ordered(Set<String> names, List<String> order) {
        List<String> out = new ArrayList<>(order.stream().filter(names::contains).toList());
        names.stream().filter(n -> !order.contains(n)).sorted().forEach(out::add);
        return out;
    }

    /** The table as Markdown: heading line, then the grid; ratios with two decimals, figures to a sensible precision. */
    public static String markdown(Table t) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "**%s** (%s, %s)%n%n", t.metric(), t.unit(), t.better().words));
        List<String> head = new ArrayList<>(t.dimNames());
        head.addAll(t.systems());
        t.pairs().forEach(p -> head.add(p.herald() + " / " + p.peer()));
        md.append("| ").append(String.join(" | ", head)).append(" |\n|");
        for (int i = 0; i < head.size(); i++) md.append(i < t.dimNames().size() ? " --- |" : " ---: |");
        md.append('\n');
        t.cells().forEach((row, bySystem) -> {
            List<String> cells = new ArrayList<>(row.stream().map(ReportTables::figure).toList());
            t.systems().forEach(s -> cells.add(bySystem.containsKey(s) ? figure(bySystem.get(s)) : "–"));
            t.pairs().forEach(p -> {
                Double r = t.ratio(row, p);
                cells.add(r == null ? "–" : String.format(Locale.ROOT, "%.2f", r));
            });
            md.append("| ").append(String.join(" | ", cells)).append(" |\n");
        });
        return md.toString();
    }

    /** A figure as a reader wants it: integers without decimals, small values with up to two, NaN (no dim) as a dash. */
    static String figure(double v) {
        if (Double.isNaN(v)) return "–";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return String.format(Locale.ROOT, "%d", (long) v);
        if (Math.abs(v) >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (Math.abs(v) >= 10) return String.format(Locale.ROOT, "%.1f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
