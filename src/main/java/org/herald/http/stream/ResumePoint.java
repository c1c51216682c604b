package org.herald.http.stream;

import org.herald.http.problem.HttpProblem;

/**
 * Where a stream resumes: the SSE Last-Event-ID (W3C HTML, "Server-sent events" §9.2.4, sent by EventSource on
 * reconnection), or the {@code lastEventId} query parameter for clients that cannot set headers. Event ids are item
 * sequence numbers, so anything but a non-negative integer is refused (422), never guessed at.
 */
final class ResumePoint {
    private ResumePoint() {
    }

    /** The sequence number to resume after, or null to start live; the header wins over the parameter. */
    static Long parse(String header, String parameter) {
        if (header != null && !header.isBlank()) return number("Last-Event-ID", header.trim());
        if (parameter != null && !parameter.isBlank()) return number("lastEventId", parameter.trim());
        return null;
    }

    private static Long number(String field, String value) {
        if (value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw HttpProblem.invalid(field, "an event id is an item's sequence number (a non-negative integer)");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw HttpProblem.invalid(field, "an event id is an item's sequence number (a non-negative integer)");
        }
    }
}
