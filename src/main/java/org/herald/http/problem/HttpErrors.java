package org.herald.http.problem;

import org.herald.domain.PubSubError;

/**
 * The HTTP front-end's one error table: each core error as an HTTP status with the XMPP condition and XEP-0060
 * application condition it has on the XMPP wire (the XMPP table is XmppErrors; both name the same conditions).
 * Statuses follow RFC 9110: 422 where a named field holds an unacceptable value, 409 for a state conflict,
 * 412 for an unmet publish-options precondition (§7.1.5), 413 for a payload over pubsub#max_payload_size.
 */
public final class HttpErrors {
    private HttpErrors() {
    }

    /** An error on the HTTP wire. */
    public record Wire(int status, String condition, String pubsubCondition) {
    }

    public static Wire of(PubSubError error) {
        return switch (error) {
            case BAD_REQUEST -> new Wire(400, "bad-request", null);
            case CONFLICT -> new Wire(409, "conflict", null);                               // §8.1.1 NodeID exists
            case FORBIDDEN -> new Wire(403, "forbidden", null);                             // §7.1.3.1
            case ITEM_NOT_FOUND -> new Wire(404, "item-not-found", null);                   // §6.1.3.12, §7.2.3.3
            case NOT_ALLOWED -> new Wire(403, "not-allowed", null);                         // §8.2.3.4
            case NOT_ACCEPTABLE -> new Wire(422, "not-acceptable", null);                   // §8.2.5.2
            case FEATURE_NOT_IMPLEMENTED -> new Wire(501, "feature-not-implemented", "unsupported"); // §7.1.3.2
            case SERVICE_UNAVAILABLE -> new Wire(503, "service-unavailable", null);
            case INTERNAL_SERVER_ERROR -> new Wire(500, "internal-server-error", null);
            case RESOURCE_CONSTRAINT -> new Wire(503, "resource-constraint", null);
            case CLOSED_NODE -> new Wire(403, "not-allowed", "closed-node");                // §6.1.3.4, §6.5.9.8
            case PRESENCE_SUBSCRIPTION_REQUIRED -> new Wire(403, "not-authorized", "presence-subscription-required"); // §6.5.9.6
            case NOT_IN_ROSTER_GROUP -> new Wire(403, "not-authorized", "not-in-roster-group"); // §6.5.9.7
            case INVALID_JID -> new Wire(422, "bad-request", "invalid-jid");                // §6.1.3.1
            case JID_REQUIRED -> new Wire(422, "bad-request", "jid-required");              // §6.3.4.3
            case INVALID_PAYLOAD -> new Wire(422, "bad-request", "invalid-payload");        // §7.1.3.6
            case INVALID_SUBID -> new Wire(422, "not-acceptable", "invalid-subid");         // §6.2.3.5
            case ITEM_FORBIDDEN -> new Wire(422, "bad-request", "item-forbidden");          // §7.1.3.7
            case ITEM_REQUIRED -> new Wire(422, "bad-request", "item-required");            // §7.2.3.4
            case NODEID_REQUIRED -> new Wire(422, "bad-request", "nodeid-required");        // §7.2.3.3
            case NOT_SUBSCRIBED -> new Wire(404, "unexpected-request", "not-subscribed");   // §6.2.3.2: no such subscription
            case PAYLOAD_REQUIRED -> new Wire(422, "bad-request", "payload-required");      // §7.1.3.7
            case PAYLOAD_TOO_BIG -> new Wire(413, "not-acceptable", "payload-too-big");     // §7.1.3.5
            case PRECONDITION_NOT_MET -> new Wire(412, "conflict", "precondition-not-met"); // §7.1.5
            case SUBID_REQUIRED -> new Wire(422, "bad-request", "subid-required");          // §6.2.3.1
            case INVALID_OPTIONS -> new Wire(422, "bad-request", "invalid-options");        // §6.3.6.2, §8.2.5.2
            case MAX_ITEMS_EXCEEDED -> new Wire(409, "not-allowed", "max-items-exceeded");
            case INVALID_NODE_GRAPH -> new Wire(409, "not-allowed", "invalid-options");     // XEP-0248
            case PENDING_SUBSCRIPTION -> new Wire(409, "not-authorized", "pending-subscription"); // §6.1.3.7
            case NOT_SUBSCRIBED_TO_READ -> new Wire(403, "not-authorized", "not-subscribed"); // §6.5.9.3
            case RATE_LIMITED -> new Wire(429, "policy-violation", null);                   // RFC 6585 §4, with Retry-After
            case MAX_NODES_EXCEEDED -> new Wire(403, "policy-violation", "max-nodes-exceeded");
        };
    }
}
