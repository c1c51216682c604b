package org.herald.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.herald.feeds.net.AddressGuard;
import org.herald.http.problem.HttpProblem;
import org.junit.jupiter.api.Test;

/** The registration check with the SSRF guard on, as in production (the test profile allows private targets). */
class FeedTargetsTest {
    private final FeedTargets targets = new FeedTargets(new AddressGuard(false));

    @Test
    void privateAndLoopbackTargetsAreRefusedWith422NamingUrl() {
        for (String url : new String[] {"http://127.0.0.1:8080/feed", "http://localhost/feed", "http://10.1.2.3/feed",
                "http://169.254.169.254/latest/meta-data", "http://[::1]/feed", "https://192.168.0.1/rss"}) {
            HttpProblem p = catchThrowableOfType(HttpProblem.class, () -> targets.checkNow(url));
            assertThat(p).as(url).isNotNull();
            assertThat(p.status()).isEqualTo(422);
            assertThat(p.field()).isEqualTo("url");
        }
    }

    @Test
    void aPublicAddressPasses() {
        assertThat(targets.checkNow("http://93.184.215.14/feed.xml").getHost()).isEqualTo("93.184.215.14");
    }

    @Test
    void onlyAbsoluteHttpUrlsWithAHostAndNoCredentials() {
        for (String url : new String[] {"ftp://example.org/", "gopher://x/", "//example.org/feed", "http://user:pw@example.org/"}) {
            HttpProblem p = catchThrowableOfType(HttpProblem.class, () -> FeedTargets.syntax(url));
            assertThat(p).as(url).isNotNull();
            assertThat(p.field()).isEqualTo("url");
        }
    }
}
