package org.herald.domain.geo;

import java.util.List;

/**
 * The outcome of validating one geoloc payload.
 *
 * @param geoloc the normalised reading; null when {@code problems} is not empty
 * @param problems what is wrong, one entry per element at fault; empty when valid
 * @param futureSkew the timestamp lies further in the future than the service tolerates: the reading is kept but
 *                   flagged (a clock problem on the device, not a reason to lose the fix)
 * @param deprecatedError the accuracy came from the deprecated {@code <error/>} element (XEP-0080 §3)
 */
public record GeoCheck(Geoloc geoloc, List<GeoProblem> problems, boolean futureSkew, boolean deprecatedError) {
    public GeoCheck {
        problems = List.copyOf(problems);
        if (problems.isEmpty() == (geoloc == null)) throw new IllegalArgumentException("a value or problems, not both");
    }

    public boolean valid() {
        return problems.isEmpty();
    }

    public static GeoCheck invalid(List<GeoProblem> problems) {
        return new GeoCheck(null, problems, false, false);
    }
}
