package org.herald.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.herald.domain.Affiliation;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeType;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.SubscriptionState;
import org.herald.domain.SubscriptionType;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.event.CollectionChanged;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.PubSubEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** XEP-0248 collection nodes against the pure core, with the store in memory. */
class CollectionsTest {
    static final Jid HAMLET = Jid.parse("hamlet@denmark.lit/elsinore");
    static final Jid HORATIO = Jid.parse("horatio@denmark.lit/castle");
    static final Jid BERNARDO = Jid.parse("bernardo@denmark.lit/post");
    static final Jid FRANCISCO = Jid.parse("francisco@denmark.lit/barracks");

    final InMemoryStore store = new InMemoryStore();
    final List<PubSubEvent> events = new ArrayList<>();
    final AtomicInteger counter = new AtomicInteger();
    final ServiceLimits limits = new ServiceLimits(1000, 65_536);
    final PubSubService service = new PubSubService(store, events::add,
            new ServiceSettings(DefaultConfig.leaf(limits), limits, Set.of(Jid.parse("admin@denmark.lit")), Set.of()),
            Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC),
            () -> "id-" + counter.incrementAndGet());

    static <T> T await(Uni<T> uni) {
        return uni.await().indefinitely();
    }

    static PubSubException refusal(Uni<?> uni, PubSubError expected) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> uni.await().indefinitely());
        assertThat(t).isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.error()).isEqualTo(expected));
        return (PubSubException) t;
    }

    Node collection(Jid owner, String id, String... parents) {
        return await(service.create(owner, id, Map.of("pubsub#node_type", List.of("collection"),
                "pubsub#collection", List.of(parents))));
    }

    Node leaf(Jid owner, String id, String... parents) {
        return await(service.create(owner, id, Map.of("pubsub#collection", List.of(parents))));
    }

    Node config(String id) {
        return await(service.configuration(HAMLET, id));
    }

    /** Subscribes with the given collection options, as the options area's forms will let a subscriber do. */
    void subscribe(Jid jid, String node, SubscriptionType type, int depth) {
        await(store.inTransaction(tx -> tx.insertSubscription(new Subscription(node, jid, "sub-" + counter.incrementAndGet(),
                SubscriptionState.SUBSCRIBED, Instant.now(), new SubscriptionOptions(true, false,
                SubscriptionOptions.DEFAULT_DIGEST_FREQUENCY_MILLIS, null, false, Set.of(), type, depth)))));
    }

    /** Publishes as the owner and returns who is told (no event at all means nobody). */
    List<Delivery> publish(String node, String id) {
        events.clear();
        await(service.publish(HAMLET, node, new ItemDraft(id, "<entry xmlns='http://www.w3.org/2005/Atom'/>",
                "http://www.w3.org/2005/Atom"), null));
        return events.stream().filter(e -> e instanceof ItemsPublished).findFirst()
                .map(PubSubEvent::recipients).orElse(List.of());
    }

    @Nested
    class Graph {
        @Test
        void aLeafCreatedIntoACollectionShowsOnBothSides() {
            collection(HAMLET, "blogs");
            Node musings = leaf(HAMLET, "musings", "blogs");
            assertThat(musings.config().collection()).containsExactly("blogs");
            assertThat(config("musings").config().collection()).containsExactly("blogs");
            Node blogs = config("blogs");
            assertThat(blogs.config().nodeType()).isEqualTo(NodeType.COLLECTION);
            assertThat(blogs.config().children()).containsExactly("musings");
        }

        @Test
        void childrenSetOnTheCollectionShowInTheChildsCollection() {
            collection(HAMLET, "blogs");
            leaf(HAMLET, "a");
            leaf(HORATIO, "b"); // XEP-0248: the collection's owners decide what it holds
            await(service.configure(HAMLET, "blogs", Map.of("pubsub#children", List.of("a", "b"))));
            assertThat(await(service.configuration(HORATIO, "b")).config().collection()).containsExactly("blogs");
            await(service.configure(HAMLET, "blogs", Map.of("pubsub#children", List.of("b"))));
            assertThat(config("a").config().collection()).isEmpty();
            assertThat(config("blogs").config().children()).containsExactly("b");
        }

        @Test
        void onlyOwnersOfTheCollectionMayPutNodesInIt() {
            collection(HAMLET, "blogs");
            refusal(service.create(HORATIO, "intruder", Map.of("pubsub#collection", List.of("blogs"))), PubSubError.FORBIDDEN);
            // the refused creation left nothing behind
            refusal(service.configuration(HORATIO, "intruder"), PubSubError.ITEM_NOT_FOUND);
            leaf(HORATIO, "mine");
            refusal(service.configure(HORATIO, "mine", Map.of("pubsub#collection", List.of("blogs"))), PubSubError.FORBIDDEN);
            refusal(service.associate(HORATIO, "blogs", "mine"), PubSubError.FORBIDDEN);
            assertThat(config("blogs").config().children()).isEmpty();
        }

        @Test
        void aLeafIsNoParent() {
            leaf(HAMLET, "plain");
            PubSubException e = refusal(service.create(HAMLET, "x", Map.of("pubsub#collection", List.of("plain"))),
                    PubSubError.INVALID_NODE_GRAPH);
            assertThat(e.field()).isEqualTo("pubsub#collection");
            leaf(HAMLET, "other");
            refusal(service.configure(HAMLET, "plain", Map.of("pubsub#children", List.of("other"))), PubSubError.INVALID_NODE_GRAPH);
            refusal(service.associate(HAMLET, "plain", "other"), PubSubError.INVALID_NODE_GRAPH);
        }

        @Test
        void cyclesAreRefused() {
            collection(HAMLET, "a");
            collection(HAMLET, "b", "a");
            collection(HAMLET, "c", "b");
            refusal(service.configure(HAMLET, "a", Map.of("pubsub#collection", List.of("c"))), PubSubError.INVALID_NODE_GRAPH);
            refusal(service.associate(HAMLET, "c", "a"), PubSubError.INVALID_NODE_GRAPH);
            refusal(service.configure(HAMLET, "c", Map.of("pubsub#children", List.of("a"))), PubSubError.INVALID_NODE_GRAPH);
            refusal(service.associate(HAMLET, "a", "a"), PubSubError.INVALID_NODE_GRAPH);
            assertThat(config("a").config().collection()).isEmpty();
            // a diamond is no cycle: a node may sit in several collections (multi-collections)
            collection(HAMLET, "d", "a");
            leaf(HAMLET, "leaf", "c", "d");
            assertThat(config("leaf").config().collection()).containsExactly("c", "d");
        }

        @Test
        void unknownParentIsNotFound() {
            refusal(service.create(HAMLET, "x", Map.of("pubsub#collection", List.of("nowhere"))), PubSubError.ITEM_NOT_FOUND);
        }

        @Test
        void aCollectionStaysACollectionAndALeafBecomingOneLosesItsItems() {
            collection(HAMLET, "c");
            refusal(service.configure(HAMLET, "c", Map.of("pubsub#node_type", List.of("leaf"))), PubSubError.INVALID_NODE_GRAPH);
            leaf(HAMLET, "l");
            publish("l", "1");
            await(service.configure(HAMLET, "l", Map.of("pubsub#node_type", List.of("collection"))));
            assertThat(store.itemCount("l")).isZero();
        }

        @Test
        void dissociation() {
            collection(HAMLET, "blogs");
            leaf(HORATIO, "b");
            await(service.associate(HAMLET, "blogs", "b"));
            refusal(service.dissociate(BERNARDO, "blogs", "b"), PubSubError.FORBIDDEN);
            await(service.dissociate(HORATIO, "blogs", "b")); // the child's owner may leave
            refusal(service.dissociate(HAMLET, "blogs", "b"), PubSubError.BAD_REQUEST); // [error-dissoc-not-assoc]
            assertThat(config("blogs").config().children()).isEmpty();
        }

        @Test
        void deletingACollectionOrphansItsChildren() {
            collection(HAMLET, "a");
            collection(HAMLET, "b");
            leaf(HAMLET, "only-a", "a");
            leaf(HAMLET, "both", "a", "b");
            await(service.delete(HAMLET, "a", null));
            assertThat(config("only-a").config().collection()).isEmpty();
            assertThat(config("both").config().collection()).containsExactly("b");
            assertThat(await(service.nodeIds(HAMLET))).containsExactly("b", "only-a");
        }
    }

    @Nested
    class Items {
        @Test
        void aCollectionTakesNoItems() {
            collection(HAMLET, "c");
            assertThat(refusal(service.publish(HAMLET, "c", new ItemDraft("1", "<x xmlns='urn:x'/>", "urn:x"), null),
                    PubSubError.FEATURE_NOT_IMPLEMENTED).feature()).isEqualTo("publish");
            assertThat(refusal(service.items(HAMLET, "c", ItemsQuery.all()), PubSubError.FEATURE_NOT_IMPLEMENTED).feature())
                    .isEqualTo("retrieve-items");
            assertThat(refusal(service.purge(HAMLET, "c"), PubSubError.FEATURE_NOT_IMPLEMENTED).feature())
                    .isEqualTo("persistent-items");
        }

        @Test
        void depthDecidesWhichCollectionSubscribersHearOfALeaf() {
            collection(HAMLET, "root-c");
            collection(HAMLET, "mid", "root-c");
            leaf(HAMLET, "leaf", "mid");
            subscribe(HORATIO, "mid", SubscriptionType.ITEMS, 1);
            subscribe(BERNARDO, "root-c", SubscriptionType.ITEMS, 1);
            subscribe(FRANCISCO, "root-c", SubscriptionType.ITEMS, SubscriptionOptions.DEPTH_ALL);
            assertThat(publish("leaf", "1")).containsExactlyInAnyOrder(
                    new Delivery(HORATIO, List.of(), "mid"),
                    new Delivery(FRANCISCO, List.of(), "root-c"));
        }

        @Test
        void nodesSubscribersHearNoItems() {
            collection(HAMLET, "c");
            leaf(HAMLET, "leaf", "c");
            subscribe(HORATIO, "c", SubscriptionType.NODES, 1);
            events.clear();
            await(service.publish(HAMLET, "leaf", new ItemDraft("1", "<x xmlns='urn:x'/>", "urn:x"), null));
            assertThat(events).isEmpty(); // nobody to tell: no event is emitted
        }

        @Test
        void aWhitelistLeafDoesNotLeakThroughAnOpenCollection() {
            collection(HAMLET, "open-c");
            await(service.create(HAMLET, "secret", Map.of("pubsub#collection", List.of("open-c"),
                    "pubsub#access_model", List.of("whitelist"))));
            await(service.subscribe(HORATIO, "open-c", HORATIO));
            events.clear();
            await(service.publish(HAMLET, "secret", new ItemDraft("1", "<x xmlns='urn:x'/>", "urn:x"), null));
            assertThat(events).noneMatch(e -> e.recipients().stream().anyMatch(d -> d.to().equals(HORATIO)));
            // once on the whitelist, the collection brings the leaf's items
            await(service.modifyAffiliations(HAMLET, "secret", Map.of(HORATIO.bare(), Affiliation.MEMBER)));
            assertThat(publish("secret", "2")).containsExactly(new Delivery(HORATIO, List.of(), "open-c"));
        }

        @Test
        void retractionsReachCollectionSubscribersToo() {
            collection(HAMLET, "c");
            leaf(HAMLET, "leaf", "c");
            await(service.subscribe(HORATIO, "c", HORATIO));
            publish("leaf", "1");
            events.clear();
            await(service.retract(HAMLET, "leaf", List.of("1"), true));
            assertThat(events).singleElement().satisfies(e ->
                    assertThat(e.recipients()).containsExactly(new Delivery(HORATIO, List.of(), "c")));
        }
    }

    @Nested
    class NodeNotifications {
        @Test
        void nodesSubscribersHearOfAssociationAndDissociation() {
            collection(HAMLET, "c");
            subscribe(HORATIO, "c", SubscriptionType.NODES, 1);
            events.clear();
            leaf(HAMLET, "new-leaf", "c");
            assertThat(events).singleElement().isInstanceOfSatisfying(CollectionChanged.class, e -> {
                assertThat(e.node().id()).isEqualTo("c");
                assertThat(e.child()).isEqualTo("new-leaf");
                assertThat(e.associated()).isTrue();
                assertThat(e.recipients()).extracting(Delivery::to).containsExactly(HORATIO);
            });
            events.clear();
            await(service.delete(HAMLET, "new-leaf", null));
            assertThat(events).filteredOn(e -> e instanceof CollectionChanged).singleElement()
                    .isInstanceOfSatisfying(CollectionChanged.class, e -> assertThat(e.associated()).isFalse());
        }

        @Test
        void hiddenNodesAreNotAnnounced() {
            collection(HAMLET, "c");
            subscribe(HORATIO, "c", SubscriptionType.NODES, 1);
            events.clear();
            await(service.create(HAMLET, "secret", Map.of("pubsub#collection", List.of("c"),
                    "pubsub#access_model", List.of("whitelist"))));
            assertThat(events).isEmpty();
        }
    }

    @Nested
    class Discovery {
        @Test
        void theRootListsFirstLevelNodesAndCollectionsListTheirChildren() {
            collection(HAMLET, "blogs");
            leaf(HAMLET, "musings", "blogs");
            await(service.create(HAMLET, "secret", Map.of("pubsub#collection", List.of("blogs"),
                    "pubsub#access_model", List.of("whitelist"))));
            leaf(HAMLET, "loose");
            assertThat(await(service.nodeIds(HORATIO))).containsExactly("blogs", "loose");
            NodeListing seen = await(service.listing(HORATIO, "blogs"));
            assertThat(seen.nodes()).isTrue();
            assertThat(seen.ids()).containsExactly("musings");
            assertThat(await(service.listing(HAMLET, "blogs")).ids()).containsExactly("musings", "secret");
            publish("musings", "i1");
            NodeListing items = await(service.listing(HORATIO, "musings"));
            assertThat(items.nodes()).isFalse();
            assertThat(items.ids()).containsExactly("i1");
        }
    }
}
