package org.herald.xmpp.pubsub;

import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.herald.xmpp.stanza.Namespaces;

/** Owner use cases (§8): {@code <pubsub xmlns='http://jabber.org/protocol/pubsub#owner'/>}. */
@Singleton
public class PubSubOwnerIqHandler extends PubSubDispatcher {
    @Inject
    public PubSubOwnerIqHandler(@Any Instance<PubSubAction> actions) {
        super(Namespaces.PUBSUB_OWNER, actions);
    }
}
