package org.herald.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Decides, per server, between the operator's configuration, the default address and an embedded server
 * ({@link EmbeddedChoice}), starts the embedded ones and points Quarkus at them through system properties (which
 * outrank environment and files). Runs in {@link HeraldMain} before Quarkus reads its runtime configuration.
 */
public final class EmbeddedLauncher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedLauncher.class);

    private final List<AutoCloseable> started = new ArrayList<>();

    private EmbeddedLauncher() {
    }

    public static EmbeddedLauncher prepare(LaunchSettings settings) {
        EmbeddedConfig cfg = settings.embedded();
        EmbeddedLauncher launcher = new EmbeddedLauncher();
        try {
            launcher.postgres(settings, cfg);
            launcher.redis(settings, cfg);
            return launcher;
        } catch (RuntimeException e) {
            launcher.close();
            throw e;
        }
    }

    private void postgres(LaunchSettings settings, EmbeddedConfig cfg) {
        LaunchSettings.Address def = settings.defaultAddress(LaunchSettings.PG_REACTIVE_URL, 5432);
        EmbeddedChoice choice = EmbeddedChoice.decide(cfg.mode(),
                settings.operatorConfigured(LaunchSettings.PG_REACTIVE_URL, LaunchSettings.PG_JDBC_URL),
                () -> PortProbe.answers(def));
        switch (choice) {
            case CONFIGURED -> LOG.info("PostgreSQL: using the configured datasource (herald.embedded=" + name(cfg) + ")");
            case DEFAULT_ADDRESS -> LOG.info("PostgreSQL: using the default address " + def + " (herald.embedded=" + name(cfg) + ")");
            case EMBEDDED -> {
                if (ProcessUser.isRoot()) throw new EmbeddedRefused(rootMessage(cfg, def));
                Path dir = dataDir(cfg, "postgres");
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir, cfg.postgresPort());
                started.add(pg);
                System.setProperty(LaunchSettings.PG_REACTIVE_URL, pg.reactiveUrl());
                System.setProperty(LaunchSettings.PG_JDBC_URL, pg.jdbcUrl());
                System.setProperty("quarkus.datasource.username", "postgres");
                LOG.info("PostgreSQL: started an EMBEDDED PostgreSQL on 127.0.0.1:" + pg.port() + ", database postgres, data in "
                        + dir + " (herald.embedded=" + name(cfg) + why(cfg, def) + "); it stops with Herald");
            }
        }
    }

    private void redis(LaunchSettings settings, EmbeddedConfig cfg) {
        LaunchSettings.Address def = settings.defaultAddress(LaunchSettings.REDIS_HOSTS, 6379);
        EmbeddedChoice choice = EmbeddedChoice.decide(cfg.mode(), settings.operatorConfigured(LaunchSettings.REDIS_HOSTS),
                () -> PortProbe.answers(def));
        switch (choice) {
            case CONFIGURED -> LOG.info("Redis: using the configured quarkus.redis.hosts (herald.embedded=" + name(cfg) + ")");
            case DEFAULT_ADDRESS -> LOG.info("Redis: using the default address " + def + " (herald.embedded=" + name(cfg) + ")");
            case EMBEDDED -> {
                Path dir = dataDir(cfg, "redis");
                EmbeddedRedisServer redis = EmbeddedRedisServer.start(dir, PortProbe.portOrFree(cfg.redisPort()));
                started.add(redis);
                System.setProperty(LaunchSettings.REDIS_HOSTS, redis.uri());
                LOG.info("Redis: started an EMBEDDED Redis on 127.0.0.1:" + redis.port() + ", data in " + dir
                        + " (herald.embedded=" + name(cfg) + why(cfg, def) + "); it stops with Herald");
            }
        }
    }

    private static String name(EmbeddedConfig cfg) {
        return cfg.mode().name().toLowerCase();
    }

    private static String why(EmbeddedConfig cfg, LaunchSettings.Address def) {
        return cfg.mode() == EmbeddedMode.AUTO ? ": none configured and nothing answers at " + def : "";
    }

    static String rootMessage(EmbeddedConfig cfg, LaunchSettings.Address def) {
        return "Herald would start an embedded PostgreSQL (herald.embedded=" + name(cfg)
                + (cfg.mode() == EmbeddedMode.AUTO ? ", no datasource configured and nothing answers at " + def : "")
                + "), but PostgreSQL refuses to run as root. Either run Herald as an ordinary user, or configure a "
                + "database" + (cfg.mode() == EmbeddedMode.ALWAYS ? " with herald.embedded=auto" : "")
                + ": QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://HOST:5432/DB and "
                + "QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://HOST:5432/DB (see docs/embedded.md).";
    }

    /** {@code <data-dir>/<name>}, created private to this user (the cluster and snapshot hold every item). */
    private static Path dataDir(EmbeddedConfig cfg, String name) {
        Path dir = Path.of(cfg.dataDir()).resolve(name).toAbsolutePath();
        try {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create " + dir + " (herald.embedded.data-dir)", e);
        }
    }

    /** Stops what was started, Redis first (nothing depends on it at shutdown), then PostgreSQL. Idempotent. */
    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("could not stop an embedded server cleanly", e);
            }
        }
        started.clear();
    }

    public boolean startedAny() {
        return !started.isEmpty();
    }
}
