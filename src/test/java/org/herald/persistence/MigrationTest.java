package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** The schema comes from Flyway at start-up, and the tables are where the store expects them. */
@QuarkusTest
class MigrationTest {

    @Inject
    DataSource jdbc;

    @Test
    void flywayHistoryShowsVersionOneApplied() throws SQLException {
        try (Connection c = jdbc.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(
                     "select description, success from flyway_schema_history where version = '1'")) {
            assertThat(r.next()).as("V1 in flyway_schema_history").isTrue();
            assertThat(r.getString("description")).isEqualTo("pubsub core");
            assertThat(r.getBoolean("success")).isTrue();
        }
    }

    @Test
    void coreTablesExist() throws SQLException {
        try (Connection c = jdbc.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("""
                     select count(*) from information_schema.tables
                     where table_schema = current_schema()
                       and table_name in ('nodes', 'affiliations', 'subscriptions', 'items')""")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(4);
        }
    }
}
