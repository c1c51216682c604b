package org.herald.xmpp.pubsub.handler;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.service.PubSubService;
import org.herald.xmpp.form.DataForm;
import org.herald.xmpp.pubsub.PubSubAction;
import org.herald.xmpp.pubsub.PubSubRequest;
import org.herald.xmpp.pubsub.SubscriptionForms;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;

/**
 * §6.4: the default subscription options, of the service ({@code <default/>}) or of one node
 * ({@code <default node='...'/>}); in the pubsub namespace, unlike the owner's §8.3 default node configuration.
 */
@ApplicationScoped
public class SubscribeDefaultHandler implements PubSubAction {
    @Inject
    PubSubService service;

    @Override public String namespace() { return Namespaces.PUBSUB; }
    @Override public String element() { return "default"; }
    @Override public String iqType() { return "get"; }
    @Override public List<String> features() { return List.of("retrieve-default-sub"); }

    @Override
    public Uni<XmlElement> handle(PubSubRequest r) {
        String node = r.optionalNode();
        return service.defaultSubscriptionOptions(r.actor(), node)
                .map(o -> XmlElement.builder("pubsub", Namespaces.PUBSUB)
                        .child(XmlElement.builder("default", Namespaces.PUBSUB).attr("node", node)
                                .child(SubscriptionForms.render(service.optionsForm(), o, DataForm.RESULT)).build())
                        .build());
    }
}
