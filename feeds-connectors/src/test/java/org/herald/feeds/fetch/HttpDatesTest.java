package org.herald.feeds.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpDatesTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("1994-11-06T08:47:37Z"), ZoneOffset.UTC);

    @Test
    void retryAfterAcceptsSecondsAndAllThreeHttpDateForms() {
        assertThat(HttpDates.retryAfter(" 90 ", NOW)).isEqualTo(Duration.ofSeconds(90));
        // RFC 9110 §5.6.7: IMF-fixdate, obsolete RFC 850 and asctime forms
        assertThat(HttpDates.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(HttpDates.retryAfter("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(HttpDates.retryAfter("Sun Nov  6 08:49:37 1994", NOW)).isEqualTo(Duration.ofSeconds(120));
        assertThat(HttpDates.retryAfter("Sun, 06 Nov 1994 08:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
        assertThat(HttpDates.retryAfter("soon", NOW)).isNull();
        assertThat(HttpDates.retryAfter("-5", NOW)).isNull();
        assertThat(HttpDates.retryAfter(null, NOW)).isNull();
    }

    @Test
    void maxAgeIsReadFromAnyCacheControlHeader() {
        assertThat(HttpDates.maxAge(List.of("public", "no-transform, max-age=3600"))).isEqualTo(Duration.ofHours(1));
        assertThat(HttpDates.maxAge(List.of("MAX-AGE=\"60\""))).isEqualTo(Duration.ofMinutes(1));
        assertThat(HttpDates.maxAge(List.of("s-maxage=60"))).isNull();
        assertThat(HttpDates.maxAge(List.of("max-age=abc"))).isNull();
        assertThat(HttpDates.maxAge(List.of())).isNull();
    }
}
