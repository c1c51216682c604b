package org.herald.http.websub;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;
import org.herald.feeds.net.AddressGuard;
import org.herald.feeds.net.BlockedAddressException;

/**
 * Refuses callbacks whose host resolves to an address the feeds library's {@link AddressGuard} refuses (the one SSRF
 * rule Herald has, shared with feed fetching), unless the operator set herald.websub.allow-private-callbacks. Every address the name resolves to must pass (an attacker's DNS may hand
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

    /** The reason a host may not be called ("the callback's host resolves to a loopback address"), or empty. Blocking (DNS). */
    static Optional<String> verdict(String host, boolean allowPrivate) {
        try {
            new AddressGuard(allowPrivate).checkHost(host);
            return Optional.empty();
        } catch (BlockedAddressException e) {
            return Optional.of(e.getMessage().replaceFirst("^the host", "the callback's host"));
        }
    }
}
