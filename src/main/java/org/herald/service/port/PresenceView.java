package org.herald.service.port;

import java.util.Set;
import org.herald.domain.Jid;

/**
 * Which resources of users are available, with their {@code <show/>}, as far as the front-end has seen their
 * presence (RFC 6121 §4). Used for presence-based delivery (XEP-0060 §13.6) and the pubsub#show-values
 * subscription option (§17.4.5). Answers from memory; never blocks.
 */
public interface PresenceView {

    /**
     * The show values of the available resources this JID stands for: all of a bare JID's available resources, or
     * the one full JID. "online" stands for an available presence without {@code <show/>}
     * (as in {@link org.herald.domain.SubscriptionOptions#SHOW_VALUES}). Empty when unavailable or unknown.
     */
    Set<String> shows(Jid jid);

    /** Whether this JID (bare: any of its resources) is known to be available. */
    default boolean isAvailable(Jid jid) {
        return !shows(jid).isEmpty();
    }

    /** Sees no presence at all: everyone counts as unavailable. */
    PresenceView NONE = jid -> Set.of();
}
