package org.herald.embedded;

import io.smallrye.config.ConfigValue;
import io.smallrye.config.DotEnvConfigSourceProvider;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration as Quarkus will see it, read before Quarkus starts: the built-in defaults (application.properties
 * in the jar) under what the operator supplies (./config/application.properties, .env, environment, system
 * properties), with Quarkus' ordinals and the {@code prod} profile. It tells whether a key was set by the operator
 * (its winning source is not the built-in defaults) and what the built-in default address is.
 */
public final class LaunchSettings {
    static final String DEFAULTS = "herald-built-in-defaults";
    public static final String PG_REACTIVE_URL = "quarkus.datasource.reactive.url";
    public static final String PG_JDBC_URL = "quarkus.datasource.jdbc.url";
    public static final String REDIS_HOSTS = "quarkus.redis.hosts";

    private final SmallRyeConfig config;
    private final PropertiesConfigSource defaults;

    private LaunchSettings(SmallRyeConfigBuilder builder, PropertiesConfigSource defaults) {
        this.config = builder.build();
        this.defaults = defaults;
    }

    /** From this process: the jar's application.properties, the working directory, environment, system properties. */
    public static LaunchSettings fromProcess() {
        Map<String, String> sysProps = new HashMap<>();
        System.getProperties().forEach((k, v) -> sysProps.put(String.valueOf(k), String.valueOf(v)));
        PropertiesConfigSource defaults = defaults(classpathDefaults());
        SmallRyeConfigBuilder builder = base(defaults, System.getenv(), sysProps);
        // Quarkus also reads these from the working directory (ordinals 260 and 295), so an operator may configure there.
        Path local = Path.of("config", "application.properties");
        if (Files.isRegularFile(local)) builder.withSources(new PropertiesConfigSource(load(local), "config/application.properties", 260));
        builder.withSources(new DotEnvConfigSourceProvider());
        return new LaunchSettings(builder, defaults);
    }

    /** For tests: explicit defaults, environment and system properties, nothing from disk. */
    static LaunchSettings of(Map<String, String> defaults, Map<String, String> env, Map<String, String> sysProps) {
        PropertiesConfigSource source = defaults(defaults);
        return new LaunchSettings(base(source, env, sysProps), source);
    }

    private static PropertiesConfigSource defaults(Map<String, String> values) {
        return new PropertiesConfigSource(values, DEFAULTS, 250);
    }

    private static SmallRyeConfigBuilder base(PropertiesConfigSource defaults, Map<String, String> env, Map<String, String> sysProps) {
        // The profile Quarkus will run with: prod for java -jar unless the operator names another.
        String profile = sysProps.getOrDefault("quarkus.profile", env.getOrDefault("QUARKUS_PROFILE", "prod"));
        return new SmallRyeConfigBuilder()
                .withProfile(profile)
                .addDefaultInterceptors() // ${user.home} and other expressions, profiles
                .withSources(defaults)
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new PropertiesConfigSource(sysProps, "system properties", 400))
                .withMapping(EmbeddedConfig.class);
    }

    public EmbeddedConfig embedded() {
        return config.getConfigMapping(EmbeddedConfig.class);
    }

    /** Whether any of {@code keys} has a value that does not come from the built-in defaults. */
    public boolean operatorConfigured(String... keys) {
        for (String key : keys) {
            ConfigValue value = config.getConfigValue(key);
            if (value.getValue() != null && !defaults.getName().equals(value.getConfigSourceName())) return true;
        }
        return false;
    }

    /** Where the built-in default of an URL-valued key points, e.g. 127.0.0.1:5432 for the reactive datasource. */
    public Address defaultAddress(String key, int defaultPort) {
        String raw = defaults.getValue(key);
        if (raw == null) throw new IllegalStateException("no built-in default for " + key);
        URI uri = URI.create(raw.split(",")[0].trim());
        return new Address(uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort());
    }

    /** A host and port, printed as {@code host:port}. */
    public record Address(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    private static Map<String, String> classpathDefaults() {
        try (InputStream in = LaunchSettings.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) return Map.of();
            Properties p = new Properties();
            p.load(in);
            Map<String, String> m = new HashMap<>();
            p.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Properties p = new Properties();
            p.load(in);
            Map<String, String> m = new HashMap<>();
            p.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
