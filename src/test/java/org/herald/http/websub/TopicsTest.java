package org.herald.http.websub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.herald.http.feed.FeedFormat;

class TopicsTest {
    private final Topics topics = new Topics("https://herald.example");

    @Test
    void ownFeedsInEachFormatAreTopics() {
        assertThat(topics.resolve("https://herald.example/feeds/news.atom")).contains(new Topic("https://herald.example/feeds/news.atom", "news", FeedFormat.ATOM));
        assertThat(topics.resolve("https://herald.example/feeds/news.rss").map(Topic::format)).contains(FeedFormat.RSS);
        assertThat(topics.resolve("https://herald.example/feeds/news.json").map(Topic::format)).contains(FeedFormat.JSON);
    }

    @Test
    void nodeIdsWithSlashesAndEscapesAreDecoded() {
        assertThat(topics.resolve("https://herald.example/feeds/a%2Fb%20c.atom").map(Topic::nodeId)).contains("a/b c");
        assertThat(topics.resolve("https://herald.example/feeds/a/b.v2.atom").map(Topic::nodeId)).contains("a/b.v2");
        assertThat(topics.resolve("https://herald.example/feeds/a+b.atom").map(Topic::nodeId)).contains("a+b");
        String canonical = topics.topicUrl("a/b c", FeedFormat.ATOM);
        assertThat(canonical).isEqualTo("https://herald.example/feeds/a%2Fb%20c.atom");
        assertThat(topics.resolve(canonical).map(Topic::nodeId)).contains("a/b c");
    }

    @Test
    void anythingElseIsNotATopicOfThisHub() {
        assertThat(topics.resolve("https://other.example/feeds/news.atom")).isEqualTo(Optional.empty());
        assertThat(topics.resolve("http://herald.example/feeds/news.atom")).isEmpty();
        assertThat(topics.resolve("https://herald.example/feeds/news.html")).isEmpty();
        assertThat(topics.resolve("https://herald.example/feeds/.atom")).isEmpty();
        assertThat(topics.resolve("https://herald.example/feeds/news.atom?x=1")).isEmpty();
        assertThat(topics.resolve("https://herald.example/feeds/%zz.atom")).isEmpty();
        assertThat(topics.resolve("https://herald.example/api/v1/nodes/news")).isEmpty();
        assertThat(topics.hubUrl()).isEqualTo("https://herald.example/websub");
    }
}
