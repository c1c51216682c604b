package org.herald.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the launcher reads the configuration before Quarkus does: what counts as "configured by the operator" (any
 * source but the built-in defaults, with Quarkus' environment-variable names and the prod profile), the default
 * addresses, and the herald.embedded keys. Pure: maps in, answers out.
 */
class LaunchSettingsTest {
    static final Map<String, String> DEFAULTS = Map.of(
            "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/test",
            "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/test",
            "quarkus.redis.hosts", "redis://127.0.0.1:6379",
            "herald.embedded", "auto",
            "herald.embedded.data-dir", "${user.home}/.herald");

    /** As in a real JVM, the system properties carry user.home (the data directory's default refers to it). */
    static LaunchSettings settings(Map<String, String> env, Map<String, String> sysProps) {
        Map<String, String> sys = new java.util.HashMap<>(sysProps);
        sys.putIfAbsent("user.home", System.getProperty("user.home"));
        return LaunchSettings.of(DEFAULTS, env, sys);
    }

    @Test
    void theBuiltInDefaultsAloneAreNotAnOperatorsChoice() {
        LaunchSettings s = settings(Map.of(), Map.of());
        assertThat(s.operatorConfigured(LaunchSettings.PG_REACTIVE_URL, LaunchSettings.PG_JDBC_URL)).isFalse();
        assertThat(s.operatorConfigured(LaunchSettings.REDIS_HOSTS)).isFalse();
        assertThat(s.defaultAddress(LaunchSettings.PG_REACTIVE_URL, 5432)).isEqualTo(new LaunchSettings.Address("127.0.0.1", 5432));
        assertThat(s.defaultAddress(LaunchSettings.REDIS_HOSTS, 6379)).hasToString("127.0.0.1:6379");
    }

    @Test
    void anEnvironmentVariableIsTheOperatorsChoice() {
        LaunchSettings s = settings(
                Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://db.example:5432/herald"), Map.of());
        assertThat(s.operatorConfigured(LaunchSettings.PG_REACTIVE_URL, LaunchSettings.PG_JDBC_URL)).isTrue();
        assertThat(s.operatorConfigured(LaunchSettings.REDIS_HOSTS)).isFalse();
    }

    @Test
    void theJdbcUrlAloneCountsAsAConfiguredDatabase() {
        LaunchSettings s = settings(Map.of(),
                Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://db.example:5432/herald"));
        assertThat(s.operatorConfigured(LaunchSettings.PG_REACTIVE_URL, LaunchSettings.PG_JDBC_URL)).isTrue();
    }

    @Test
    void aProdProfileVariableIsTheOperatorsChoiceToo() {
        LaunchSettings s = settings(Map.of("_PROD_QUARKUS_REDIS_HOSTS", "redis://cache.example:6379"), Map.of());
        assertThat(s.operatorConfigured(LaunchSettings.REDIS_HOSTS)).isTrue();
    }

    @Test
    void theProfileQuarkusWillRunWithIsTheOneRead() {
        LaunchSettings s = settings(Map.of("QUARKUS_PROFILE", "staging", "_STAGING_QUARKUS_REDIS_HOSTS", "redis://cache.example:6379"),
                Map.of());
        assertThat(s.operatorConfigured(LaunchSettings.REDIS_HOSTS)).isTrue();
        LaunchSettings prod = settings(Map.of("_STAGING_QUARKUS_REDIS_HOSTS", "redis://cache.example:6379"), Map.of());
        assertThat(prod.operatorConfigured(LaunchSettings.REDIS_HOSTS)).isFalse();
    }

    @Test
    void aValueEqualToTheDefaultButSetByTheOperatorIsStillTheirs() {
        // Explicitly naming the default address means "use it": auto must not replace it with an embedded server.
        LaunchSettings s = settings(Map.of("QUARKUS_REDIS_HOSTS", "redis://127.0.0.1:6379"), Map.of());
        assertThat(s.operatorConfigured(LaunchSettings.REDIS_HOSTS)).isTrue();
    }

    @Test
    void embeddedKeysFromEnvironmentAndSystemProperties() {
        LaunchSettings s = settings(Map.of("HERALD_EMBEDDED", "never"),
                Map.of("herald.embedded.data-dir", "/srv/herald", "herald.embedded.postgres-port", "15432"));
        assertThat(s.embedded().mode()).isEqualTo(EmbeddedMode.NEVER);
        assertThat(s.embedded().dataDir()).isEqualTo("/srv/herald");
        assertThat(s.embedded().postgresPort()).isEqualTo(15432);
        assertThat(s.embedded().redisPort()).isZero();
    }

    @Test
    void theDefaultDataDirectoryIsInTheUsersHome() {
        LaunchSettings s = settings(Map.of(), Map.of());
        assertThat(s.embedded().mode()).isEqualTo(EmbeddedMode.AUTO);
        assertThat(s.embedded().dataDir()).isEqualTo(System.getProperty("user.home") + "/.herald");
    }

    @Test
    void anUnknownModeIsRefused() {
        assertThatThrownBy(() -> settings(Map.of(), Map.of("herald.embedded", "sometimes")).embedded())
                .hasMessageContaining("sometimes");
    }
}
