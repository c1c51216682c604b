package org.herald.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Publish → delivery latencies of one channel (XMPP or SSE) in the fan-out benchmark: the publisher records when it
 * started publishing item {@code seq}, a client records when it parsed that item's notification. Samples are kept
 * whole (not bucketed) so percentiles are exact nearest-rank, as in the other benches. Thread-safe: clients record
 * from Vert.x event-loop threads.
 */
final class Deliveries {
    private final AtomicLongArray published;
    private long[] samples = new long[1 << 20];
    private int count;
    private long lastArrival;
    private long unknown;
    private long duplicates;

    /** Shares {@code published} (nanoTime at publish start by item seq, 0 = not published) with the publisher. */
    Deliveries(AtomicLongArray published) {
        this.published = published;
    }

    synchronized void record(int seq, long arrivedNanos) {
        long start = seq >= 0 && seq < published.length() ? published.get(seq) : 0;
        if (start == 0) {
            unknown++;
            return;
        }
        if (count == samples.length) samples = Arrays.copyOf(samples, samples.length * 2);
        samples[count++] = arrivedNanos - start;
        if (arrivedNanos > lastArrival) lastArrival = arrivedNanos;
    }

    /** A client got an item it had already got (counted apart: not a delivery, no latency sample). */
    synchronized void duplicate() {
        duplicates++;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized int count() {
        return count;
    }

    synchronized long lastArrival() {
        return lastArrival;
    }

    synchronized long unknown() {
        return unknown;
    }

    /** Latencies recorded from index {@code from} on (a phase's samples), sorted. */
    synchronized long[] sortedSince(int from) {
        long[] s = Arrays.copyOfRange(samples, from, count);
        Arrays.sort(s);
        return s;
    }

    /** Nearest-rank percentile of sorted samples, in ms. */
    static double percentileMs(long[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        int k = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, k - 1))] / 1_000_000.0;
    }
}
