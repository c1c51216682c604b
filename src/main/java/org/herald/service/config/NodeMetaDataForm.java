package org.herald.service.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.service.NodeView;

/**
 * The pubsub#meta-data form of disco#info on a node (XEP-0060 §5.4, fields as registered in §16.4.3): the node's
 * "automatic" facts (creator, creation date, owners, publishers, number of subscribers) and, as §5.4 asks, the
 * values of every configured option. Only for requesters who may read the node ({@link NodeView#readable()}).
 */
public final class NodeMetaDataForm {

    public static final String FORM_TYPE = "http://jabber.org/protocol/pubsub#meta-data";

    private final NodeConfigForm configForm;

    public NodeMetaDataForm(NodeConfigForm configForm) {
        this.configForm = configForm;
    }

    /** The fields in display order: the registered meta-data fields, then the remaining configuration fields. */
    public List<FieldSpec> fields() {
        List<FieldSpec> out = new ArrayList<>(List.of(
                spec("pubsub#type", FieldType.TEXT_SINGLE, "Payload semantic type information"),
                spec("pubsub#creator", FieldType.JID_SINGLE, "The JID of the node creator"),
                spec("pubsub#creation_date", FieldType.TEXT_SINGLE, "The datetime when the node was created"),
                spec("pubsub#title", FieldType.TEXT_SINGLE, "The name of the node"),
                spec("pubsub#description", FieldType.TEXT_SINGLE, "A description of the node"),
                spec("pubsub#language", FieldType.LIST_SINGLE, "The default language of the node"),
                spec("pubsub#contact", FieldType.JID_MULTI, "The JIDs of those to contact with questions"),
                spec("pubsub#access_model", FieldType.LIST_SINGLE, "Access model"),
                spec("pubsub#publish_model", FieldType.LIST_SINGLE, "Publish model"),
                spec("pubsub#max_items", FieldType.TEXT_SINGLE, "Max # of items to persist"),
                spec("pubsub#owner", FieldType.JID_MULTI, "The JIDs of those with an affiliation of owner"),
                spec("pubsub#publisher", FieldType.JID_MULTI, "The JIDs of those with an affiliation of publisher"),
                spec("pubsub#num_subscribers", FieldType.TEXT_SINGLE, "The number of subscribers to the node")));
        List<String> taken = out.stream().map(FieldSpec::var).toList();
        for (FieldSpec f : configForm.fields()) {
            // a result form reports values; the options of a list field belong to the configuration form
            if (!taken.contains(f.var())) out.add(new FieldSpec(f.var(), f.type(), f.label(), List.of()));
        }
        return out;
    }

    /** The values of {@link #fields()} for a node its requester may read. */
    public Map<String, List<String>> values(NodeView view) {
        Node node = view.node();
        NodeConfig c = node.config();
        Map<String, List<String>> m = new LinkedHashMap<>(configForm.values(c));
        m.put("pubsub#creator", List.of(node.creator().bare().toString()));
        // XEP-0082 DateTime, UTC, whole seconds as in §5.4's example
        m.put("pubsub#creation_date", List.of(node.created().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()));
        m.put("pubsub#language", c.language() == null ? List.of() : List.of(c.language()));
        m.put("pubsub#contact", c.contact());
        m.put("pubsub#owner", jids(view.owners()));
        m.put("pubsub#publisher", jids(view.publishers()));
        m.put("pubsub#num_subscribers", List.of(Integer.toString(view.subscribers())));
        return m;
    }

    private static FieldSpec spec(String var, FieldType type, String label) {
        return new FieldSpec(var, type, label, List.of());
    }

    private static List<String> jids(List<Jid> jids) {
        return jids.stream().map(Jid::toString).toList();
    }
}
