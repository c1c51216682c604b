package org.herald.cache;

import io.smallrye.mutiny.Uni;
import java.lang.reflect.Proxy;
import org.herald.service.port.StoreTx;

/**
 * The store behind a try without a transaction (CachingPubSubStore#inTransactionRetryable): every call fails with
 * {@link #NEEDED}, which abandons the try; the work then runs again in a real transaction.
 */
final class NoDatabase {
    /** Thrown (as a failed Uni) at the first call the cache cannot answer. No stack trace: it is control flow. */
    static final RuntimeException NEEDED = new RuntimeException("needs the database", null, false, false) {
    };

    static final StoreTx TX = (StoreTx) Proxy.newProxyInstance(StoreTx.class.getClassLoader(), new Class<?>[]{StoreTx.class},
            (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return switch (method.getName()) {
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> "NoDatabase";
                    };
                }
                return Uni.createFrom().failure(NEEDED);
            });

    private NoDatabase() {
    }
}
