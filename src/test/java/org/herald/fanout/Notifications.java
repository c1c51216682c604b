package org.herald.fanout;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.herald.testsupport.PubSubClient;
import org.herald.xmpp.stanza.XmlElement;

/** The item notifications one Smack subscriber received, counted by item id (to see duplicates). */
final class Notifications {
    final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private final PubSubClient client;

    Notifications(PubSubClient client) {
        this.client = client;
    }

    /**
     * Takes notifications until every id of {@code expected} arrived; each {@link PubSubClient#nextEvent()} waits for
     * the next message (failing after its timeout), so this waits on arrivals, never on time.
     */
    void awaitAll(Collection<String> expected) {
        while (!counts.keySet().containsAll(expected)) take(client.nextEvent());
    }

    /** Takes the notifications that already arrived, without waiting (for callers that poll with Awaitility). */
    void takeArrived() {
        while (client.pendingEvents() > 0) take(client.nextEvent());
    }

    private void take(XmlElement message) {
        XmlElement event = message.child("event", PubSubClient.EVENT);
        if (event == null) return;
        XmlElement items = event.child("items", PubSubClient.EVENT);
        if (items == null) return;
        for (XmlElement item : items.children("item", PubSubClient.EVENT)) counts.merge(item.attr("id"), 1, Integer::sum);
    }

    long duplicates() {
        return counts.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
    }
}
