package org.herald.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.herald.domain.geo.GeoCheck;
import org.herald.domain.geo.GeoProblem;
import org.herald.domain.geo.Geoloc;
import org.herald.domain.geo.GeolocFields;
import org.herald.domain.geo.GeolocValidator;

/**
 * Fuzzes XEP-0080 reading and validation (docs/fuzzing.md): an arbitrary payload is either no geoloc, a refusal
 * naming its problems (each short: a hostile payload cannot fill the error text), the stop command, or a reading
 * whose numbers are finite and within the XEP's ranges. A valid reading's canonical payload reads back as the same
 * reading.
 */
class GeolocFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
    private static final GeolocValidator VALIDATOR = new GeolocValidator(Duration.ofMinutes(5));
    private static final GeolocXml XML = new GeolocXml();

    @FuzzTest(maxDuration = "8s")
    void check(byte[] input) {
        Optional<GeolocFields> fields = XML.read(new String(input, StandardCharsets.UTF_8));
        if (fields.isEmpty()) return;
        GeoCheck check = VALIDATOR.check(fields.get(), NOW);
        if (!check.valid()) {
            assertThat(check.problems()).isNotEmpty();
            for (GeoProblem p : check.problems()) assertThat(p.toString().length()).as("%s", p).isLessThan(600);
            return;
        }
        Geoloc g = check.geoloc();
        assertValid(g);
        GeoCheck again = VALIDATOR.check(XML.read(GeolocXml.toXml(g)).orElseThrow(), NOW);
        assertThat(again.problems()).as("canonical payload of %s", g).isEmpty();
        assertSame(again.geoloc(), g);
    }

    static void assertValid(Geoloc g) {
        if (!g.sharing()) return;
        assertThat(g.lat()).isBetween(-90.0, 90.0);
        assertThat(g.lon()).isBetween(-180.0, 180.0);
        for (Double d : new Double[] {g.alt(), g.accuracy(), g.bearing(), g.speed()}) {
            if (d != null) assertThat(Double.isFinite(d)).as("finite %s", d).isTrue();
        }
        if (g.bearing() != null) assertThat(g.bearing()).isGreaterThanOrEqualTo(0.0).isLessThan(360.0);
        if (g.speed() != null) assertThat(g.speed()).isGreaterThanOrEqualTo(0.0);
        if (g.accuracy() != null) assertThat(g.accuracy()).isGreaterThanOrEqualTo(0.0);
        if (g.label() != null) {
            assertThat(g.label()).isNotBlank().isEqualTo(g.label().strip());
            assertThat(g.label().codePointCount(0, g.label().length())).isLessThanOrEqualTo(GeolocValidator.MAX_LABEL);
        }
    }

    /** Equal readings: numbers compared as numbers (the canonical form writes -0 as 0). */
    static void assertSame(Geoloc actual, Geoloc expected) {
        assertThat(actual.sharing()).isEqualTo(expected.sharing());
        Double[] a = {actual.lat(), actual.lon(), actual.alt(), actual.accuracy(), actual.bearing(), actual.speed()};
        Double[] e = {expected.lat(), expected.lon(), expected.alt(), expected.accuracy(), expected.bearing(),
                expected.speed()};
        for (int i = 0; i < a.length; i++) {
            if (e[i] == null) assertThat(a[i]).isNull();
            else assertThat(a[i] != null && a[i].doubleValue() == e[i].doubleValue()).as("field %d of %s", i, expected).isTrue();
        }
        assertThat(actual.timestamp()).isEqualTo(expected.timestamp());
        assertThat(actual.label()).isEqualTo(expected.label());
    }
}
