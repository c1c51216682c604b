package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.herald.domain.AccessModel;
import org.herald.domain.Affiliation;
import org.herald.domain.Jid;
import org.junit.jupiter.api.Test;

/**
 * The schema comes from Flyway at start-up, holds what the store writes in the protocol's own words, and refuses
 * values the protocol does not have, whoever writes them.
 */
@QuarkusTest
class MigrationTest extends StoreTestSupport {

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

    @Test
    void enumerationsAreStoredByTheirWireNames() throws SQLException {
        String node = createNode("wire-names");
        tx(t -> t.setAffiliation(node, Jid.parse("pub@example.org"), Affiliation.PUBLISH_ONLY));

        try (Connection c = jdbc.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select n.access_model, n.send_last_published_item, a.affiliation
                     from nodes n join affiliations a on a.node_id = n.id where n.id = ?""")) {
            s.setString(1, node);
            try (ResultSet r = s.executeQuery()) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("open");
                assertThat(r.getString(2)).isEqualTo("never");
                assertThat(r.getString(3)).isEqualTo("publish-only");
            }
        }
    }

    @Test
    void theSchemaRefusesValuesTheProtocolDoesNotHave() throws SQLException {
        String node = createNode("checks");
        try (Connection c = jdbc.getConnection()) {
            assertThatThrownBy(() -> update(c, "update nodes set access_model = 'everyone' where id = ?", node))
                    .isInstanceOf(SQLException.class).hasMessageContaining("nodes_access_model_ck");
            assertThatThrownBy(() -> update(c,
                    "insert into affiliations (node_id, jid, affiliation) values (?, 'x@example.org', 'none')", node))
                    .isInstanceOf(SQLException.class).hasMessageContaining("affiliations_affiliation_ck");
            assertThatThrownBy(() -> update(c, """
                    insert into subscriptions (node_id, sub_id, jid, bare_jid, state, created)
                    values (?, 's', 'x@example.org/r', 'y@example.org', 'subscribed', now())""", node))
                    .isInstanceOf(SQLException.class).hasMessageContaining("subscriptions_bare_jid_ck");
        }
        assertThat(findNode(node)).get().extracting(n -> n.config().accessModel()).isEqualTo(AccessModel.OPEN);
    }

    private static void update(Connection c, String sql, String node) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, node);
            s.executeUpdate();
        }
    }
}
