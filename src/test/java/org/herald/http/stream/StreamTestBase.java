package org.herald.http.stream;

import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import org.herald.service.PubSubService;
import org.junit.jupiter.api.BeforeEach;

/** What every stream test has: the core to act through and a fixture aimed at the running server. */
abstract class StreamTestBase {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    PubSubService service;

    @TestHTTPResource("/")
    URL url;

    StreamFixture fx;

    @BeforeEach
    void aimFixture() throws Exception {
        fx = new StreamFixture(service, url.toURI());
    }
}
