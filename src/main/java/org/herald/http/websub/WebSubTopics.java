package org.herald.http.websub;

import jakarta.enterprise.context.ApplicationScoped;
import org.herald.http.HttpConfig;

/** The hub's topics, leases and request reader, built once from the configuration. */
@ApplicationScoped
public class WebSubTopics {
    private final Topics topics;
    private final LeasePolicy leases;

    WebSubTopics(HttpConfig http, WebSubConfig config) {
        this.topics = new Topics(http.publicUrl());
        this.leases = LeasePolicy.of(config);
    }

    public Topics topics() {
        return topics;
    }

    public LeasePolicy leases() {
        return leases;
    }

    public HubRequests requests() {
        return new HubRequests(topics, leases);
    }
}
