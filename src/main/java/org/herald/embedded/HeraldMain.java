package org.herald.embedded;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Herald's entry point: before Quarkus starts, {@link EmbeddedLauncher} decides whether to start an embedded
 * PostgreSQL and Redis (herald.embedded, docs/embedded.md) and sets their addresses as system properties, which
 * Quarkus then reads as runtime configuration. @QuarkusTest does not call this: tests use the real local servers.
 */
@QuarkusMain
public final class HeraldMain {
    private HeraldMain() {
    }

    public static void main(String... args) {
        EmbeddedLauncher embedded;
        try {
            embedded = EmbeddedLauncher.prepare(LaunchSettings.fromProcess());
        } catch (EmbeddedRefused e) {
            System.err.println("ERROR: " + e.getMessage());
            System.exit(2);
            return;
        }
        // On SIGTERM Quarkus stops in its shutdown hook and the embedded servers' own hooks stop them too; on a
        // normal return (Quarkus.asyncExit, a failed start) they are stopped here.
        try {
            Quarkus.run(args);
        } finally {
            embedded.close();
        }
    }
}
