package org.herald.domain.geo;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Downsamples a track for display (Douglas–Peucker), keeping the first and last fixes and the stops.
 *
 * <p>How: the fixes are projected on a local equirectangular plane in metres (centred on the track's mean latitude,
 * longitudes unwrapped so a track across the antimeridian stays continuous). The first fix, the last fix and the
 * start and end of every stop (at least {@link #MIN_STOP} of steps slower than {@link #STOP_SPEED}) are anchors.
 * Douglas–Peucker runs once between each pair of anchors at tolerance 0, recording for every fix the tolerance below
 * which it would be kept (its distance to the chord when it was chosen, capped by its parent's value so that the
 * kept set is always a valid Douglas–Peucker result). The tolerance is then the smallest that leaves at most
 * {@code maxPoints} fixes: the same result as a binary search over epsilon, found exactly.
 *
 * <p>Guarantee: unless anchors alone exceed {@code maxPoints} (then they are thinned evenly, first and last kept),
 * every original fix lies within {@link Simplified#tolerance()} metres (on the plane) of the simplified polyline
 * segment between the kept fixes around it.
 */
public final class TrackSimplifier {
    /** Below this speed between consecutive fixes the vehicle is standing (GPS noise of a parked receiver). */
    public static final double STOP_SPEED = 0.5;
    /** A standstill at least this long is a stop worth drawing (a traffic light, a delivery). */
    public static final Duration MIN_STOP = Duration.ofSeconds(10);
    /** Deviations below this many metres are noise, not shape. */
    public static final double MIN_TOLERANCE = 0.1;

    private TrackSimplifier() {
    }

    /**
     * A simplified track.
     *
     * @param points the kept fixes, in track order
     * @param tolerance the Douglas–Peucker tolerance used (metres): every original fix lies within it of the
     *                  simplified line; {@code Double.NaN} when anchors had to be thinned and no bound holds
     */
    public record Simplified(List<Position> points, double tolerance) {
    }

    /**
     * At most {@code maxPoints} fixes of {@code track} (ordered by fix time), in the same order.
     *
     * @throws IllegalArgumentException when {@code maxPoints < 2} (a track is drawn from its first to its last fix)
     */
    public static List<Position> simplify(List<Position> track, int maxPoints) {
        return run(track, maxPoints).points();
    }

    /** {@link #simplify} with the tolerance it chose. */
    public static Simplified run(List<Position> track, int maxPoints) {
        if (maxPoints < 2) throw new IllegalArgumentException("maxPoints must be at least 2: " + maxPoints);
        int n = track.size();
        if (n <= maxPoints) return new Simplified(List.copyOf(track), 0);

        TreeSet<Integer> anchors = anchors(track);
        if (anchors.size() > maxPoints) return new Simplified(thin(track, new ArrayList<>(anchors), maxPoints), Double.NaN);

        double[][] xy = project(track);
        double[] keepAbove = new double[n];
        Arrays.fill(keepAbove, -1);
        for (int a : anchors) keepAbove[a] = Double.POSITIVE_INFINITY;
        ArrayDeque<double[]> todo = new ArrayDeque<>();
        Integer prev = null;
        for (int a : anchors) {
            if (prev != null) todo.push(new double[] {prev, a, Double.POSITIVE_INFINITY});
            prev = a;
        }
        while (!todo.isEmpty()) {
            double[] seg = todo.pop();
            int a = (int) seg[0], b = (int) seg[1];
            if (b - a < 2) continue;
            int far = -1;
            double max = -1;
            for (int i = a + 1; i < b; i++) {
                double d = segmentDistance(xy, i, a, b);
                if (d > max) {
                    max = d;
                    far = i;
                }
            }
            keepAbove[far] = Math.min(max, seg[2]);
            todo.push(new double[] {a, far, keepAbove[far]});
            todo.push(new double[] {far, b, keepAbove[far]});
        }

        // the smallest tolerance leaving at most maxPoints: the (budget+1)-th largest value among non-anchors
        int budget = maxPoints - anchors.size();
        double[] values = new double[n - anchors.size()];
        int k = 0;
        for (int i = 0; i < n; i++) if (!anchors.contains(i)) values[k++] = keepAbove[i];
        Arrays.sort(values);
        // never spend points on centimetres: no GPS fix is that good, and a straight line should come back as its ends
        double tolerance = Math.max(values[values.length - 1 - budget], MIN_TOLERANCE);

        List<Position> out = new ArrayList<>();
        for (int i = 0; i < n; i++) if (keepAbove[i] > tolerance) out.add(track.get(i));
        return new Simplified(List.copyOf(out), tolerance);
    }

    /**
     * The largest distance (metres, on the same local plane) from a fix of {@code original} to the segment of
     * {@code simplified} that replaces it. {@code simplified} must be a subsequence of {@code original} holding its
     * first and last fixes.
     */
    public static double maxDeviation(List<Position> original, List<Position> simplified) {
        if (original.isEmpty()) return 0;
        double[][] xy = project(original);
        int[] kept = new int[simplified.size()];
        int j = 0;
        for (int i = 0; i < original.size() && j < kept.length; i++) {
            if (original.get(i).equals(simplified.get(j))) kept[j++] = i;
        }
        if (j != kept.length || kept[0] != 0 || kept[j - 1] != original.size() - 1) {
            throw new IllegalArgumentException("not a simplification of the track (a subsequence with both ends)");
        }
        double max = 0;
        for (int s = 0; s + 1 < kept.length; s++) {
            for (int i = kept[s] + 1; i < kept[s + 1]; i++) max = Math.max(max, segmentDistance(xy, i, kept[s], kept[s + 1]));
        }
        return max;
    }

    /** The indexes of the first and last fixes and of the start and end of every stop. */
    static TreeSet<Integer> anchors(List<Position> track) {
        TreeSet<Integer> anchors = new TreeSet<>();
        anchors.add(0);
        anchors.add(track.size() - 1);
        int start = -1;
        for (int i = 1; i <= track.size(); i++) {
            boolean standing = i < track.size() && standing(track.get(i - 1), track.get(i));
            if (standing && start < 0) start = i - 1;
            if (!standing && start >= 0) {
                int end = i - 1;
                if (!Duration.between(track.get(start).fixTime(), track.get(end).fixTime()).minus(MIN_STOP).isNegative()) {
                    anchors.add(start);
                    anchors.add(end);
                }
                start = -1;
            }
        }
        return anchors;
    }

    private static boolean standing(Position a, Position b) {
        double meters = Geodesy.meters(a, b);
        double seconds = Duration.between(a.fixTime(), b.fixTime()).toMillis() / 1000.0;
        // two fixes at the same moment: standing when they are (nearly) the same point
        return seconds <= 0 ? meters < STOP_SPEED : meters / seconds < STOP_SPEED;
    }

    /** {@code max} of the anchors, evenly spread by rank, always with the first and the last. */
    private static List<Position> thin(List<Position> track, List<Integer> anchors, int max) {
        List<Position> out = new ArrayList<>(max);
        int last = -1;
        for (int i = 0; i < max; i++) {
            int rank = (int) Math.round(i * (anchors.size() - 1) / (double) (max - 1));
            int index = anchors.get(rank);
            if (index != last) out.add(track.get(index));
            last = index;
        }
        return List.copyOf(out);
    }

    /** Local equirectangular projection in metres around the track's mean latitude, longitudes unwrapped. */
    private static double[][] project(List<Position> track) {
        double meanLat = 0;
        for (Position p : track) meanLat += p.lat();
        meanLat /= track.size();
        double kx = Math.toRadians(1) * Geodesy.EARTH_RADIUS_M * Math.cos(Math.toRadians(meanLat));
        double ky = Math.toRadians(1) * Geodesy.EARTH_RADIUS_M;
        double[][] xy = new double[track.size()][2];
        double lon = track.get(0).lon();
        for (int i = 0; i < track.size(); i++) {
            Position p = track.get(i);
            if (i > 0) {
                double step = p.lon() - track.get(i - 1).lon();
                // across the antimeridian, 179.9 → -179.9 is a step of 0.2 degrees, not -359.8
                if (step > 180) step -= 360;
                if (step < -180) step += 360;
                lon += step;
            }
            xy[i][0] = lon * kx;
            xy[i][1] = p.lat() * ky;
        }
        return xy;
    }

    /** Distance from point i to the segment a–b (to a when a and b coincide, as at a stop or a loop). */
    private static double segmentDistance(double[][] xy, int i, int a, int b) {
        double ax = xy[a][0], ay = xy[a][1], bx = xy[b][0], by = xy[b][1], px = xy[i][0], py = xy[i][1];
        double dx = bx - ax, dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
        double cx = ax + t * dx - px, cy = ay + t * dy - py;
        return Math.sqrt(cx * cx + cy * cy);
    }
}
