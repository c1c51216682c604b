package org.herald.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts one Prosody for a {@code @QuarkusTest} and points Herald's component link at it. Tests get the
 * instance through a field annotated {@link InjectProsody} or {@link #prosody()}.
 */
public class ProsodyResource implements QuarkusTestResourceLifecycleManager {
    public static final String DOMAIN = "localhost";
    public static final String COMPONENT = "pubsub." + DOMAIN;
    /** A second component slot, for tests that need a link other than Herald's own. */
    public static final String SPARE_COMPONENT = "spare." + DOMAIN;

    /** Herald's stanza size limit under this resource. */
    public static final int MAX_STANZA_BYTES = 16 * 1024;

    private static volatile Prosody current;

    /** The running Prosody of the current test resource. */
    public static Prosody prosody() {
        Prosody p = current;
        if (p == null) throw new IllegalStateException("ProsodyResource is not started");
        return p;
    }

    @Override
    public Map<String, String> start() {
        Prosody p = launch();
        current = p;
        return Map.of(
                "herald.component.enabled", "true",
                "herald.component.host", p.host(),
                "herald.component.port", Integer.toString(p.componentPort()),
                "herald.component.jid", COMPONENT,
                "herald.component.secret", p.componentSecret(COMPONENT),
                // Small enough that a test client can send a stanza over it through Prosody.
                "herald.component.max-stanza-bytes", Integer.toString(MAX_STANZA_BYTES),
                // Fast retries keep the restart test short.
                "herald.component.reconnect-min", "100ms",
                "herald.component.reconnect-max", "1s");
    }

    /** Starts this resource's Prosody; subclasses configure it differently (e.g. {@link PrivilegedProsodyResource}). */
    protected Prosody launch() {
        return Prosody.start(DOMAIN, COMPONENT, SPARE_COMPONENT);
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(current, new TestInjector.AnnotatedAndMatchesType(InjectProsody.class, Prosody.class));
    }

    @Override
    public void stop() {
        Prosody p = current;
        current = null;
        if (p != null) p.close();
    }
}
