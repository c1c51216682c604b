package org.herald.service.event;

import java.util.List;
import java.util.Objects;
import org.herald.domain.Jid;

/**
 * One notification to one recipient. {@code subIds} names the subscriptions it answers when the recipient holds
 * more than one to the node, to be told as SubID SHIM headers (XEP-0060 §6.1.6, §13.16; XEP-0131); empty otherwise.
 * {@code collection} is the collection through which the recipient is subscribed, when the event happened below
 * it, to be told as the Collection SHIM header (XEP-0248 §notify); null for a subscription to the node itself.
 */
public record Delivery(Jid to, List<String> subIds, String collection) {
    public Delivery {
        Objects.requireNonNull(to);
        subIds = List.copyOf(subIds);
    }

    public Delivery(Jid to, List<String> subIds) {
        this(to, subIds, null);
    }

    public Delivery(Jid to) {
        this(to, List.of(), null);
    }
}
