package org.herald.xmpp.pubsub;

import java.util.Locale;
import org.herald.xmpp.component.StanzaErrorException;
import org.herald.xmpp.component.StanzaErrorType;
import org.herald.xmpp.component.StanzaErrors;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * The one table that puts {@link PubSubError}s on the XMPP wire: error type, RFC 6120 stanza condition and
 * the optional pubsub#errors application condition, each as XEP-0060 shows it. Section numbers are those of
 * the XEP-0060 text in the repository's specs (anchor names in brackets, as they are stable across versions).
 */
public final class XmppErrors {
    private XmppErrors() {
    }

    /** The longest {@code <text/>} written; a refusal's text may quote a submitted value. */
    static final int MAX_TEXT_CHARS = 512;

    /**
     * How one error travels.
     *
     * @param type the error type: cancel, modify, auth or wait (RFC 6120 §8.3.2)
     * @param condition the defined condition in urn:ietf:params:xml:ns:xmpp-stanzas
     * @param appCondition the pubsub#errors element name, or null for none
     */
    public record Wire(String type, String condition, String appCondition) {
    }

    /** The table. A switch with no default: adding a PubSubError without a row does not compile. */
    public static Wire wire(PubSubError error) {
        return switch (error) {
            // §12 [errors] lists the conditions; the types below are those of the examples cited.
            case BAD_REQUEST -> new Wire("modify", "bad-request", null);                 // §8.1.3 [owner-create-and-configure]
            case CONFLICT -> new Wire("cancel", "conflict", null);                       // §8.1.1 [owner-create-general] NodeID exists
            case FORBIDDEN -> new Wire("auth", "forbidden", null);                       // §7.1.3.1 [publisher-publish-error-forbidden]
            case ITEM_NOT_FOUND -> new Wire("cancel", "item-not-found", null);           // §6.1.3.12 [subscriber-subscribe-error-node]
            case NOT_ALLOWED -> new Wire("cancel", "not-allowed", null);                 // §8.2.3.4 [owner-configure-error-options]
            case NOT_ACCEPTABLE -> new Wire("modify", "not-acceptable", null);           // §8.2.5.2 [owner-configure-process-failure]
            // The <unsupported feature='...'/> element is added by toStanzaError() from PubSubException.feature().
            case FEATURE_NOT_IMPLEMENTED -> new Wire("cancel", "feature-not-implemented", "unsupported"); // §7.1.3.2
            case SERVICE_UNAVAILABLE -> new Wire("cancel", "service-unavailable", null); // §8.7.3.1 [owner-subreq-error-adhoc]
            // Not in XEP-0060's examples; RFC 6120 §8.3.3 conditions, types as the project has settled them.
            case INTERNAL_SERVER_ERROR -> new Wire("wait", "internal-server-error", null);
            case RESOURCE_CONSTRAINT -> new Wire("wait", "resource-constraint", null);
            case CLOSED_NODE -> new Wire("cancel", "not-allowed", "closed-node");        // §6.1.3.4, §6.5.9.8 [*-error-whitelist]
            case PRESENCE_SUBSCRIPTION_REQUIRED -> new Wire("auth", "not-authorized", "presence-subscription-required"); // §6.1.3.2, §6.5.9.6 [*-error-presence]
            case NOT_IN_ROSTER_GROUP -> new Wire("auth", "not-authorized", "not-in-roster-group"); // §6.1.3.3, §6.5.9.7 [*-error-rostergroup]
            case INVALID_JID -> new Wire("modify", "bad-request", "invalid-jid");        // §6.1.3.1 [subscriber-subscribe-error-nomatch]
            case JID_REQUIRED -> new Wire("modify", "bad-request", "jid-required");      // §6.3.4.3 [subscriber-configure-error-jid]
            case INVALID_PAYLOAD -> new Wire("modify", "bad-request", "invalid-payload"); // §7.1.3.6 [publisher-publish-error-badpayload]
            case INVALID_SUBID -> new Wire("modify", "not-acceptable", "invalid-subid"); // §6.2.3.5, §6.3.4.5, §6.5.9.2
            case ITEM_FORBIDDEN -> new Wire("modify", "bad-request", "item-forbidden");  // §7.1.3.7 [publisher-publish-error-badrequest]
            case ITEM_REQUIRED -> new Wire("modify", "bad-request", "item-required");    // §7.1.3.7, §7.2.3.4 [publisher-delete-error-itemid]
            // §7.2.3.3 and §8.2.3.3 use bad-request; only §8.1.1 (instant nodes unsupported) uses not-acceptable.
            case NODEID_REQUIRED -> new Wire("modify", "bad-request", "nodeid-required"); // §7.2.3.3 [publisher-delete-error-nodeid]
            // §6.2.3.2 (unsubscribe); §6.3.4.2 shows type modify and §6.5.9.3 auth + not-authorized for other cases.
            case NOT_SUBSCRIBED -> new Wire("cancel", "unexpected-request", "not-subscribed"); // §6.2.3.2 [subscriber-unsubscribe-error-nosub]
            case PAYLOAD_REQUIRED -> new Wire("modify", "bad-request", "payload-required"); // §7.1.3.7 [publisher-publish-error-badrequest]
            case PAYLOAD_TOO_BIG -> new Wire("modify", "not-acceptable", "payload-too-big"); // §7.1.3.5 [publisher-publish-error-bigpayload]
            // §7.1.5 names the condition (conflict) but shows no type; RFC 6120 §8.3.3.2 gives conflict type cancel.
            case PRECONDITION_NOT_MET -> new Wire("cancel", "conflict", "precondition-not-met"); // §7.1.5 [publisher-publish-options]
            case SUBID_REQUIRED -> new Wire("modify", "bad-request", "subid-required");  // §6.2.3.1, §6.3.4.4, §6.5.9.1
            case INVALID_OPTIONS -> new Wire("modify", "bad-request", "invalid-options"); // §6.3.6.2 [subscriber-configure-process-failure]
            // §13.11 [impl-batch]: "MUST return a not-allowed error ... SHOULD also include <max-items-exceeded/>".
            case MAX_ITEMS_EXCEEDED -> new Wire("cancel", "not-allowed", "max-items-exceeded");
            // XEP-0248 [error-children-on-leaf], [error-node-type], [error-collection-cycle].
            case INVALID_NODE_GRAPH -> new Wire("cancel", "not-allowed", "invalid-options");
            case PENDING_SUBSCRIPTION -> new Wire("auth", "not-authorized", "pending-subscription"); // §6.1.3.7 [subscriber-subscribe-error-pending]
            case NOT_SUBSCRIBED_TO_READ -> new Wire("auth", "not-authorized", "not-subscribed"); // §6.5.9.3 [subscriber-retrieve-error-notsubscribed]
            // Issue #9 limits. §6.1.3.6 [subscriber-subscribe-error-toomany] shows policy-violation type wait for a
            // policy limit; RFC 6120 §8.3.3.12. The text says when to retry.
            case RATE_LIMITED -> new Wire("wait", "policy-violation", null);
            // §18.2 [schemas-error] defines <max-nodes-exceeded/>; the condition and type as for a policy limit.
            case MAX_NODES_EXCEEDED -> new Wire("wait", "policy-violation", "max-nodes-exceeded");
        };
    }

