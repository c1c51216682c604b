package org.herald.xmpp.component;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Outbound data held back while the socket's write queue is full (TCP backpressure). Bounded in bytes:
 * an unbounded backlog would let a slow server exhaust Herald's memory.
 */
final class Backlog {
    private final int maxBytes;
    private final Deque<Buffer> queue = new ArrayDeque<>();
    private long bytes;

    Backlog(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Queues the data unless that would pass the bound; false means the caller must drop it. */
    boolean offer(Buffer data) {
        if (bytes + data.length() > maxBytes) return false;
        queue.add(data);
        bytes += data.length();
        return true;
    }

    Buffer poll() {
        Buffer b = queue.poll();
        if (b != null) bytes -= b.length();
        return b;
    }

    /** Empties the backlog and returns how many entries were discarded. */
    int clear() {
        int n = queue.size();
        queue.clear();
        bytes = 0;
        return n;
    }
}
