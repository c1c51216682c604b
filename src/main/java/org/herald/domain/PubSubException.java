package org.herald.domain;

/**
 * A use case refused with a {@link PubSubError}.
 *
 * @see #feature() the pubsub feature that is unsupported, for FEATURE_NOT_IMPLEMENTED
 * @see #field() the form field at fault, for form validation errors
 */
public final class PubSubException extends RuntimeException {
    private final PubSubError error;
    private final String feature;
    private final String field;

    private PubSubException(PubSubError error, String text, String feature, String field) {
        super(text == null ? error.name() : text, null, false, false); // refusals are routine: no stack trace
        this.error = error;
        this.feature = feature;
        this.field = field;
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

    public PubSubError error() {
        return error;
    }

    public String feature() {
        return feature;
    }

    public String field() {
        return field;
    }

    /** Human-readable text, safe to show to the requester. */
    public String text() {
        return getMessage();
    }
}
