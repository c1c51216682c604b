package org.herald.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.herald.domain.Affiliation;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.RosterEntry;
import org.herald.domain.SubscriptionState;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.PubSubEvent;
import org.herald.service.port.Relations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No transaction waits on an owner's roster (§4.5 presence and roster access models): with roster answers held
 * back by hand, publishes commit at once and their notifications leave when the rosters answer, only to those
 * the rosters admit; a subscribe waiting for its answer holds no transaction and re-checks the node once it has it.
 */
@Timeout(10)
class RosterOutsideTransactionsTest {
    static final Jid HAMLET = Jid.parse("hamlet@denmark.lit/elsinore");
    static final Jid OPHELIA = Jid.parse("ophelia@denmark.lit/garden");
    static final Jid HORATIO = Jid.parse("horatio@denmark.lit/castle");
    static final Jid BERNARDO = Jid.parse("bernardo@denmark.lit/post");
    static final String ATOM = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry>";

    /** Rosters whose answers, while held, wait until {@link #release} (or {@link #fail}) completes them by hand. */
    static final class HeldRelations implements Relations {
        final InMemoryRelations rosters = new InMemoryRelations();
        final List<CompletableFuture<RosterEntry>> waiting = new CopyOnWriteArrayList<>();
        final List<Runnable> answers = new CopyOnWriteArrayList<>();
        volatile boolean holding;
        volatile boolean failing;

        @Override
        public Uni<RosterEntry> contact(Jid owner, Jid contact) {
            if (failing) return Uni.createFrom().failure(new IllegalStateException("roster query timed out"));
            if (!holding) return rosters.contact(owner, contact);
            CompletableFuture<RosterEntry> later = new CompletableFuture<>();
            waiting.add(later);
            // answered from the roster as it is when released
            answers.add(() -> rosters.contact(owner, contact).subscribe().with(later::complete));
            return Uni.createFrom().completionStage(later);
        }

        void release() {
            holding = false;
            List<Runnable> now = new ArrayList<>(answers);
            answers.clear();
            waiting.clear();
            now.forEach(Runnable::run);
        }

        /** The owners' server stops answering: what waits fails, and so does every later question. */
        void fail() {
            failing = true;
            List<CompletableFuture<RosterEntry>> now = new ArrayList<>(waiting);
            answers.clear();
            waiting.clear();
            now.forEach(f -> f.completeExceptionally(new IllegalStateException("roster query timed out")));
        }
    }

