package org.herald.domain;

import java.time.Duration;
import java.util.List;

/**
 * A use case refused with a {@link PubSubError}.
 *
 * @see #feature() the pubsub feature that is unsupported, for FEATURE_NOT_IMPLEMENTED
 * @see #field() the form field at fault, for form validation errors
 * @see #rejected() the entries of a multiple modification that were refused, as they still stand (§8.8.2.4)
 */
public final class PubSubException extends RuntimeException {
    private final PubSubError error;
    private final String feature;
    private final String field;
    private final List<SubscriptionChange> rejected;
    private final Duration retryAfter;

    private PubSubException(PubSubError error, String text, String feature, String field, List<SubscriptionChange> rejected,
                            Duration retryAfter) {
        super(text == null ? error.name() : text, null, false, false); // refusals are routine: no stack trace
        this.error = error;
        this.feature = feature;
        this.field = field;
        this.rejected = List.copyOf(rejected);
        this.retryAfter = retryAfter;
    }

    private PubSubException(PubSubError error, String text, String feature, String field, List<SubscriptionChange> rejected) {
        this(error, text, feature, field, rejected, null);
    }

    private PubSubException(PubSubError error, String text, String feature, String field) {
        this(error, text, feature, field, List.of());
    }

    public static PubSubException of(PubSubError error) {
        return new PubSubException(error, null, null, null);
    }

    public static PubSubException of(PubSubError error, String text) {
        return new PubSubException(error, text, null, null);
    }

    public static PubSubException unsupported(String feature) {
        return new PubSubException(PubSubError.FEATURE_NOT_IMPLEMENTED, "unsupported feature: " + feature, feature, null);
    }

    /** A form field was refused; {@code text} says why in words a person can act on. */
    public static PubSubException badField(PubSubError error, String field, String text) {
        return new PubSubException(error, field + ": " + text, null, field);
    }

    /**
     * §8.8.2.4: a multiple modification refused as a whole; {@code unchanged} lists the entries at fault, each
     * with the state it keeps. Every other entry counts as fine, though none was applied.
     */
    public static PubSubException rejected(PubSubError error, String text, List<SubscriptionChange> unchanged) {
        return new PubSubException(error, text, null, null, unchanged);
    }

    /** {@link PubSubError#RATE_LIMITED}: the requester may try again after {@code retryAfter}. */
    public static PubSubException rateLimited(Duration retryAfter, String text) {
        return new PubSubException(PubSubError.RATE_LIMITED, text, null, null, List.of(), retryAfter);
    }

    public PubSubError error() {
        return error;
    }

    public String feature() {
        return feature;
    }

    public String field() {
        return field;
    }

    public List<SubscriptionChange> rejected() {
        return rejected;
    }

    /** How long the requester should wait before trying again, or null when the refusal says nothing of it. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Human-readable text, safe to show to the requester. */
    public String text() {
        return getMessage();
    }
}
