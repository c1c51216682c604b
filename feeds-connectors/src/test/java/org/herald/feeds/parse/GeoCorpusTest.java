package org.herald.feeds.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real GeoRSS / W3C geo samples from Rome's module tests and feedparser's geo tests. */
class GeoCorpusTest {
    private static final Path ROOT = Path.of(System.getProperty("herald.feeds.corpus", "../../shared/testdata/feeds"));

    private static Path find(String name) throws Exception {
        try (Stream<Path> s = Files.walk(ROOT.resolve("rome"))) {
            return s.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElseThrow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rss2.0-w3cgeo.xml", "rss1.0-w3cgeo.xml", "georss-double-space-issue.xml",
        "usgs-gov-earthquakes-all-hour-atom.xml"})
    void firstEntryHasAValidPoint(String name) throws Exception {
        ParsedFeed f = new FeedParser().parse(Files.readAllBytes(find(name)), null, null);
        assertThat(f.entries()).isNotEmpty();
        assertThat(f.entries().get(0).geo()).as(name).isNotNull();
    }

    @Test
    void feedparserGeoFilesNeverFailTheFeed() throws Exception {
        try (Stream<Path> s = Files.walk(ROOT.resolve("feedparser/wellformed/geo"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                assertThat(new FeedParser().parse(Files.readAllBytes(p), null, null)).as(p.toString()).isNotNull();
            }
        }
    }
}
