package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.herald.domain.Ancestor;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.NodeType;
import org.junit.jupiter.api.Test;

/** The node graph (XEP-0248 collections) in PostgreSQL: links, their reflection in configurations, ancestors. */
@QuarkusTest
class CollectionStoreTest extends StoreTestSupport {

    @Inject
    DataSource jdbc;

    String createCollection(String what) {
        String id = uniqueNodeId(what);
        tx(t -> t.insertNode(new Node(id, defaultConfig().with().nodeType(NodeType.COLLECTION).build(), OWNER, now())));
        return id;
    }

    NodeConfig config(String id) {
        return findNode(id).orElseThrow().config();
    }

    @Test
    void linksShowAsCollectionOfTheChildAndChildrenOfTheCollection() {
        String a = createCollection("a");
        String b = createCollection("b");
        String leaf = createNode("leaf");
        tx(t -> t.associate(leaf, b).chain(() -> t.associate(leaf, a)).chain(() -> t.associate(leaf, a)));

        assertThat(config(leaf).collection()).isEqualTo(List.of(a, b).stream().sorted().toList());
        assertThat(config(a).children()).containsExactly(leaf);
        assertThat(tx(t -> t.lockNode(leaf)).orElseThrow().config().collection()).hasSize(2);
        assertThat(tx(t -> t.nodes()).stream().filter(n -> n.id().equals(b)).findFirst().orElseThrow()
                .config().children()).containsExactly(leaf);
    }

    @Test
    void configUpdatesLeaveTheLinksAlone() {
        String c = createCollection("c");
        String leaf = createNode("leaf");
        tx(t -> t.associate(leaf, c));
        tx(t -> t.updateNodeConfig(leaf, defaultConfig().with().title("renamed").collection(List.of()).build()));
        assertThat(config(leaf).collection()).containsExactly(c);
        assertThat(config(leaf).title()).isEqualTo("renamed");
    }

    @Test
    void dissociateSaysWhetherThereWasALink() {
        String c = createCollection("c");
        String leaf = createNode("leaf");
        tx(t -> t.associate(leaf, c));
        boolean first = tx(t -> t.dissociate(leaf, c));
        boolean second = tx(t -> t.dissociate(leaf, c));
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(config(c).children()).isEmpty();
    }

    @Test
    void ancestorsComeWithTheirShortestDistance() {
        // top ⊃ mid ⊃ low ⊃ leaf, and top ⊃ leaf directly too
        String top = createCollection("top");
        String mid = createCollection("mid");
        String low = createCollection("low");
        String leaf = createNode("leaf");
        tx(t -> t.associate(mid, top).chain(() -> t.associate(low, mid)).chain(() -> t.associate(leaf, low))
                .chain(() -> t.associate(leaf, top)));

        // nearest first, then by id ("test/low/..." sorts before "test/top/...")
        List<Ancestor> aboveLeaf = tx(t -> t.ancestors(leaf));
        List<Ancestor> aboveTop = tx(t -> t.ancestors(top));
        assertThat(aboveLeaf).containsExactly(new Ancestor(low, 1), new Ancestor(top, 1), new Ancestor(mid, 2));
        assertThat(aboveTop).isEmpty();
    }

    @Test
    void deletingACollectionOrphansItsChildrenAndDeletingAChildLeavesTheCollection() {
        String a = createCollection("a");
        String b = createCollection("b");
        String leaf = createNode("leaf");
        String other = createNode("other");
        tx(t -> t.associate(leaf, a).chain(() -> t.associate(leaf, b)).chain(() -> t.associate(other, b)));

        tx(t -> t.deleteNode(a));
        assertThat(config(leaf).collection()).containsExactly(b);
        tx(t -> t.deleteNode(other));
        assertThat(config(b).children()).containsExactly(leaf);
    }

    @Test
    void graphChangesRunOneAtATime() throws Exception {
        String c = createCollection("c");
        String leaf = createNode("leaf");
        CompletableFuture<Void> firstHolds = new CompletableFuture<>();
        CompletableFuture<Void> releaseFirst = new CompletableFuture<>();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Void> first = threads.submit(() -> tx(t -> t.lockGraph()
                    .invoke(() -> firstHolds.complete(null))
                    .call(() -> pauseUntil(releaseFirst))
                    .chain(() -> t.associate(leaf, c))));
            firstHolds.get(30, TimeUnit.SECONDS);
            // the second sees the first's link once it gets the lock: it waited for the commit
            Future<List<Ancestor>> second = threads.submit(() -> tx(t -> t.lockGraph().chain(() -> t.ancestors(leaf))));

            await().atMost(Duration.ofSeconds(30)).until(this::someoneWaitsForTheGraphLock);
            assertThat(second).isNotDone();

            releaseFirst.complete(null);
            first.get(30, TimeUnit.SECONDS);
            assertThat(second.get(30, TimeUnit.SECONDS)).containsExactly(new Ancestor(c, 1));
        } finally {
            releaseFirst.complete(null);
            threads.shutdown();
        }
    }

    private boolean someoneWaitsForTheGraphLock() throws SQLException {
        try (Connection conn = jdbc.getConnection(); Statement s = conn.createStatement();
             ResultSet r = s.executeQuery("""
                     select count(*) from pg_stat_activity
                     where datname = current_database() and wait_event_type = 'Lock' and wait_event = 'advisory'""")) {
            r.next();
            return r.getInt(1) > 0;
        }
    }
}
