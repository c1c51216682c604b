package org.herald.http.websub;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.herald.http.problem.HttpProblem;

/**
 * Reads a form posted to the hub into a {@link HubRequest}. Every refusal is 400 naming the parameter at fault:
 * §5.1.2 "If a hub finds any errors in the subscription request, an appropriate HTTP error response code (4xx or
 * 5xx) MUST be returned". Parameters the hub does not know are ignored (§5.1.2 "Hubs MUST ignore additional request
 * parameters they do not understand").
 */
public final class HubRequests {
    /** §5.1.1 hub.secret: "This parameter MUST be less than 200 bytes in length." */
    public static final int SECRET_LIMIT_BYTES = 200;

    private final Topics topics;
    private final LeasePolicy leases;

    public HubRequests(Topics topics, LeasePolicy leases) {
        this.topics = topics;
        this.leases = leases;
    }

    public HubRequest read(Map<String, List<String>> form) {
        String mode = required(form, "hub.mode");
        return switch (mode) {
            case "subscribe" -> subscription(form, true);
            case "unsubscribe" -> subscription(form, false);
            case "publish" -> publish(form);
            default -> throw bad("hub.mode", "must be subscribe, unsubscribe or publish");
        };
    }

    /** §5.1.1: hub.callback, hub.mode, hub.topic required; hub.lease_seconds and hub.secret optional. */
    private HubRequest subscription(Map<String, List<String>> form, boolean subscribe) {
        String callbackValue = required(form, "hub.callback");
        java.net.URI callback;
        try {
            callback = CallbackUrls.parse(callbackValue);
        } catch (IllegalArgumentException e) {
            throw bad("hub.callback", e.getMessage());
        }
        Topic topic = ownTopic("hub.topic", required(form, "hub.topic"));
        long lease = leases.grant(leaseSeconds(single(form, "hub.lease_seconds")));
        String secret = single(form, "hub.secret");
        if (secret != null) {
            if (secret.isEmpty()) throw bad("hub.secret", "must not be empty when given");
            if (secret.getBytes(StandardCharsets.UTF_8).length >= SECRET_LIMIT_BYTES) {
                throw bad("hub.secret", "must be less than " + SECRET_LIMIT_BYTES + " bytes");
            }
        }
        return new HubRequest.Subscription(subscribe, callback, topic, lease, subscribe ? secret : null);
    }

    /**
     * §6: the spec leaves the publisher's notification to the hub open; Herald takes the customary hub.mode=publish
     * with the changed topic(s) as hub.url (PubSubHubbub 0.4, several allowed) or hub.topic.
     */
    private HubRequest publish(Map<String, List<String>> form) {
        List<Topic> found = new ArrayList<>();
        for (String field : List.of("hub.url", "hub.topic")) {
            for (String url : form.getOrDefault(field, List.of())) found.add(ownTopic(field, url));
        }
        if (found.isEmpty()) throw bad("hub.url", "a publish ping names the changed topic as hub.url or hub.topic");
        return new HubRequest.Publish(found);
    }

    private Topic ownTopic(String field, String url) {
        return topics.resolve(url).orElseThrow(() -> bad(field,
                "this hub serves only its own node feeds, " + topics.pattern()));
    }

    private static Long leaseSeconds(String value) {
        if (value == null) return null;
        try {
            long v = Long.parseLong(value);
            if (v < 0) throw bad("hub.lease_seconds", "must not be negative");
            return v;
        } catch (NumberFormatException e) {
            throw bad("hub.lease_seconds", "must be a whole number of seconds");
        }
    }

    private static String required(Map<String, List<String>> form, String field) {
        String v = single(form, field);
        if (v == null || v.isBlank()) throw bad(field, "is required");
        return v;
    }

    /** A parameter given at most once; two values would leave the request ambiguous. */
    private static String single(Map<String, List<String>> form, String field) {
        List<String> values = form.getOrDefault(field, List.of());
        if (values.size() > 1) throw bad(field, "must be given once");
        return values.isEmpty() ? null : values.get(0);
    }

    private static HttpProblem bad(String field, String detail) {
        return new HttpProblem(400, "bad-request", field, field + ": " + detail);
    }
}
