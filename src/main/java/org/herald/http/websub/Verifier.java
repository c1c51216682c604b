package org.herald.http.websub;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * Carries out an accepted (202) subscription request: validation by the hub (§5.2), then verification of intent with
 * the subscriber (§5.3). Only a verified request changes the subscription's state; a request that fails verification
 * leaves the earlier state as it was (a failed renewal keeps the old subscription, a failed unsubscribe keeps it).
 */
@ApplicationScoped
public class Verifier {
    private static final Logger LOG = Logger.getLogger(Verifier.class);

    private final CallbackClient http;
    private final WebSubStore store;
    private final AnonymousAccess access;
    private final Clock clock = Clock.systemUTC();

    Verifier(CallbackClient http, WebSubStore store, AnonymousAccess access) {
        this.http = http;
        this.store = store;
        this.access = access;
    }

    /** Completes with true when the request was verified and carried out. */
    public Uni<Boolean> carryOut(HubRequest.Subscription request) {
        if (!request.subscribe()) return verify(request);
        // §5.2: the hub validates the subscription; here, whether an anonymous reader may follow the node.
        return access.refusal(request.topic().nodeId()).chain(refusal -> refusal == null
                ? verify(request)
                : deny(request.callback().toString(), request.topic().url(), refusal).replaceWith(false));
    }

    /** §5.3: GET the callback with a fresh challenge; only a 2xx echoing it exactly confirms (§5.3.1). */
    private Uni<Boolean> verify(HubRequest.Subscription request) {
        String challenge = Challenge.next();
        StringBuilder query = new StringBuilder()
                .append("hub.mode=").append(request.mode())
                .append("&hub.topic=").append(encode(request.topic().url()))
                .append("&hub.challenge=").append(challenge);
        // §5.3: hub.lease_seconds is REQUIRED in the verification of a subscribe request.
        if (request.subscribe()) query.append("&hub.lease_seconds=").append(request.leaseSeconds());
        String callback = request.callback().toString();
        return http.get(CallbackUrls.withQuery(callback, query.toString())).chain(answer -> {
            if (!answer.success() || !challenge.equals(answer.body())) {
                LOG.debugf("WebSub %s of %s for %s not verified (status %d)", request.mode(), CallbackUrls.origin(callback),
                        request.topic().url(), answer.status());
                return Uni.createFrom().item(false);
            }
            Uni<?> change = request.subscribe()
                    ? store.upsert(request.topic(), callback, request.secret(), request.leaseSeconds(), clock.instant())
                    : store.delete(request.topic().url(), callback);
            return change.replaceWith(true);
        });
    }

    /**
     * §5.2: tell the callback that the subscription is denied (hub.mode=denied, hub.topic, hub.reason). A node
     * anonymous readers may not follow keeps no subscription of that callback either.
     */
    public Uni<Void> deny(String callback, String topic, String reason) {
        String query = "hub.mode=denied&hub.topic=" + encode(topic) + "&hub.reason=" + encode(reason);
        return store.delete(topic, callback)
                .chain(() -> http.get(CallbackUrls.withQuery(callback, query)))
                .replaceWithVoid();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
