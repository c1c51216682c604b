package org.herald.service;

import java.util.ArrayList;
import java.util.List;
import org.herald.service.event.PubSubEvent;

/** A use case's answer plus the events to emit, in order, once its transaction has committed. */
record Outcome<T>(T value, List<PubSubEvent> events) {
    Outcome {
        events = List.copyOf(events);
    }

    /** One event, or none when null. */
    Outcome(T value, PubSubEvent event) {
        this(value, event == null ? List.of() : List.of(event));
    }

    static <T> Outcome<T> quiet(T value) {
        return new Outcome<>(value, List.of());
    }

    /** The same answer with more events after these (nulls skipped). */
    Outcome<T> and(List<? extends PubSubEvent> more) {
        List<PubSubEvent> all = new ArrayList<>(events);
        for (PubSubEvent e : more) if (e != null) all.add(e);
        return new Outcome<>(value, all);
    }

    /** Several events, nulls left out (a rule that decided nobody is to be told yields none). */
    static <T> Outcome<T> of(T value, List<? extends PubSubEvent> events) {
        List<PubSubEvent> out = new ArrayList<>();
        for (PubSubEvent e : events) if (e != null) out.add(e);
        return new Outcome<>(value, out);
    }
}
