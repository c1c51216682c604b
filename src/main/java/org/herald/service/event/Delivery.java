package org.herald.service.event;

import org.herald.domain.Jid;

/** One notification to one recipient; the SubID is stamped when the recipient has several subscriptions (§13.16). */
public record Delivery(Jid to, String subId) {
}