    /**
     * The refusal as the component router sends it: this is the one path from the core's errors to the wire.
     * Children follow RFC 6120 §8.3.2: defined condition, then optional text, then the application condition.
     */
    public static StanzaErrorException toStanzaError(PubSubException e) {
        Wire w = wire(e.error());
        return new StanzaErrorException(StanzaErrorType.valueOf(w.type().toUpperCase(Locale.ROOT)), w.condition(),
                applicationCondition(w, e), text(e));
    }

    /** The {@code <error/>} child exactly as {@link #toStanzaError} puts it on the wire. */
    public static XmlElement errorElement(PubSubException e) {
        StanzaErrorException s = toStanzaError(e);
        return StanzaErrors.errorElement(s.type(), s.condition(), s.applicationCondition(), s.text());
    }

    private static XmlElement applicationCondition(Wire w, PubSubException e) {
        if (w.appCondition() == null) return null;
        if ("unsupported".equals(w.appCondition())) {
            // §18.2 [schemas-error]: 'feature' is required on <unsupported/>; without one, leave it out.
            return e.feature() == null ? null
                    : XmlElement.builder("unsupported", Namespaces.PUBSUB_ERRORS).attr("feature", e.feature()).build();
        }
        return XmlElement.empty(w.appCondition(), Namespaces.PUBSUB_ERRORS);
    }

    /**
     * Text worth showing the requester, or null. A bare refusal's message is only the error's name, which the
     * condition already says; an internal error's message may describe Herald's insides, so it is never sent.
     */
    static String text(PubSubException e) {
        if (e.error() == PubSubError.INTERNAL_SERVER_ERROR) return null;
        String text = e.text();
        if (text == null || text.isBlank() || text.equals(e.error().name())) return null;
        if (text.length() <= MAX_TEXT_CHARS) return text;
        int cut = MAX_TEXT_CHARS - 1;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) cut--; // never split a surrogate pair
        return text.substring(0, cut) + "…";
    }
}
