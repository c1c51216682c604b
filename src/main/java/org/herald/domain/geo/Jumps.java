package org.herald.domain.geo;

/** Jump (outlier) detection: a step whose implied speed no vehicle of this service reaches. */
public final class Jumps {
    private Jumps() {
    }

    /**
     * Whether going from {@code from} to {@code to} needs more than {@code maxSpeed} metres per second. Fixes taken at
     * the same moment at different places are a jump when they are further apart than {@code maxSpeed} allows in one
     * second (1 Hz devices often repeat a timestamp).
     */
    public static boolean isJump(Position from, Position to, double maxSpeed) {
        if (from == null || to == null) return false;
        double meters = Geodesy.meters(from, to);
        double seconds = Math.abs(java.time.Duration.between(from.fixTime(), to.fixTime()).toMillis()) / 1000.0;
        return meters > maxSpeed * Math.max(seconds, 1.0);
    }
}
