package org.herald.http.owntracks;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.herald.domain.geo.GeoCheck;
import org.herald.domain.geo.GeolocValidator;
import org.herald.geo.GeolocXml;
import org.herald.http.problem.HttpProblem;

/**
 * Fuzzes the OwnTracks message model (docs/fuzzing.md) along the path of a POST: arbitrary JSON is a location, another
 * message type, or a 400 refusal (never another exception, which would be a 500); a location's canonical XEP-0080
 * payload is readable and the validator judges it (valid, or problems: a 4xx) without throwing.
 */
class OwnTracksFuzzTest {
    private static final GeolocValidator VALIDATOR = new GeolocValidator(Duration.ofMinutes(5));
    private static final GeolocXml XML = new GeolocXml();

    @FuzzTest(maxDuration = "8s")
    void read(byte[] input) {
        Optional<OwnTracksMessage.Location> location;
        try {
            location = OwnTracksMessage.read(new String(input, StandardCharsets.UTF_8));
        } catch (HttpProblem e) {
            assertThat(e.status()).isEqualTo(400);
            return;
        }
        if (location.isEmpty()) return;
        String payload = GeolocXml.toXml(location.get().geoloc());
        GeoCheck check = VALIDATOR.check(XML.read(payload).orElseThrow(), Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(check.valid() || !check.problems().isEmpty()).isTrue();
        if (location.get().tid() != null) assertThat(location.get().tid()).isNotBlank();
    }
}
