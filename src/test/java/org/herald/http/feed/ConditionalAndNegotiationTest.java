package org.herald.http.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.StoredItem;
import org.herald.http.PathSegments;
import org.herald.service.ItemPage;
import org.junit.jupiter.api.Test;

class ConditionalAndNegotiationTest {
    private static final Instant T = Instant.parse("2026-11-21T10:00:00.400Z");

    @Test
    void acceptPicksTheBestQualityThenTheMostSpecificRangeAndAtomForAnything() {
        assertThat(FeedNegotiation.choose(null)).isEqualTo(FeedFormat.ATOM);
        assertThat(FeedNegotiation.choose("*/*")).isEqualTo(FeedFormat.ATOM);
        assertThat(FeedNegotiation.choose("application/rss+xml")).isEqualTo(FeedFormat.RSS);
        assertThat(FeedNegotiation.choose("application/feed+json, application/atom+xml;q=0.9")).isEqualTo(FeedFormat.JSON);
        assertThat(FeedNegotiation.choose("application/json")).isEqualTo(FeedFormat.JSON);
        assertThat(FeedNegotiation.choose("text/html, application/xml;q=0.9, */*;q=0.8")).isEqualTo(FeedFormat.ATOM);
        assertThat(FeedNegotiation.choose("application/*;q=0.5, application/rss+xml;q=0.6")).isEqualTo(FeedFormat.RSS);
        assertThat(FeedNegotiation.choose("application/atom+xml;q=0, */*")).isEqualTo(FeedFormat.RSS); // q=0 refuses
        assertThat(FeedNegotiation.choose("image/png")).isNull();
    }

    @Test
    void lastModifiedWaitsForItsSecondToEnd() {
        assertThat(Conditional.lastModified(T, T.plusMillis(100))).isNull();
        assertThat(Conditional.lastModified(T, T.plusMillis(600))).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(Conditional.format(Instant.parse("2026-11-06T08:49:37Z"))).isEqualTo("Fri, 06 Nov 2026 08:49:37 GMT");
    }

    @Test
    void ifNoneMatchDecidesBeforeIfModifiedSince() {
        Instant lm = Instant.parse("2026-11-21T10:00:00Z");
        Instant now = lm.plusSeconds(60);
        String date = Conditional.format(lm);
        assertThat(Conditional.notModified("\"a\"", null, "\"a\"", lm, now)).isTrue();
        assertThat(Conditional.notModified("\"x\", W/\"a\"", null, "\"a\"", lm, now)).isTrue();
        assertThat(Conditional.notModified("*", null, "\"a\"", lm, now)).isTrue();
        assertThat(Conditional.notModified("\"b\"", date, "\"a\"", lm, now)).isFalse(); // INM present: IMS ignored
        assertThat(Conditional.notModified(null, date, "\"a\"", lm, now)).isTrue();
        assertThat(Conditional.notModified(null, Conditional.format(lm.minusSeconds(1)), "\"a\"", lm, now)).isFalse();
        assertThat(Conditional.notModified(null, "yesterday", "\"a\"", lm, now)).isFalse();
        assertThat(Conditional.notModified(null, Conditional.format(now.plusSeconds(5)), "\"a\"", lm, now)).isFalse();
        assertThat(Conditional.notModified(null, date, "\"a\"", null, now)).isFalse();
    }

    @Test
    void theVersionChangesWithEveryPublishRetractionAndPurge() {
        var node = FeedRenderersTest.node("t", org.herald.domain.ItemReply.NONE);
        StoredItem a = new StoredItem(1, new Item(node.id(), "a", null, Jid.parse("x@y"), T));
        StoredItem b = new StoredItem(2, new Item(node.id(), "b", null, Jid.parse("x@y"), T));
        StoredItem aAgain = new StoredItem(3, new Item(node.id(), "a", null, Jid.parse("x@y"), T));
        FeedVersion one = FeedVersion.of(new ItemPage(node, List.of(a), 0, 1, true));
        FeedVersion two = FeedVersion.of(new ItemPage(node, List.of(b, a), 0, 2, true));
        FeedVersion retracted = FeedVersion.of(new ItemPage(node, List.of(b), 0, 1, true));
        FeedVersion republished = FeedVersion.of(new ItemPage(node, List.of(aAgain, b), 0, 2, true));
        FeedVersion purged = FeedVersion.of(new ItemPage(node, List.of(), null, 0, true));
        assertThat(List.of(one, two, retracted, republished, purged)).doesNotHaveDuplicates();
        assertThat(FeedVersion.of(new ItemPage(node, List.of(a), 0, 1, true))).isEqualTo(one);
        assertThat(one.etag(FeedFormat.ATOM)).isNotEqualTo(one.etag(FeedFormat.RSS)).startsWith("\"").endsWith("\"");
        var retitled = node.withConfig(node.config().with().title("other").build());
        assertThat(FeedVersion.of(new ItemPage(retitled, List.of(a), 0, 1, true))).isNotEqualTo(one);
    }

    @Test
    void aVersionFirstSeenLaterIsModifiedLaterAndAVersionThatComesBackIsNewAgain() {
        var clock = new java.util.concurrent.atomic.AtomicReference<>(T);
        FeedVersions versions = new FeedVersions(2, new java.time.Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public java.time.Clock withZone(java.time.ZoneId z) { return this; }
            public Instant instant() { return clock.get(); }
        });
        FeedVersion v1 = new FeedVersion("1"), v2 = new FeedVersion("2");
        assertThat(versions.since("n", v1)).isEqualTo(T);
        clock.set(T.plusSeconds(5));
        assertThat(versions.since("n", v1)).isEqualTo(T);
        assertThat(versions.since("n", v2)).isEqualTo(T.plusSeconds(5));
        clock.set(T.plusSeconds(9));
        assertThat(versions.since("n", v1)).isEqualTo(T.plusSeconds(9));
        // beyond its capacity the oldest node is forgotten, and its version counts as new
        versions.since("m", v1);
        versions.since("k", v1);
        clock.set(T.plusSeconds(20));
        assertThat(versions.since("n", v1)).isEqualTo(T.plusSeconds(20));
    }

    @Test
    void geoPointsAreDecimalDegreesInRange() {
        assertThat(GeoPoint.of("45.44", "-12.5").georss()).isEqualTo("45.44 -12.5");
        assertThat(GeoPoint.ofGeoRss(" 45.256  -71.92 ").georss()).isEqualTo("45.256 -71.92");
        assertThat(GeoPoint.of("91", "0")).isNull();
        assertThat(GeoPoint.of("0", "180.5")).isNull();
        assertThat(GeoPoint.of("NaN", "0")).isNull();
        assertThat(GeoPoint.of("1e3", "0")).isNull();
        assertThat(GeoPoint.of(null, "0")).isNull();
    }

    @Test
    void nodeIdsAreOnePercentEncodedSegment() {
        assertThat(PathSegments.encode("a/b c~é")).isEqualTo("a%2Fb%20c~%C3%A9");
        assertThat(FeedFormat.ofName("x.y.rss")).isEqualTo(FeedFormat.RSS);
        assertThat(FeedFormat.ofName("x.y")).isNull();
        assertThat(FeedFormat.ofName(".atom")).isNull();
    }

    @Test
    void forbiddenXmlCharactersBecomeReplacementCharacters() {
        assertThat(XmlText.clean("a\u0000b\u0008c\uD800d\uFFFEe\uD83D\uDE00")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uD83D\uDE00");
    }
}
