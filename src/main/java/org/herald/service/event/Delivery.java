package org.herald.service.event;

import org.herald.domain.Jid;

/** One notification to one recipient; the SubID is stamped when the recipient has several subscriptions (§12.?). */
public record Delivery(Jid to, String subId) {
}
