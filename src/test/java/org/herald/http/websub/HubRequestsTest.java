package org.herald.http.websub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.herald.http.feed.FeedFormat;
import org.herald.http.problem.HttpProblem;
import org.junit.jupiter.api.Test;

class HubRequestsTest {
    private static final String TOPIC = "https://herald.example/feeds/news.atom";
    private final HubRequests requests = new HubRequests(new Topics("https://herald.example"), new LeasePolicy(600, 60, 3600));

    private static Map<String, List<String>> form(String... pairs) {
        Map<String, List<String>> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.computeIfAbsent(pairs[i], k -> new java.util.ArrayList<>()).add(pairs[i + 1]);
        }
        return form;
    }

    private void refused(Map<String, List<String>> form, String field) {
        assertThatThrownBy(() -> requests.read(form)).isInstanceOfSatisfying(HttpProblem.class, p -> {
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.field()).isEqualTo(field);
        });
    }

    @Test
    void aSubscriptionNamesCallbackTopicLeaseAndSecret() {
        HubRequest r = requests.read(form("hub.mode", "subscribe", "hub.callback", "https://sub.example/cb?x=1",
                "hub.topic", TOPIC, "hub.lease_seconds", "900", "hub.secret", "s3cret", "hub.unknown", "ignored"));
        assertThat(r).isInstanceOfSatisfying(HubRequest.Subscription.class, s -> {
            assertThat(s.subscribe()).isTrue();
            assertThat(s.callback().toString()).isEqualTo("https://sub.example/cb?x=1");
            assertThat(s.topic()).isEqualTo(new Topic(TOPIC, "news", FeedFormat.ATOM));
            assertThat(s.leaseSeconds()).isEqualTo(900);
            assertThat(s.secret()).isEqualTo("s3cret");
        });
    }

    @Test
    void leasesGetTheDefaultWhenNotAskedAndAreClampedToTheLimits() {
        assertThat(lease(null)).isEqualTo(600);
        assertThat(lease("0")).isEqualTo(60);
        assertThat(lease("999999999")).isEqualTo(3600);
        refused(form("hub.mode", "subscribe", "hub.callback", "https://sub.example/cb", "hub.topic", TOPIC,
                "hub.lease_seconds", "soon"), "hub.lease_seconds");
        refused(form("hub.mode", "subscribe", "hub.callback", "https://sub.example/cb", "hub.topic", TOPIC,
                "hub.lease_seconds", "-5"), "hub.lease_seconds");
    }

    private long lease(String seconds) {
        Map<String, List<String>> f = form("hub.mode", "subscribe", "hub.callback", "https://sub.example/cb", "hub.topic", TOPIC);
        if (seconds != null) f.put("hub.lease_seconds", List.of(seconds));
        return ((HubRequest.Subscription) requests.read(f)).leaseSeconds();
    }

    @Test
    void eachBadFieldIsNamed() {
        refused(form("hub.callback", "https://sub.example/cb", "hub.topic", TOPIC), "hub.mode");
        refused(form("hub.mode", "follow", "hub.callback", "https://sub.example/cb", "hub.topic", TOPIC), "hub.mode");
        refused(form("hub.mode", "subscribe", "hub.topic", TOPIC), "hub.callback");
        refused(form("hub.mode", "subscribe", "hub.callback", "ftp://sub.example/cb", "hub.topic", TOPIC), "hub.callback");
        refused(form("hub.mode", "subscribe", "hub.callback", "/relative", "hub.topic", TOPIC), "hub.callback");
        refused(form("hub.mode", "subscribe", "hub.callback", "https://user:pw@sub.example/cb", "hub.topic", TOPIC), "hub.callback");
        refused(form("hub.mode", "subscribe", "hub.callback", "https://sub.example/cb"), "hub.topic");
        refused(form("hub.mode", "subscribe", "hub.callback", "https://sub.example/cb", "hub.topic",
                "https://elsewhere.example/feeds/news.atom"), "hub.topic");
        refused(form("hub.mode", "subscribe", "hub.callback", "https://a.example/", "hub.callback", "https://b.example/",
                "hub.topic", TOPIC), "hub.callback");
    }

    @Test
    void secretsMustBeShorterThan200Bytes() {
        String ok = "x".repeat(199);
        assertThat(((HubRequest.Subscription) requests.read(form("hub.mode", "subscribe", "hub.callback", "https://s.example/",
                "hub.topic", TOPIC, "hub.secret", ok))).secret()).isEqualTo(ok);
        refused(form("hub.mode", "subscribe", "hub.callback", "https://s.example/", "hub.topic", TOPIC,
                "hub.secret", "x".repeat(200)), "hub.secret");
        // bytes, not characters: 100 two-byte characters are 200 bytes
        refused(form("hub.mode", "subscribe", "hub.callback", "https://s.example/", "hub.topic", TOPIC,
                "hub.secret", "é".repeat(100)), "hub.secret");
    }

    @Test
    void aPublishPingNamesOwnTopicsAsUrlOrTopic() {
        assertThat(requests.read(form("hub.mode", "publish", "hub.url", TOPIC, "hub.url",
                "https://herald.example/feeds/other.rss"))).isEqualTo(new HubRequest.Publish(List.of(
                new Topic(TOPIC, "news", FeedFormat.ATOM), new Topic("https://herald.example/feeds/other.rss", "other", FeedFormat.RSS))));
        assertThat(requests.read(form("hub.mode", "publish", "hub.topic", TOPIC))).isInstanceOf(HubRequest.Publish.class);
        refused(form("hub.mode", "publish", "hub.url", "https://elsewhere.example/feed"), "hub.url");
        refused(form("hub.mode", "publish"), "hub.url");
    }
}
