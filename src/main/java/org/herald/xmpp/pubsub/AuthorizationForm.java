package org.herald.xmpp.pubsub;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.Subscription;
import org.herald.service.config.FieldSpec;
import org.herald.service.config.FieldType;
import org.herald.service.event.AuthorizationRequested;
import org.herald.xmpp.form.DataForm;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * The pubsub#subscribe_authorization form (XEP-0060 §8.6, fields of §17.4.2 [registrar-formtypes-auth]) both
 * ways: the request Herald sends an owner, and the owner's submitted answer.
 */
public final class AuthorizationForm {

    public static final String FORM_TYPE = "http://jabber.org/protocol/pubsub#subscribe_authorization";
    static final String SUBID = "pubsub#subid";
    static final String NODE = "pubsub#node";
    static final String SUBSCRIBER = "pubsub#subscriber_jid";
    static final String ALLOW = "pubsub#allow";

    private static final List<FieldSpec> FIELDS = List.of(
            new FieldSpec(SUBID, FieldType.HIDDEN, null, List.of()),
            new FieldSpec(NODE, FieldType.TEXT_SINGLE, "Node ID", List.of()),
            new FieldSpec(SUBSCRIBER, FieldType.JID_SINGLE, "Subscriber Address", List.of()),
            new FieldSpec(ALLOW, FieldType.BOOLEAN, "Allow this JID to subscribe to this pubsub node?", List.of()));

    /** An owner's answer: allow or deny {@code subscriber}'s request ({@code subId} null: all of that JID's). */
    public record Decision(String node, Jid subscriber, String subId, boolean allow) {
    }

    private AuthorizationForm() {
    }

    /** §8.6: the form sent to an owner, "allow" false as in the spec's example: approval takes a deliberate change. */
    static XmlElement render(AuthorizationRequested request) {
        Subscription s = request.pending();
        Map<String, List<String>> values = new LinkedHashMap<>();
        values.put(SUBID, List.of(s.subId()));
        values.put(NODE, List.of(request.node().id()));
        values.put(SUBSCRIBER, List.of(s.jid().toString()));
        values.put(ALLOW, List.of("false"));
        return DataForm.render(DataForm.FORM, FORM_TYPE, FIELDS, values, "PubSub subscriber request");
    }

    /** §8.6 allows a body explaining the form, for clients that do not show data forms. */
    static XmlElement body(AuthorizationRequested request) {
        return XmlElement.builder("body", Namespaces.COMPONENT_ACCEPT)
                .text(request.pending().jid() + " asks to subscribe to node '" + request.node().id()
                        + "'. Submit the attached form with pubsub#allow true to approve, false to deny.")
                .build();
    }

    /**
     * Reads a submitted answer (§8.6). pubsub#node, pubsub#subscriber_jid and pubsub#allow are required;
     * pubsub#subid is optional.
     *
     * @throws PubSubException BAD_REQUEST naming the field at fault
     */
    public static Decision decision(DataForm form) {
        String node = single(form, NODE);
        Jid subscriber = Jid.tryParse(single(form, SUBSCRIBER));
        if (subscriber == null) throw PubSubException.badField(PubSubError.BAD_REQUEST, SUBSCRIBER, "not a JID");
        Boolean allow = bool(single(form, ALLOW));
        List<String> subId = form.values().get(SUBID);
        return new Decision(node, subscriber, subId == null || subId.isEmpty() ? null : subId.get(0), allow);
    }

    private static String single(DataForm form, String var) {
        List<String> v = form.values().get(var);
        if (v == null || v.size() != 1 || v.get(0).isEmpty()) {
            throw PubSubException.badField(PubSubError.BAD_REQUEST, var, "exactly one value is required");
        }
        return v.get(0);
    }

    /** XEP-0004 §3.3 boolean: "0"/"false" and "1"/"true". */
    private static boolean bool(String v) {
        return switch (v) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw PubSubException.badField(PubSubError.BAD_REQUEST, ALLOW, "'" + v + "' is not a boolean");
        };
    }
}
