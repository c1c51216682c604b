package org.herald.service.event;

import org.herald.domain.Jid;

/**
 * One notification to one recipient. Herald gives a JID one subscription per node, so a notification never needs
 * to name SubIDs (§13.16 SHIM headers come with multiple subscriptions, in the XEP-0060 completion work).
 */
public record Delivery(Jid to) {
}
