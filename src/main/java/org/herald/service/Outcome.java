package org.herald.service;

import java.util.ArrayList;
import java.util.List;
import org.herald.service.event.PubSubEvent;

/**
 * A use case's answer plus the events to emit, in order, once its transaction has committed. An event may carry a
 * {@link RosterCheck}: recipients whose right to hear of it rests on node owners' rosters, asked after the commit.
 */
record Outcome<T>(T value, List<Notice> notices) {

    /** One event to emit, with the roster questions to settle before it leaves. */
    record Notice(PubSubEvent event, RosterCheck check) {
    }

    Outcome {
        notices = List.copyOf(notices);
    }

    /** One event, or none when null. */
    Outcome(T value, PubSubEvent event) {
        this(value, event, RosterCheck.NONE);
    }

    /** One event whose recipients still face the roster check, or none when null. */
    Outcome(T value, PubSubEvent event, RosterCheck check) {
        this(value, event == null ? List.of() : List.of(new Notice(event, check)));
    }

    static <T> Outcome<T> quiet(T value) {
        return new Outcome<>(value, List.<Notice>of());
    }

    /** The events, in order. */
    List<PubSubEvent> events() {
        return notices.stream().map(Notice::event).toList();
    }

    /** Whether some event waits on rosters before it may leave. */
    boolean asksRosters() {
        return notices.stream().anyMatch(n -> !n.check().isEmpty());
    }

    /** The same answer with more events after these (nulls skipped). */
    Outcome<T> and(List<? extends PubSubEvent> more) {
        List<Notice> all = new ArrayList<>(notices);
        for (PubSubEvent e : more) if (e != null) all.add(new Notice(e, RosterCheck.NONE));
        return new Outcome<>(value, all);
    }

    /** Several events, nulls left out (a rule that decided nobody is to be told yields none). */
    static <T> Outcome<T> of(T value, List<? extends PubSubEvent> events) {
        return Outcome.<T>quiet(value).and(events);
    }
}
