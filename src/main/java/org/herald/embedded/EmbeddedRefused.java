package org.herald.embedded;

/** The launcher should start an embedded server but cannot; the message tells the operator what to do instead. */
public final class EmbeddedRefused extends RuntimeException {
    EmbeddedRefused(String message) {
        super(message);
    }
}
