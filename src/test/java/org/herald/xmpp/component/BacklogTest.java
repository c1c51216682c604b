package org.herald.xmpp.component;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BacklogTest {
    @Test
    void keepsEverythingInOrderAndCountsBytes() {
        Backlog backlog = new Backlog();
        CompletableFuture<Boolean> tracked = new CompletableFuture<>();

        backlog.add(Buffer.buffer("12345"), null);
        backlog.add(Buffer.buffer("678"), tracked);
        backlog.add(Buffer.buffer("90x"), null);
        assertThat(backlog.bytes()).isEqualTo(11);
        assertThat(backlog.poll().data().toString()).isEqualTo("12345");
        assertThat(backlog.bytes()).isEqualTo(6);
        var left = backlog.clear();
        assertThat(left).extracting(e -> e.data().toString()).containsExactly("678", "90x");
        assertThat(left.get(0).written()).isSameAs(tracked);
        assertThat(backlog.isEmpty()).isTrue();
        assertThat(backlog.bytes()).isZero();
    }
}
