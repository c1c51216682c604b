package org.herald.xmpp.component;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.herald.xmpp.stanza.XmlElement;

/** A test-only message handler that remembers what reached it. */
@ApplicationScoped
public class RecordingMessageHandler implements MessageHandler {
    public static final ConcurrentLinkedQueue<XmlElement> RECEIVED = new ConcurrentLinkedQueue<>();

    @Override
    public Uni<Void> handle(XmlElement message) {
        RECEIVED.add(message);
        return Uni.createFrom().voidItem();
    }
}
