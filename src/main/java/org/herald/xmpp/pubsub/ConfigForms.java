package org.herald.xmpp.pubsub;

import java.util.List;
import java.util.Map;
import org.herald.domain.NodeConfig;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.config.NodeConfigForm;
import org.herald.xmpp.form.DataForm;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** The XEP-0004 forms of node configuration (§8.2) and publish options (§7.1.5) on the wire. */
public final class ConfigForms {

    public static final String PUBLISH_OPTIONS = "http://jabber.org/protocol/pubsub#publish-options";

    private ConfigForms() {
    }

    /**
     * The values of a submitted node_config form inside {@code <configure/>} (§8.1.3, §8.2.4). An empty
     * {@code <configure/>} means "defaults" (§8.1.3); a form of another FORM_TYPE is a bad request.
     */
    public static Map<String, List<String>> submitted(XmlElement container) {
        XmlElement x = container.child("x", Namespaces.DATA_FORMS);
        if (x == null) return Map.of();
        DataForm form = DataForm.parse(x);
        if (!"submit".equals(form.type())) {
            throw PubSubException.badField(PubSubError.BAD_REQUEST, "type", "a configuration form must be of type submit");
        }
        requireFormType(form, NodeConfigForm.FORM_TYPE);
        return form.values();
    }

    /** §7.1.5: the preconditions in {@code <publish-options/>}; its FORM_TYPE MUST be publish-options. */
    public static Map<String, List<String>> publishOptions(XmlElement container) {
        XmlElement x = container.child("x", Namespaces.DATA_FORMS);
        if (x == null) return Map.of();
        DataForm form = DataForm.parse(x);
        requireFormType(form, PUBLISH_OPTIONS);
        return form.values();
    }

    /** §8.2.1: the configuration form, showing the current values. */
    public static XmlElement render(NodeConfigForm form, NodeConfig config, String type) {
        return DataForm.render(type, NodeConfigForm.FORM_TYPE, form.fields(), form.values(config), null);
    }

    private static void requireFormType(DataForm form, String expected) {
        if (form.formType() != null && !expected.equals(form.formType())) {
            throw PubSubException.badField(PubSubError.BAD_REQUEST, "FORM_TYPE", "expected " + expected);
        }
        if (form.formType() == null && PUBLISH_OPTIONS.equals(expected)) {
            throw PubSubException.badField(PubSubError.BAD_REQUEST, "FORM_TYPE", "publish options must carry FORM_TYPE " + expected);
        }
    }
}
