package org.herald.http.websub;

import java.net.URI;
import java.util.List;

/** A request to the hub, once read and validated ({@link HubRequests}). */
public sealed interface HubRequest {

    /**
     * §5.1: hub.mode=subscribe or unsubscribe.
     *
     * @param leaseSeconds the lease the hub grants (already clamped); unused when unsubscribing
     * @param secret hub.secret, or null
     */
    record Subscription(boolean subscribe, URI callback, Topic topic, long leaseSeconds, String secret) implements HubRequest {
        public String mode() {
            return subscribe ? "subscribe" : "unsubscribe";
        }
    }

    /** §6: a publisher's ping that topics changed. */
    record Publish(List<Topic> topics) implements HubRequest {
    }
}
