package org.herald.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's PNG plots (XChart): throughput against subscribers, latency percentiles against the offered rate, publish
 * rate against publishers. A plot is drawn only when the run has its figures; the names of those written are returned
 * for the report to link.
 */
public final class Plots {
    /** One line of a plot: its label and points sorted by x. */
    public record Series(String name, double[] x, double[] y) {
    }

    private Plots() {
    }

    /** Draws every plot the records allow into {@code dir}; returns the file names written. */
    public static List<String> write(List<BenchRecord> records, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<String> written = new ArrayList<>();
        draw(dir, written, "sse-throughput", "SSE fan-out: most deliveries per second over the offered rates",
                "subscribers", "deliveries/s", true,
                series(records, "sse-fanout", "delivered_per_s", "subscribers", r -> r.system(), true));
        draw(dir, written, "sse-latency", "SSE fan-out: publish → delivery latency", "offered items/s", "ms", true,
                latency(records, "sse-fanout"));
        List<Series> xmppMax = series(records, "xmpp-saturation", "max_delivered_per_s", "subscribers", r -> r.system(), true);
        draw(dir, written, "xmpp-throughput", "XMPP fan-out: most notifications delivered per second", "subscribers",
                "notifications/s", true, xmppMax.isEmpty()
                        ? series(records, "xmpp-fanout", "delivered_per_s", "subscribers", r -> r.system(), true) : xmppMax);
        draw(dir, written, "xmpp-latency", "XMPP fan-out: publish → delivery latency", "offered items/s", "ms", true,
                latency(records, "xmpp-fanout"));
        draw(dir, written, "publish-rate", "Persisted publish rate", "publishers", "acknowledged publishes/s", true,
                series(records, "publish-rate", "acked_per_s", "publishers", r -> r.system(), false));
        return written;
    }

    /** p50 and p99 against the offered rate, a line per system, subscriber count and percentile. */
    static List<Series> latency(List<BenchRecord> records, String scenario) {
        Function<BenchRecord, String> label = r -> String.format(Locale.ROOT, "%s S=%.0f", r.system(),
                r.dims().getOrDefault("subscribers", Double.NaN));
        List<Series> out = new ArrayList<>();
        for (String metric : List.of("p50_ms", "p99_ms")) {
            for (Series s : series(records, scenario, metric, "offered_per_s", label, false)) {
                out.add(new Series(s.name() + " " + metric.substring(0, 3), s.x(), s.y()));
            }
        }
        return out;
    }

    /**
     * Points of {@code metric} in {@code scenario} against dimension {@code xDim}, one series per {@code label};
     * several values at one x (other dimensions, repeated runs) give their maximum when {@code max}, else their median.
     */
    public static List<Series> series(List<BenchRecord> records, String scenario, String metric, String xDim,
                                      Function<BenchRecord, String> label, boolean max) {
        Map<String, TreeMap<Double, List<Double>>> points = new TreeMap<>();
        for (BenchRecord r : records) {
            if (!r.scenario().equals(scenario) || !r.metric().equals(metric) || !r.dims().containsKey(xDim)) continue;
            points.computeIfAbsent(label.apply(r), k -> new TreeMap<>()).computeIfAbsent(r.dims().get(xDim),
                    k -> new ArrayList<>()).add(r.value());
        }
        List<Series> out = new ArrayList<>();
        points.forEach((name, byX) -> {
            double[] x = byX.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] y = byX.values().stream().mapToDouble(v -> max
                    ? v.stream().mapToDouble(Double::doubleValue).max().orElseThrow() : ReportTables.median(v)).toArray();
            out.add(new Series(name, x, y));
        });
        return out;
    }

    private static void draw(Path dir, List<String> written, String name, String title, String xTitle, String yTitle,
                             boolean logX, List<Series> series) throws IOException {
        if (series.isEmpty()) return;
        XYChart chart = new XYChartBuilder().width(900).height(560).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        boolean positive = series.stream().allMatch(s -> java.util.Arrays.stream(s.x()).allMatch(v -> v > 0));
        chart.getStyler().setXAxisLogarithmic(logX && positive);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        for (Series s : series) chart.addSeries(s.name(), s.x(), s.y()).setMarker(SeriesMarkers.CIRCLE);
        BitmapEncoder.saveBitmap(chart, dir.resolve(name + ".png").toString(), BitmapEncoder.BitmapFormat.PNG);
        written.add(name + ".png");
    }
}
