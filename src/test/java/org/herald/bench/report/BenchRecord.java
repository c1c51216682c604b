package org.herald.bench.report;

import java.util.Map;
import java.util.Objects;

/**
 * One measured figure of a benchmark run: the unit every scenario writes and the report reads (issue #8).
 * A scenario writes one record per (system, dimensions, metric); the report groups by scenario, lays the dimensions
 * out as rows and the systems side by side, and divides Herald's figure by its peer's.
 *
 * @param scenario what was run: {@code xmpp-fanout}, {@code xmpp-saturation}, {@code publish-rate}, {@code sse-fanout},
 *                 {@code startup} (names fixed in /work/coord/brief9.md; new ones only with a renderer)
 * @param system   who was measured, e.g. {@code herald-prosody}, {@code prosody-mod_pubsub}, {@code herald-ejabberd},
 *                 {@code ejabberd-mod_pubsub}, {@code herald}, {@code nchan}
 * @param dims     the independent variables of this point, e.g. {@code subscribers=100, offered_per_s=50}
 * @param metric   what was measured, e.g. {@code delivered_per_s}, {@code p50_ms}, {@code p99_ms}, {@code lost}
 * @param value    the figure
 * @param unit     its unit as a reader should see it: {@code 1/s}, {@code ms}, {@code MiB}, {@code count}
 */
public record BenchRecord(String scenario, String system, Map<String, Double> dims, String metric, double value,
                          String unit) {
    public BenchRecord {
        Objects.requireNonNull(scenario);
        Objects.requireNonNull(system);
        dims = Map.copyOf(dims);
        Objects.requireNonNull(metric);
        Objects.requireNonNull(unit);
        if (Double.isNaN(value)) throw new IllegalArgumentException(metric + " of " + system + " is NaN");
    }
}
