package org.herald.embedded;

/** {@code herald.embedded}: when the launcher starts its own PostgreSQL and Redis (docs/embedded.md). */
public enum EmbeddedMode {
    /** Only for a server the operator did not configure and that does not answer at its default address. */
    AUTO,
    /** Always, whatever is configured (a self-contained demo or the embedded-mode test). */
    ALWAYS,
    /** Never: configured or default addresses only, as before this mode existed. */
    NEVER
}
