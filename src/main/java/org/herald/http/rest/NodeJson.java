package org.herald.http.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.herald.domain.Jid;
import org.herald.service.NodeView;
import org.herald.service.config.NodeConfigForm;

/**
 * A node as the requester may see it (XEP-0060 §5.3, §5.4): everyone learns its id and type; its configuration
 * and meta-data (creation, owners, publishers, number of subscribers) only those who may read it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeJson(String id, String type, boolean readable, String created, String creator,
                       List<String> owners, List<String> publishers, Integer subscribers, ObjectNode config) {

    static NodeJson of(NodeView view, NodeConfigForm form) {
        var node = view.node();
        String type = node.config().nodeType().wire();
        if (!view.readable()) return new NodeJson(node.id(), type, false, null, null, null, null, null, null);
        return new NodeJson(node.id(), type, true, node.created().toString(), node.creator().toString(),
                strings(view.owners()), strings(view.publishers()), view.subscribers(),
                ConfigJson.fromForm(form.values(node.config()), form.fields()));
    }

    private static List<String> strings(List<Jid> jids) {
        return jids.stream().map(Jid::toString).toList();
    }

    /** One entry of a node list, with the address of the node. */
    public record Entry(String id, String href) {
        static Entry of(String id) {
            return new Entry(id, Segments.node(id));
        }
    }

    /** A list of nodes: the top level, or a collection's children ({@code parent}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Listing(String parent, List<Entry> nodes) {
        static Listing of(String parent, List<String> ids) {
            return new Listing(parent, ids.stream().map(Entry::of).toList());
        }
    }
}
