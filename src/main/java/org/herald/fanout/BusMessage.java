package org.herald.fanout;

import java.util.List;
import org.herald.http.stream.NodeEvent;

/**
 * One message on the bus channel. Every instance numbers the messages it sends 1, 2, 3, ... ({@code number}), so a
 * receiver that sees a number skip knows it missed one and fills the gap from PostgreSQL. A heartbeat carries no
 * events, only the sender's latest number, so a lost LAST message is noticed too.
 *
 * @param sender the sending {@link Instance#id()}; an instance ignores its own messages (it delivered them at once)
 * @param number the message's number among the sender's messages, or for a heartbeat the latest number it used
 * @param heartbeat whether this is a heartbeat
 * @param events the events, in the order the sender published them
 */
public record BusMessage(String sender, long number, boolean heartbeat, List<NodeEvent> events) {
    public BusMessage {
        events = List.copyOf(events);
    }

    static BusMessage heartbeat(String sender, long latest) {
        return new BusMessage(sender, latest, true, List.of());
    }
}
