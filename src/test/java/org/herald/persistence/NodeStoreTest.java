package org.herald.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.herald.domain.AccessModel;
import org.herald.domain.Affiliation;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.domain.NodeType;
import org.herald.domain.NotificationType;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.PublishModel;
import org.herald.domain.SendLastPublishedItem;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionState;
import org.junit.jupiter.api.Test;

@QuarkusTest
class NodeStoreTest extends StoreTestSupport {

    /** Every field differs from defaultConfig(), so a column mapped to the wrong field shows up. */
    private static NodeConfig everyFieldSet() {
        return new NodeConfig(NodeType.COLLECTION, "Größe – 天気 ✓", "a description\nover two lines",
                AccessModel.WHITELIST, PublishModel.SUBSCRIBERS, NodeConfig.MAX_ITEMS_MAX, false, false, false,
                false, false, false, true, true, false, 1234, SendLastPublishedItem.ON_SUB_AND_PRESENCE,
                NotificationType.NORMAL, "urn:xmpp:microblog:0", List.of("friends", "Family", "colleagues"),
                List.of("xmpp:admin@example.org", "mailto:ops@example.org"), "de-CH");
    }

    @Test
    void nodeRoundTripKeepsEveryConfigField() {
        String id = uniqueNodeId("round-trip");
        Node node = new Node(id, everyFieldSet(), Jid.parse("creator@example.org/laptop"), now());

        tx(t -> t.insertNode(node));

        assertThat(findNode(id)).contains(node);
    }

    @Test
    void nullableFieldsAndEmptyListsRoundTrip() {
        String id = uniqueNodeId("nulls");
        Node node = new Node(id, defaultConfig(), Jid.parse("example.org"), now());

        tx(t -> t.insertNode(node));

        Node found = tx(t -> t.findNode(id)).orElseThrow();
        assertThat(found).isEqualTo(node);
        assertThat(found.config().title()).isNull();
        assertThat(found.config().contact()).isEmpty();
    }

    @Test
    void unknownNodeIsAbsent() {
        String id = uniqueNodeId("missing");
        assertThat(findNode(id)).isEmpty();
        Optional<Node> locked = tx(t -> t.lockNode(id));
        assertThat(locked).isEmpty();
    }

    @Test
    void duplicateIdIsAConflictAndLeavesTheFirstNodeUnchanged() {
        String id = uniqueNodeId("duplicate");
        Node first = new Node(id, defaultConfig(), OWNER, now());
        tx(t -> t.insertNode(first));

        Node second = new Node(id, everyFieldSet(), Jid.parse("intruder@example.org"), now());
        Throwable failure = txFailure(t -> t.insertNode(second));

        assertThat(failure).isInstanceOfSatisfying(PubSubException.class,
                e -> assertThat(e.error()).isEqualTo(PubSubError.CONFLICT));
        assertThat(findNode(id)).contains(first);
    }

    @Test
    void conflictLeavesTheTransactionUsable() {
        String id = createNode("conflict-then-go-on");
        String other = uniqueNodeId("conflict-other");

        // A caller that treats CONFLICT as "fine, it exists" can carry on in the same transaction.
        tx(t -> t.insertNode(new Node(id, defaultConfig(), OWNER, now()))
                .onFailure(PubSubException.class).recoverWithNull()
                .chain(() -> t.insertNode(new Node(other, defaultConfig(), OWNER, now()))));

        assertThat(findNode(other)).isPresent();
    }

    @Test
    void updateNodeConfigReplacesTheConfigOnly() {
        Node node = new Node(uniqueNodeId("update"), defaultConfig(), OWNER, now());
        tx(t -> t.insertNode(node));

        tx(t -> t.updateNodeConfig(node.id(), everyFieldSet()));

        assertThat(findNode(node.id())).contains(node.withConfig(everyFieldSet()));
    }

    @Test
    void updateAfterLockInTheSameTransactionIsSeenByLaterReads() {
        String id = createNode("lock-update-read");
        NodeConfig titled = defaultConfig().with().title("new title").build();

        Optional<Node> seenInside = tx(t -> t.lockNode(id)
                .chain(() -> t.updateNodeConfig(id, titled))
                .chain(() -> t.findNode(id)));

        assertThat(seenInside).get().extracting(n -> n.config().title()).isEqualTo("new title");
        assertThat(findNode(id)).get().extracting(n -> n.config().title()).isEqualTo("new title");
    }

    @Test
    void updatingAMissingNodeIsItemNotFound() {
        String id = uniqueNodeId("update-missing");
        Throwable failure = txFailure(t -> t.updateNodeConfig(id, defaultConfig()));
        assertThat(failure).isInstanceOfSatisfying(PubSubException.class,
                e -> assertThat(e.error()).isEqualTo(PubSubError.ITEM_NOT_FOUND));
    }

    @Test
    void nodeIdsAreSortedAndIncludeEveryNode() {
        String prefix = "test/sorted/" + UUID.randomUUID() + "/";
        List<String> ids = List.of(prefix + "b", prefix + "a", prefix + "B", prefix + "é", prefix + "a/1");
        tx(t -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String id : ids) chain = chain.chain(() -> t.insertNode(new Node(id, defaultConfig(), OWNER, now())));
            return chain;
        });

        List<String> all = nodeIds();

        // the whole list is sorted, and ours come in Java's String order
        assertThat(all).isSorted();
        List<String> expected = new ArrayList<>(ids);
        expected.sort(null);
        assertThat(all.stream().filter(i -> i.startsWith(prefix)).toList()).isEqualTo(expected);
    }

    @Test
    void deleteNodeRemovesItsItemsSubscriptionsAndAffiliations() {
        String id = createNode("delete");
        Jid alice = Jid.parse("alice@example.org");
        tx(t -> t.setAffiliation(id, alice, Affiliation.PUBLISHER)
                .chain(() -> t.insertSubscription(new Subscription(id, Jid.parse("alice@example.org/phone"),
                        "sub-1", SubscriptionState.SUBSCRIBED, now())))
                .chain(() -> t.putItem(new Item(id, "i1", "<x/>", alice, now()))));

        tx(t -> t.deleteNode(id));

        assertThat(findNode(id)).isEmpty();
        assertThat(nodeIds()).doesNotContain(id);
        assertThat(items(id, 100)).isEmpty();
        assertThat(subscriptions(id)).isEmpty();
        assertThat(subscriptionsOf(alice, id)).isEmpty();
        assertThat(affiliations(id)).isEmpty();
        assertThat(affiliationsOf(alice)).noneMatch(a -> a.node().equals(id));
    }

    @Test
    void nodeDeletedAndRecreatedInOneTransactionStartsEmpty() {
        String id = createNode("recreate");
        tx(t -> t.putItem(new Item(id, "old", "<old/>", OWNER, now())));

        Optional<Node> seenInside = tx(t -> t.lockNode(id)
                .chain(() -> t.deleteNode(id))
                .chain(() -> t.insertNode(new Node(id, everyFieldSet(), OWNER, now())))
                .chain(() -> t.findNode(id)));

        assertThat(seenInside).get().extracting(Node::config).isEqualTo(everyFieldSet());
        assertThat(findNode(id)).get().extracting(Node::config).isEqualTo(everyFieldSet());
        assertThat(items(id, 10)).isEmpty();
    }

    @Test
    void deletingAMissingNodeIsHarmless() {
        String id = uniqueNodeId("delete-missing");
        tx(t -> t.deleteNode(id));
        assertThat(findNode(id)).isEmpty();
    }
}
