package org.herald.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * How Herald attaches to its XMPP server as an XEP-0114 external component. Defaults are in
 * {@code application.properties}; the secret comes from the environment ({@code HERALD_COMPONENT_SECRET}).
 *
 * <p>Never log or print this object: it holds the shared secret.
 */
@ConfigMapping(prefix = "herald.component")
public interface ComponentConfig {
    /** The component's domain, the 'to' of the stream header (XEP-0114 §3), e.g. {@code pubsub.example.org}. */
    String jid();

    String host();

    int port();

    /** The shared secret; required when the link is enabled. */
    Optional<String> secret();

    @WithDefault("true")
    boolean enabled();

    /** Largest first-level element accepted from the server before the stream is closed (RFC 6120 §4.9.3.12). */
    int maxStanzaBytes();

    /** Deepest element nesting accepted inside a stanza. */
    int maxDepth();

    /** First reconnect delay; it doubles per failed attempt up to {@link #reconnectMax()}. */
    Duration reconnectMin();

    Duration reconnectMax();

    /** How long to wait for the server's stream header and empty {@code <handshake/>} before giving up. */
    @WithDefault("10s")
    Duration handshakeTimeout();

    /** Bytes of outbound stanzas held while the socket's write queue is full; beyond it stanzas are dropped. */
    @WithDefault("4194304")
    int maxSendQueueBytes();

    /**
     * The link's stall detector (docs/limits.md): the link is closed and reconnected when nothing could be written for
     * this long while data waited (the server holds the connection but stopped reading), or when the server sent
     * nothing for this long after a ping. 0 switches the detector off.
     */
    @WithDefault("30s")
    Duration stallTimeout();

    /** After this long without a byte from the server, an XEP-0199 ping asks it to prove that it still reads. */
    @WithDefault("60s")
    Duration pingInterval();

    /**
     * How several Herald instances share the component (docs/cluster-link.md): {@code one} — they compete for a
     * Redis lease and only its holder connects (Prosody accepts one connection per component; safe on every
     * server); {@code each} — every instance connects (ejabberd accepts several connections for one component).
     */
    @WithDefault("one")
    Links links();

    /** Lifetime of the link lease in {@code one} mode; the holder renews it every third of it. */
    @WithDefault("5s")
    Duration leaseTtl();

    enum Links {
        ONE, EACH;
    }
}
