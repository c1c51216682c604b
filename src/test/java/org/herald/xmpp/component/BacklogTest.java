package org.herald.xmpp.component;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class BacklogTest {
    @Test
    void refusesDataBeyondItsBoundAndDrainsInOrder() {
        Backlog backlog = new Backlog(10);

        assertThat(backlog.offer(Buffer.buffer("12345"))).isTrue();
        assertThat(backlog.offer(Buffer.buffer("678"))).isTrue();
        assertThat(backlog.offer(Buffer.buffer("90x"))).isFalse();
        assertThat(backlog.poll().toString()).isEqualTo("12345");
        assertThat(backlog.offer(Buffer.buffer("90x"))).isTrue();
        assertThat(backlog.poll().toString()).isEqualTo("678");
        assertThat(backlog.clear()).isEqualTo(1);
        assertThat(backlog.isEmpty()).isTrue();
    }
}
