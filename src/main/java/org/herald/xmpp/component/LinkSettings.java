package org.herald.xmpp.component;

import java.time.Duration;
import java.util.Objects;
import org.herald.config.ComponentConfig;

/**
 * Everything one {@link ComponentConnection} needs, independent of CDI so that tests can open extra links.
 * {@link #toString()} hides the secret so that the settings can never leak it into a log.
 */
public record LinkSettings(String jid, String host, int port, String secret, int maxStanzaBytes, int maxDepth,
        Duration reconnectMin, Duration reconnectMax, Duration handshakeTimeout, int maxSendQueueBytes,
        Duration stallTimeout, Duration pingInterval) {

    /** The stall detector's defaults: 30 s without progress or an answer, a ping after 60 s of silence. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(60);

    /** Settings with the stall detector's defaults. */
    public LinkSettings(String jid, String host, int port, String secret, int maxStanzaBytes, int maxDepth,
                        Duration reconnectMin, Duration reconnectMax, Duration handshakeTimeout, int maxSendQueueBytes) {
        this(jid, host, port, secret, maxStanzaBytes, maxDepth, reconnectMin, reconnectMax, handshakeTimeout,
                maxSendQueueBytes, DEFAULT_STALL_TIMEOUT, DEFAULT_PING_INTERVAL);
    }

    public LinkSettings {
        Objects.requireNonNull(jid, "jid");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(secret, "secret");
        if (reconnectMin.isNegative() || reconnectMin.isZero() || reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("need 0 < reconnect-min <= reconnect-max");
        }
        if (stallTimeout.isNegative() || pingInterval.isNegative()) {
            throw new IllegalArgumentException("stall-timeout and ping-interval must not be negative");
        }
    }

    /** Whether the stall detector runs ({@code stall-timeout} 0 switches it off). */
    public boolean watchesStalls() {
        return !stallTimeout.isZero();
    }

    /** A copy with another stall timeout and ping interval, e.g. for a test against a server that stops reading. */
    public LinkSettings withStallDetection(Duration otherStallTimeout, Duration otherPingInterval) {
        return new LinkSettings(jid, host, port, secret, maxStanzaBytes, maxDepth, reconnectMin, reconnectMax,
                handshakeTimeout, maxSendQueueBytes, otherStallTimeout, otherPingInterval);
    }

    public static LinkSettings from(ComponentConfig c) {
        String secret = c.secret().filter(s -> !s.isEmpty()).orElseThrow(() -> new IllegalStateException(
                "herald.component.secret is not set (e.g. HERALD_COMPONENT_SECRET); it must equal the server's component secret for "
                        + c.jid()));
        return new LinkSettings(c.jid(), c.host(), c.port(), secret, c.maxStanzaBytes(), c.maxDepth(),
                c.reconnectMin(), c.reconnectMax(), c.handshakeTimeout(), c.maxSendQueueBytes(), c.stallTimeout(),
                c.pingInterval());
    }

    /** A copy with another secret, e.g. for a test that proves a wrong secret is refused. */
    public LinkSettings withSecret(String otherSecret) {
        return new LinkSettings(jid, host, port, otherSecret, maxStanzaBytes, maxDepth, reconnectMin, reconnectMax,
                handshakeTimeout, maxSendQueueBytes, stallTimeout, pingInterval);
    }

    /** A copy for another component domain on the same server. */
    public LinkSettings withJid(String otherJid) {
        return new LinkSettings(otherJid, host, port, secret, maxStanzaBytes, maxDepth, reconnectMin, reconnectMax,
                handshakeTimeout, maxSendQueueBytes, stallTimeout, pingInterval);
    }

    @Override
    public String toString() {
        return "LinkSettings[jid=" + jid + ", host=" + host + ", port=" + port + ", secret=***]";
    }
}
