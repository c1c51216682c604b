package org.herald.http.websub;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Refuses callbacks whose host resolves to an address {@link CallbackAddresses} refuses, unless the operator set
 * herald.websub.allow-private-callbacks. Every address the name resolves to must pass (an attacker's DNS may hand
 * out a public and a private one). It is asked at subscription, before each verification and before each delivery,
 * because DNS answers change. Name resolution blocks, so it runs on a worker thread.
 */
@ApplicationScoped
public class CallbackGuard {

    /** A callback the hub will not call. The message names the reason, never the address's owner's secrets. */
    public static final class UnsafeCallback extends RuntimeException {
        UnsafeCallback(String message) {
            super(message, null, false, false);
        }
    }

    private final Vertx vertx;
    private final boolean allowPrivate;

    CallbackGuard(Vertx vertx, WebSubConfig config) {
        this.vertx = vertx;
        this.allowPrivate = config.allowPrivateCallbacks();
    }

    /** Completes when the callback may be called; fails with {@link UnsafeCallback} otherwise. */
    public Uni<Void> check(URI callback) {
        String host = callback.getHost();
        return vertx.executeBlocking(Uni.createFrom().item(() -> verdict(host, allowPrivate)), false)
                .invoke(reason -> reason.ifPresent(r -> {
                    throw new UnsafeCallback(r);
                }))
                .replaceWithVoid();
    }

    /** The reason a host may not be called, or empty. Blocking (DNS). */
    static Optional<String> verdict(String host, boolean allowPrivate) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("the callback's host does not resolve");
        }
        if (allowPrivate) return Optional.empty();
        for (InetAddress a : addresses) {
            Optional<String> refusal = CallbackAddresses.refusal(a);
            if (refusal.isPresent()) return Optional.of("the callback's host resolves to a " + refusal.get() + " address");
        }
        return Optional.empty();
    }
}
