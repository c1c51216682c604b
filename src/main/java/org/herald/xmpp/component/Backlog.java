package org.herald.xmpp.component;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Outbound data held back while the socket's write queue is full (TCP backpressure), in order. It is not bounded
 * here: dropping data of a live link loses notifications (issue #6). The bound lives with the senders: bulk senders
 * wait for the socket to drain ({@link ComponentConnection#whenWritable()}) before adding more, so the backlog holds
 * at most about {@code herald.component.max-send-queue-bytes} plus one chunk per bulk sender and what single replies
 * add. Each entry may carry a future told whether the data reached the socket (true) or was discarded with the
 * connection (false).
 */
final class Backlog {
    record Entry(Buffer data, CompletableFuture<Boolean> written) {
    }

    private final Deque<Entry> queue = new ArrayDeque<>();
    private long bytes;

    boolean isEmpty() {
        return queue.isEmpty();
    }

    long bytes() {
        return bytes;
    }

    void add(Buffer data, CompletableFuture<Boolean> written) {
        queue.add(new Entry(data, written));
        bytes += data.length();
    }

    Entry poll() {
        Entry e = queue.poll();
        if (e != null) bytes -= e.data().length();
        return e;
    }

    /** Empties the backlog (the connection is gone) and returns what was never written, in order. */
    List<Entry> clear() {
        List<Entry> out = new ArrayList<>(queue);
        queue.clear();
        bytes = 0;
        return out;
    }
}
