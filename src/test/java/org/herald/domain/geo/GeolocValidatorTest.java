package org.herald.domain.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class GeolocValidatorTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private final GeolocValidator validator = new GeolocValidator(Duration.ofMinutes(5));

    private static GeolocFields fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return GeolocFields.of(m);
    }

    private GeoCheck check(String... kv) {
        return validator.check(fields(kv), NOW);
    }

    private static List<String> elements(GeoCheck c) {
        return c.problems().stream().map(GeoProblem::element).toList();
    }

    @Test
    void theXepExampleIsValid() {
        // XEP-0080 §4.1 Example 1
        GeoCheck c = check("accuracy", "20", "country", "Italy", "lat", "45.44", "locality", "Venice", "lon", "12.33");
        assertThat(c.valid()).isTrue();
        Geoloc g = c.geoloc();
        assertThat(g.lat()).isEqualTo(45.44);
        assertThat(g.lon()).isEqualTo(12.33);
        assertThat(g.accuracy()).isEqualTo(20.0);
        assertThat(g.label()).isEqualTo("Venice");
        assertThat(g.timestamp()).isNull();
        assertThat(c.futureSkew()).isFalse();
        assertThat(c.deprecatedError()).isFalse();
    }

    @Test
    void aLabelCutToItsLimitOnASpaceIsStrippedSoItReadsBackTheSame() {
        // Found by GeolocFuzzTest (corpus file label-cut-on-space): the 200th code point was a space.
        String text = "a".repeat(GeolocValidator.MAX_LABEL - 1) + " tail";
        String label = check("lat", "1", "lon", "2", "text", text).geoloc().label();
        assertThat(label).isEqualTo("a".repeat(GeolocValidator.MAX_LABEL - 1));
        assertThat(check("lat", "1", "lon", "2", "text", label).geoloc().label()).isEqualTo(label);
    }

    @Test
    void allFieldsAreRead() {
        GeoCheck c = check("lat", "-33.8688", "lon", "151.2093", "alt", "-12.5", "bearing", "359.999", "speed", "0",
                "altaccuracy", "3", "timestamp", "2026-11-21T11:59:00Z", "text", "  gate\n 4  ", "description", "d");
        Geoloc g = c.geoloc();
        assertThat(g).isEqualTo(new Geoloc(-33.8688, 151.2093, -12.5, null, 359.999, 0.0,
                Instant.parse("2026-11-21T11:59:00Z"), "gate 4"));
    }

    @Test
    void emptyGeolocIsTheStopCommandNotNullIsland() {
        GeoCheck c = validator.check(GeolocFields.of(Map.of()), NOW);
        assertThat(c.valid()).isTrue();
        assertThat(c.geoloc().sharing()).isFalse();
        assertThat(c.geoloc()).isEqualTo(Geoloc.stopped(null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "lat|91.5|<lat/>: 91.5 is outside [-90, 90]",
            "lat|-90.0001|<lat/>: -90.0001 is outside [-90, 90]",
            "lon|180.5|<lon/>: 180.5 is outside [-180, 180]",
            "lon|-181|<lon/>: -181 is outside [-180, 180]"})
    void coordinatesOutOfRange(String element, String value, String message) {
        GeoCheck c = element.equals("lat") ? check("lat", value, "lon", "0") : check("lat", "0", "lon", value);
        assertThat(c.valid()).isFalse();
        assertThat(c.geoloc()).isNull();
        assertThat(c.problems()).extracting(GeoProblem::toString).containsExactly(message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"90", "-90", "90.000", "+45", "45.", ".5", "-.5", "0"})
    void edgeAndLexicalFormsOfLatitudeAreValid(String lat) {
        assertThat(check("lat", lat, "lon", "180").valid()).isTrue();
        assertThat(check("lat", lat, "lon", "-180").valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e2", "1E-3", "NaN", "INF", "-INF", "Infinity", "0x1p3", "4 5", "45,3", "", "--4", "+",
            ".", "١٢", "45.0d", "45f"})
    void onlyTheXsDecimalLexicalFormIsANumber(String text) {
        for (String element : List.of("lat", "lon", "alt", "accuracy", "altaccuracy", "bearing", "error", "speed")) {
            Map<String, String> m = new LinkedHashMap<>(Map.of("lat", "1", "lon", "2"));
            m.put(element, text);
            GeoCheck c = validator.check(GeolocFields.of(m), NOW);
            assertThat(elements(c)).as(element + "=" + text).containsExactly(element);
        }
    }

    @Test
    void hugeDecimalsAreProblemsNotInfinity() {
        String big = "9".repeat(400);
        assertThat(elements(check("lat", "1", "lon", "2", "alt", big))).containsExactly("alt");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"bearing|360", "bearing|-0.1", "bearing|720", "speed|-1", "accuracy|-0.5",
            "altaccuracy|-2", "error|-1"})
    void rangesOfTheOtherDecimals(String element, String value) {
        GeoCheck c = check("lat", "1", "lon", "2", element, value);
        assertThat(elements(c)).containsExactly(element);
        assertThat(c.problems().get(0).reason()).contains(value);
    }

    @Test
    void bearingZeroAndAnyAltitudeAreValid() {
        assertThat(check("lat", "1", "lon", "2", "bearing", "0", "alt", "-420.5").valid()).isTrue();
    }

    @Test
    void halfAPositionNamesTheMissingElement() {
        assertThat(elements(check("lat", "48.1"))).containsExactly("lon");
        assertThat(elements(check("lon", "11.5"))).containsExactly("lat");
        assertThat(check("lat", "48.1").problems().get(0).reason()).contains("missing");
    }

    @Test
    void aCivicOnlyLocationCannotBeIndexed() {
        GeoCheck c = check("locality", "Venice", "country", "Italy");
        assertThat(elements(c)).containsExactly("lat");
        assertThat(c.problems().get(0).reason()).contains("stop command");
    }

    @Test
    void repeatedAndNestedKnownElementsAreProblemsUnknownOnesAreIgnored() {
        GeolocFields f = new GeolocFields(Map.of("lat", "1", "lon", "2", "x-vendor", "whatever"),
                List.of("lat", "x-repeat"), List.of("speed", "x-nested"));
        GeoCheck c = validator.check(f, NOW);
        assertThat(elements(c)).containsExactly("lat", "speed");
        assertThat(c.problems().get(0).reason()).contains("more than once");
        assertThat(c.problems().get(1).reason()).contains("child elements");
        // unknown elements only: still a valid reading (XEP-0080 is extensible)
        GeoCheck ok = validator.check(new GeolocFields(Map.of("lat", "1", "lon", "2", "vendor", "v"),
                List.of("vendor"), List.of("vendor")), NOW);
        assertThat(ok.valid()).isTrue();
    }

    @Test
    void aStructuralProblemIsTheOnlyProblemOfItsElement() {
        GeolocFields f = new GeolocFields(Map.of("lat", "", "lon", "2", "timestamp", "x"), List.of("timestamp"),
                List.of("lat"));
        assertThat(validator.check(f, NOW).problems()).extracting(GeoProblem::element).containsExactly("timestamp", "lat");
    }

    @Test
    void allProblemsAreCollected() {
        GeoCheck c = check("lat", "91", "lon", "abc", "speed", "-3", "timestamp", "yesterday", "datum", "OSGB36");
        assertThat(elements(c)).containsExactlyInAnyOrder("lat", "lon", "speed", "timestamp", "datum");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2004-02-19T21:12Z|2004-02-19T21:12:00Z",
            "1969-07-21T02:56:15Z|1969-07-21T02:56:15Z",
            "1969-07-20T21:56:15-05:00|1969-07-21T02:56:15Z",
            "2014-09-10T06:54:07+02:00|2014-09-10T04:54:07Z",
            "2014-09-10T06:54:07.25+02:00|2014-09-10T04:54:07.250Z",
            "2014-09-10T04:54:07.1234567891234Z|2014-09-10T04:54:07.123456789Z",
            "2014-09-10T23:30:00-14:00|2014-09-11T13:30:00Z",
            "2014-12-31T24:00:00Z|2015-01-01T00:00:00Z",
            "2024-02-29T00:00:00Z|2024-02-29T00:00:00Z"})
    void xep0082DateTimesAreNormalisedToUtc(String text, String utc) {
        GeoCheck c = check("lat", "1", "lon", "2", "timestamp", text);
        assertThat(c.valid()).as(text).isTrue();
        assertThat(c.geoloc().timestamp()).isEqualTo(Instant.parse(utc));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2014-09-10T06:54:07", "2014-09-10 06:54:07Z", "2014-09-10", "20140910T06:54:07Z",
            "2014-09-10T06:54:07+0200", "2014-09-10T06:54:07+02", "2014-02-30T00:00:00Z", "2014-09-10T25:00:00Z",
            "2014-09-10T24:00:01Z", "2014-09-10T12:60:00Z", "2014-09-10T12:00:60Z", "2014-09-10T12:00:00+15:00",
            "2014-09-10T12:00:00.Z", "1410331447", "0000-01-01T00:00:00Z", "-2014-09-10T06:54:07Z",
            "2014-09-10T06:54:07z"})
    void otherTimestampsAreProblems(String text) {
        GeoCheck c = check("lat", "1", "lon", "2", "timestamp", text);
        assertThat(elements(c)).as(text).containsExactly("timestamp");
    }

    @Test
    void aTimestampTooFarAheadIsKeptButFlagged() {
        GeoCheck within = check("lat", "1", "lon", "2", "timestamp", "2026-11-21T12:05:00Z");
        assertThat(within.valid()).isTrue();
        assertThat(within.futureSkew()).isFalse();
        GeoCheck ahead = check("lat", "1", "lon", "2", "timestamp", "2026-11-21T12:05:00.001Z");
        assertThat(ahead.valid()).isTrue();
        assertThat(ahead.futureSkew()).isTrue();
        assertThat(ahead.geoloc().timestamp()).isEqualTo(Instant.parse("2026-11-21T12:05:00.001Z"));
        // an offset does not fool the comparison: 13:10+01:00 is 12:10Z
        assertThat(check("lat", "1", "lon", "2", "timestamp", "2026-11-21T13:04:00+01:00").futureSkew()).isFalse();
        assertThat(check("lat", "1", "lon", "2", "timestamp", "2026-11-21T13:10:00+01:00").futureSkew()).isTrue();
    }

    @Test
    void deprecatedErrorBecomesAccuracyInMetres() {
        GeoCheck c = check("lat", "1", "lon", "2", "error", "290.8882087");
        assertThat(c.deprecatedError()).isTrue();
        assertThat(c.geoloc().accuracy()).isCloseTo(290.8882087 * 1852, org.assertj.core.data.Offset.offset(1e-6));
    }

    /** Found by GeolocFuzzTest: 1e61 arc minutes became an accuracy whose canonical payload did not read back. */
    @ParameterizedTest
    @ValueSource(strings = {"21600.0001", "17777777777777777777777777777777777777777777777777777777777778", "1e3"})
    void anErrorBeyondTheEarthsCircumferenceIsRefused(String error) {
        GeoCheck c = check("lat", "-90", "lon", "180", "error", error);

        assertThat(elements(c)).containsExactly("error");
    }

    @Test
    void anErrorOfTheWholeCircumferenceIsTheLargestAccepted() {
        GeoCheck c = check("lat", "1", "lon", "2", "error", "21600");

        assertThat(c.valid()).isTrue();
        assertThat(c.geoloc().accuracy()).isEqualTo(21_600 * 1852.0);
    }

    @Test
    void accuracyWinsOverError() {
        GeoCheck c = check("lat", "1", "lon", "2", "error", "1", "accuracy", "10");
        assertThat(c.deprecatedError()).isFalse();
        assertThat(c.geoloc().accuracy()).isEqualTo(10.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"WGS84", "wgs84", "WGS 84", "WGS-84", " WGS84 "})
    void wgs84IsAccepted(String datum) {
        assertThat(check("lat", "1", "lon", "2", "datum", datum).valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"OSGB36", "NAD27", "ED50", ""})
    void otherDatumsAreRefusedSayingWhy(String datum) {
        GeoCheck c = check("lat", "1", "lon", "2", "datum", datum);
        assertThat(elements(c)).containsExactly("datum");
        assertThat(c.problems().get(0).reason()).contains("WGS84");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Z|true", "-07:00|true", "+14:00|true", "+05:45|true", "+15:00|false",
            "0700|false", "PST|false", "+7:00|false"})
    void tzoFollowsTheXep0082Tzd(String tzo, boolean valid) {
        GeoCheck c = check("lat", "1", "lon", "2", "tzo", tzo);
        assertThat(c.valid()).as(tzo).isEqualTo(valid);
        if (!valid) assertThat(elements(c)).containsExactly("tzo");
    }

    @Test
    void labelPrefersTextThenDescriptionThenLocalityAndIsBounded() {
        assertThat(check("lat", "1", "lon", "2", "description", "Bill's house", "locality", "NYC").geoloc().label())
                .isEqualTo("Bill's house");
        assertThat(check("lat", "1", "lon", "2", "text", "   ", "locality", "NYC").geoloc().label()).isEqualTo("NYC");
        assertThat(check("lat", "1", "lon", "2").geoloc().label()).isNull();
        String longText = "🚗".repeat(300);
        String label = check("lat", "1", "lon", "2", "text", longText).geoloc().label();
        assertThat(label.codePointCount(0, label.length())).isEqualTo(GeolocValidator.MAX_LABEL);
    }

    @Test
    void errorMessagesDoNotEchoHugeValues() {
        GeoCheck c = check("lat", "1", "lon", "2", "tzo", "x".repeat(10_000));
        assertThat(c.problems().get(0).reason().length()).isLessThan(200);
    }

    /** Found by GeolocFuzzTest: accepted, but its canonical form "+10000-01-01T13:59:59Z" did not read back. */
    @ParameterizedTest
    @ValueSource(strings = {"9999-12-31T24:00:00-14:00", "9999-12-31T23:00:00-01:00", "0001-01-01T00:00:00+00:01"})
    void aTimestampOutsideTheFourDigitYearsInUtcIsRefused(String timestamp) {
        GeoCheck c = check("lat", "1", "lon", "2", "timestamp", timestamp);

        assertThat(elements(c)).containsExactly("timestamp");
    }

    @Test
    void theLastTimestampInUtcIsValid() {
        GeoCheck c = check("lat", "1", "lon", "2", "timestamp", "9999-12-31T23:59:59.999Z");

        assertThat(c.valid()).isTrue();
        assertThat(Xep0082.dateTime(Xep0082.format(c.geoloc().timestamp()))).isEqualTo(c.geoloc().timestamp());
    }
}
