package org.herald.domain.geo;

import org.herald.domain.WireValue;

/**
 * How one published fix relates to a subscriber's area. An area subscriber is told of {@link #INSIDE}, {@link #ENTER}
 * and {@link #LEAVE} fixes (the leaving fix, so the map can drop the vehicle) and of nothing else. The wire values
 * name the mark carried in XMPP notifications and stream events.
 */
public enum Crossing implements WireValue {
    INSIDE("inside"),
    OUTSIDE("outside"),
    ENTER("enter"),
    LEAVE("leave");

    private final String wire;

    Crossing(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** Whether an area subscriber hears of the fix. */
    public boolean told() {
        return this != OUTSIDE;
    }

    /**
     * The one rule every front-end applies. A late fix ({@code !advanced}) is OUTSIDE for everyone: it does not move
     * the vehicle. A stop command leaves the area the vehicle was last seen in. A jump is told like any fix: it is
     * flagged, and the next fix corrects it.
     */
    public static Crossing of(GeoArea area, GeoChange change) {
        boolean wasIn = area.contains(change.previous());
        if (change.stopped()) return wasIn ? LEAVE : OUTSIDE;
        if (!change.advanced()) return OUTSIDE;
        boolean isIn = area.contains(change.current());
        if (isIn) return wasIn ? INSIDE : ENTER;
        return wasIn ? LEAVE : OUTSIDE;
    }
}
