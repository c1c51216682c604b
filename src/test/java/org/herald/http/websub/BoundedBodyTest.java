package org.herald.http.websub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.codec.spi.BodyStream;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {

    private static BodyStream<String> stream(int limit) {
        return BoundedBody.open(limit);
    }

    @Test
    void aBodyWithinTheLimitIsReadWhole() {
        BodyStream<String> s = stream(8);
        s.write(Buffer.buffer("abcd"));
        s.write(Buffer.buffer("efgh"));
        s.end((io.vertx.core.Handler<io.vertx.core.AsyncResult<Void>>) null);
        Future<String> result = s.result();
        assertThat(result.succeeded()).isTrue();
        assertThat(result.result()).isEqualTo("abcdefgh");
    }

    @Test
    void aLongerBodyFailsAndIsNotKept() {
        BodyStream<String> s = stream(8);
        s.write(Buffer.buffer("abcd"));
        s.write(Buffer.buffer("efghi"));
        s.write(Buffer.buffer("more and more"));
        s.end((io.vertx.core.Handler<io.vertx.core.AsyncResult<Void>>) null);
        assertThat(s.result().failed()).isTrue();
        assertThat(s.result().cause()).hasMessageContaining("over 8 bytes");
    }
}
