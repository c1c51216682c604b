package org.herald.xmpp.pubsub.handler.owner;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.service.PubSubService;
import org.herald.xmpp.pubsub.ConfigForms;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/** §8.2.4: the owner submits (or cancels) a configuration form. */
@ApplicationScoped
public class ConfigureSetHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB_OWNER; }
    @Override public String element() { return "configure"; }
    @Override public String iqType() { return "set"; }
    /** The models and options a node may be configured with; multi-items: pubsub#max_items above one (§11). */
    @Override public List<String> features() { return List.of("access-open", "access-authorize", "access-presence",
            "access-roster", "access-whitelist", "presence-notifications", "multi-items"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.node();
        XmlElement x = r.action().child("x", Namespaces.DATA_FORMS);
        if (x == null) throw PubSubException.of(PubSubError.BAD_REQUEST, "a configuration form is required");
        if ("cancel".equals(x.attr("type"))) {
            // §8.2.4: a cancelled form leaves the configuration as it is; the owner must still be the owner.
            return service.configuration(r.actor(), node).replaceWith((XmlElement) null);
        }
        return service.configure(r.actor(), node, ConfigForms.submitted(r.action())).replaceWith((XmlElement) null);
    }
}
