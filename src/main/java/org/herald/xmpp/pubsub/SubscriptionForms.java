package org.herald.xmpp.pubsub;

import java.util.List;
import java.util.Map;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.SubscriptionOptions;
import org.herald.service.config.SubscriptionOptionsForm;
import org.herald.xmpp.form.DataForm;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** The XEP-0004 pubsub#subscribe_options form (§6.3, §6.4) and the {@code <options/>} element on the wire. */
public final class SubscriptionForms {
    private SubscriptionForms() {
    }

    /** The options as a form of {@code type} ("form" to fill in, §6.3.2; "result" to report, §6.3.7, §6.4.2). */
    public static XmlElement render(SubscriptionOptionsForm form, SubscriptionOptions options, String type) {
        return DataForm.render(type, SubscriptionOptionsForm.FORM_TYPE, form.fields(), form.values(options), null);
    }

    /**
     * The submitted form inside {@code <options/>} (§6.3.5), or null when the subscriber cancelled it. A missing
     * form, a form of another type or FORM_TYPE is invalid-options (§6.3.6.2).
     */
    public static Map<String, List<String>> submitted(XmlElement options) {
        XmlElement x = options.child("x", Namespaces.DATA_FORMS);
        if (x == null) {
            throw PubSubException.badField(PubSubError.INVALID_OPTIONS, "FORM_TYPE", "a subscribe_options form is required");
        }
        DataForm form = DataForm.parse(x);
        if (form.isCancel()) return null;
        if (!DataForm.SUBMIT.equals(form.type())) {
            throw PubSubException.badField(PubSubError.INVALID_OPTIONS, "type", "an options form must be of type submit");
        }
        if (form.formType() != null && !SubscriptionOptionsForm.FORM_TYPE.equals(form.formType())) {
            throw PubSubException.badField(PubSubError.INVALID_OPTIONS, "FORM_TYPE", "expected " + SubscriptionOptionsForm.FORM_TYPE);
        }
        return form.values();
    }

    /** §6.3.4.3: the subscriber's JID must be named; a malformed one is invalid-jid. */
    public static Jid subscriber(XmlElement options) {
        String jid = options.attr("jid");
        if (jid == null || jid.isEmpty()) throw PubSubException.of(PubSubError.JID_REQUIRED);
        return WireValues.jid(jid, PubSubError.INVALID_JID);
    }

    /** The 'subid' attribute, or null when absent or empty. */
    public static String subId(XmlElement options) {
        String subId = options.attr("subid");
        return subId == null || subId.isEmpty() ? null : subId;
    }

    /** {@code <options node jid subid>form</options>}, as §6.3.2 answers. */
    public static XmlElement options(String node, Jid jid, String subId, XmlElement form) {
        return XmlElement.builder("options", Namespaces.PUBSUB)
                .attr("node", node)
                .attr("jid", jid.toString())
                .attr("subid", subId)
                .child(form)
                .build();
    }
}
