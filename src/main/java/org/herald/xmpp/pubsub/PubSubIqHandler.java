package org.herald.xmpp.pubsub;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.herald.xmpp.stanza.Namespaces;

/** Entity, subscriber and publisher use cases: {@code <pubsub xmlns='http://jabber.org/protocol/pubsub'/>}. */
@Singleton
public class PubSubIqHandler extends PubSubDispatcher {
    @Inject
    public PubSubIqHandler(@Any Instance<PubSubAction> actions) {
        super(Namespaces.PUBSUB, actions);
    }
}