    final InMemoryStore store = new InMemoryStore();
    final HeldRelations world = new HeldRelations();
    final List<PubSubEvent> events = new CopyOnWriteArrayList<>();
    final AtomicInteger counter = new AtomicInteger();
    final ServiceLimits limits = new ServiceLimits(1000, 65_536);
    final SubscriptionOptionsServiceTest.TestClock clock = new SubscriptionOptionsServiceTest.TestClock();
    final PubSubService service = new PubSubService(store, events::add,
            new ServiceSettings(DefaultConfig.leaf(limits), limits, Set.of(), Set.of()),
            clock, () -> "id-" + counter.incrementAndGet(), world, world.rosters);

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(5));
    }

    Uni<PublishResult> publish(String node, String id) {
        return service.publish(HAMLET, node, new ItemDraft(id, ATOM, "http://www.w3.org/2005/Atom"), Map.of());
    }

    List<Jid> notified() {
        return events.stream().filter(e -> e instanceof ItemsPublished)
                .flatMap(e -> e.recipients().stream()).map(Delivery::to).toList();
    }

    /** A roster node for the "friends" group, Horatio and Bernardo subscribed while both were friends. */
    void rosterNodeWithTwoContacts() {
        await(service.create(HAMLET, "n", Map.of("pubsub#access_model", List.of("roster"),
                "pubsub#roster_groups_allowed", List.of("friends"))));
        world.rosters.roster(HAMLET, HORATIO, "none", "friends");
        world.rosters.roster(HAMLET, BERNARDO, "none", "friends");
        await(service.subscribe(HORATIO, "n", HORATIO));
        await(service.subscribe(BERNARDO, "n", BERNARDO));
        await(service.modifyAffiliations(HAMLET, "n", Map.of(OPHELIA.bare(), Affiliation.MEMBER)));
        await(service.subscribe(OPHELIA, "n", OPHELIA));
        events.clear();
    }

    @Test
    void aPublishCommitsBeforeTheRosterAnswersAndOnlyThoseItAdmitsAreToldOnceItDoes() {
        rosterNodeWithTwoContacts();
        world.rosters.roster(HAMLET, BERNARDO, "both", "servants"); // no longer in an allowed group
        world.holding = true;

        // Both publishes complete while the roster questions are unanswered: neither transaction waits on them,
        // and the first holds no lock on the node that would stop the second.
        assertThat(await(publish("n", "a")).itemId()).isEqualTo("a");
        assertThat(await(publish("n", "b")).itemId()).isEqualTo("b");
        assertThat(await(service.items(HAMLET, "n", ItemsQuery.all()))).extracting(i -> i.id()).containsExactly("b", "a");
        assertThat(world.waiting).isNotEmpty();
        assertThat(events).isEmpty(); // nobody is told before the rosters have answered

        world.release();

        assertThat(events).hasSize(2);
        assertThat(events).allSatisfy(e -> assertThat(e.recipients()).extracting(Delivery::to)
                .containsExactlyInAnyOrder(HORATIO, OPHELIA));
        assertThat(events).extracting(e -> ((ItemsPublished) e).items().get(0).id()).containsExactly("a", "b");
    }

    @Test
    void aStrangerWhoseRelationCannotBeLearnedIsNotTold() {
        rosterNodeWithTwoContacts();
        world.holding = true;
        await(publish("n", "a"));

        world.fail();

        assertThat(notified()).containsExactly(OPHELIA); // the member needs no roster; the others are not told
    }

    @Test
    void aSubscribeAwaitingTheRosterHoldsNoTransaction() throws Exception {
        await(service.create(HAMLET, "n", Map.of("pubsub#access_model", List.of("presence"))));
        world.rosters.roster(HAMLET, HORATIO, "from");
        world.holding = true;

        // The in-memory store runs each transaction to its end before it returns: a subscribe that waited for the
        // roster inside its transaction would never come back from subscribing.
        CompletableFuture<org.herald.domain.Subscription> pending =
                service.subscribe(HORATIO, "n", HORATIO).subscribeAsCompletionStage();
        assertThat(pending).isNotDone();
        await(publish("n", "a")); // the node is free meanwhile

        world.release();

        assertThat(pending.get(5, TimeUnit.SECONDS).state()).isEqualTo(SubscriptionState.SUBSCRIBED);
    }

    @Test
    void aSubscribeRechecksTheNodeAsItIsOnceTheRosterHasAnswered() {
        await(service.create(HAMLET, "n", Map.of("pubsub#access_model", List.of("presence"))));
        world.rosters.roster(HAMLET, HORATIO, "from");
        world.holding = true;
        CompletableFuture<org.herald.domain.Subscription> pending =
                service.subscribe(HORATIO, "n", HORATIO).subscribeAsCompletionStage();

        // meanwhile the owner closes the node to its whitelist: the roster's word no longer counts
        await(service.configure(HAMLET, "n", Map.of("pubsub#access_model", List.of("whitelist"))));
        world.release();

        assertThatThrownBy(pending::join).hasCauseInstanceOf(PubSubException.class)
                .extracting(e -> ((PubSubException) e.getCause()).error()).isEqualTo(PubSubError.CLOSED_NODE);
        assertThat(await(service.subscriptions(HAMLET, "n"))).isEmpty();
    }

    @Test
    void anOwnerAddedWhileTheRosterWasAskedIsAskedToo() {
        await(service.create(HAMLET, "n", Map.of("pubsub#access_model", List.of("presence"))));
        world.rosters.roster(OPHELIA, HORATIO, "both"); // only the owner-to-be knows Horatio
        world.holding = true;
        CompletableFuture<org.herald.domain.Subscription> pending =
                service.subscribe(HORATIO, "n", HORATIO).subscribeAsCompletionStage();

        await(service.modifyAffiliations(HAMLET, "n", Map.of(OPHELIA.bare(), Affiliation.OWNER)));
        world.release();

        assertThat(pending.join().state()).isEqualTo(SubscriptionState.SUBSCRIBED);
    }

    @Test
    void collectionSubscribersAreCheckedAgainstTheLeafOwnersRoster() {
        await(service.create(HAMLET, "c", Map.of("pubsub#node_type", List.of("collection"))));
        await(service.create(HAMLET, "leaf", Map.of("pubsub#collection", List.of("c"),
                "pubsub#access_model", List.of("presence"))));
        await(service.subscribe(HORATIO, "c", HORATIO));
        await(service.subscribe(BERNARDO, "c", BERNARDO));
        world.rosters.roster(HAMLET, HORATIO, "both");
        world.rosters.roster(HAMLET, BERNARDO, "to"); // Bernardo does not receive Hamlet's presence
        events.clear();
        world.holding = true;

        await(publish("leaf", "a"));
        assertThat(events).isEmpty();
        world.release();

        assertThat(events).singleElement().extracting(PubSubEvent::recipients)
                .isEqualTo(List.of(new Delivery(HORATIO, List.of(), "c")));
    }

    @Test
    void aDigestReachesAStrangerOnlyWhileTheRosterAdmitsIt() {
        await(service.create(HAMLET, "n", Map.of("pubsub#access_model", List.of("presence"))));
        world.rosters.roster(HAMLET, HORATIO, "from");
        world.rosters.roster(HAMLET, BERNARDO, "both");
        Map<String, List<String>> digest = Map.of("pubsub#digest", List.of("1"), "pubsub#digest_frequency", List.of("60000"));
        await(service.subscribe(HORATIO, "n", HORATIO, digest));
        await(service.subscribe(BERNARDO, "n", BERNARDO, digest));
        await(publish("n", "a"));
        world.rosters.removeFromRoster(HAMLET, BERNARDO);
        events.clear();
        world.holding = true;

        clock.advance(Duration.ofMinutes(1));
        assertThat(await(service.sendDueDigests())).isEqualTo(2); // claimed and committed before the rosters answer
        assertThat(events).isEmpty();
        world.release();

        assertThat(notified()).containsExactly(HORATIO);
    }
}
