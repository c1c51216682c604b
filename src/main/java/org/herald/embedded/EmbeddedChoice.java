package org.herald.embedded;

import java.util.function.BooleanSupplier;

/** What the launcher does about one server (PostgreSQL or Redis). Pure: unit-tested in EmbeddedChoiceTest. */
public enum EmbeddedChoice {
    /** The operator configured an address (environment, system property, ./config or .env): use it. */
    CONFIGURED,
    /** Nothing configured: use the built-in default address (a local server answers there, or mode is never). */
    DEFAULT_ADDRESS,
    /** Start an embedded server and point Herald at it. */
    EMBEDDED;

    /**
     * The rule of {@code herald.embedded}: {@code always} embeds, {@code never} does not; {@code auto} embeds only
     * when the operator configured nothing and nothing answers at the default address. The probe is a supplier
     * because it costs a connection attempt and is needed only in the last case.
     */
    public static EmbeddedChoice decide(EmbeddedMode mode, boolean operatorConfigured, BooleanSupplier defaultAnswers) {
        return switch (mode) {
            case ALWAYS -> EMBEDDED;
            case NEVER -> operatorConfigured ? CONFIGURED : DEFAULT_ADDRESS;
            case AUTO -> {
                if (operatorConfigured) yield CONFIGURED;
                yield defaultAnswers.getAsBoolean() ? DEFAULT_ADDRESS : EMBEDDED;
            }
        };
    }
}
