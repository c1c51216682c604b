package org.herald.fanout;

import java.util.HashMap;
import java.util.Map;

/**
 * The latest message number heard from each other instance, to notice a lost message: a number that skips one, or a
 * heartbeat naming a number not heard. An instance first heard with a number above 1 may have lost its first
 * messages to us, so that counts as a gap too (the fill it causes is harmless when nothing was lost).
 * Thread-safe (the subscription's handler and timers call it).
 */
final class SenderTracker {
    private final Map<String, Long> latest = new HashMap<>();
    private final Map<String, Long> heardAt = new HashMap<>();

    /** Records a message; true when messages of its sender were missed before it. */
    synchronized boolean missedBefore(BusMessage m, long nowMillis, long forgetAfterMillis) {
        Long last = latest.get(m.sender());
        boolean gap;
        if (last == null) {
            gap = m.heartbeat() ? m.number() > 0 : m.number() > 1;
        } else {
            gap = m.heartbeat() ? m.number() > last : m.number() > last + 1;
        }
        latest.put(m.sender(), last == null ? m.number() : Math.max(last, m.number()));
        heardAt.put(m.sender(), nowMillis);
        // instances stopped long ago: forget them (a restarted instance has a new id)
        heardAt.entrySet().removeIf(e -> {
            boolean old = nowMillis - e.getValue() > forgetAfterMillis;
            if (old) latest.remove(e.getKey());
            return old;
        });
        return gap;
    }

    synchronized int senders() {
        return latest.size();
    }
}
