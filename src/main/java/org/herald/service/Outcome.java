package org.herald.service;

import org.herald.service.event.PubSubEvent;

/** A use case's answer plus the event to emit once its transaction has committed (null for none). */
record Outcome<T>(T value, PubSubEvent event) {
    static <T> Outcome<T> quiet(T value) {
        return new Outcome<>(value, null);
    }
}
