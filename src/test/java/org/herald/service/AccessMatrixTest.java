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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.herald.conformance.SpecAccessTable;
import org.herald.domain.AccessModel;
import org.herald.domain.Action;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.Permissions;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionChange;
import org.herald.domain.SubscriptionState;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.event.PubSubEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The access-control matrix, core tier: every access model × affiliation × action against {@link PubSubService}
 * with the store in memory, each expected outcome taken from {@link SpecAccessTable} (XEP-0060 §4.1 and §4.5,
 * written from the spec). A refusal must change nothing and notify nobody; an accepted request must have its
 * effect. Retrieval is checked on every read path of the core: all items, items by id, item ids (disco#items of
 * the node), node meta-data (disco#info) and the node list (disco#items of the service).
 */
class AccessMatrixTest {

    static final String NODE = "matrix";
    static final Jid OWNER = Jid.parse("hamlet@denmark.lit/elsinore");
    /** The entity whose affiliation each cell sets, and who acts. */
    static final Jid ACTOR = Jid.parse("actor@denmark.lit/desk");
    static final Jid BERNARDO = Jid.parse("bernardo@denmark.lit/post");
    static final String ATOM = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry>";

    final InMemoryStore store = new InMemoryStore();
    final List<PubSubEvent> events = new ArrayList<>();
    final AtomicInteger counter = new AtomicInteger();
    final ServiceLimits limits = new ServiceLimits(1000, 65_536);
    final PubSubService service = new PubSubService(store, events::add,
            new ServiceSettings(DefaultConfig.leaf(limits), limits, Set.of(), Set.of()),
            Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC),
            () -> "id-" + counter.incrementAndGet());

    static Stream<Arguments> cells() {
        List<Arguments> out = new ArrayList<>();
        for (AccessModel m : SpecAccessTable.SUPPORTED) {
            for (Affiliation a : Affiliation.values()) {
                for (Action action : Action.values()) out.add(Arguments.of(m, a, action));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} node, {1} does {2}")
    @MethodSource("cells")
    void outcomeFollowsTheSpec(AccessModel model, Affiliation affiliation, Action action) {
        setUp(model, affiliation);
        String expected = SpecAccessTable.expected(model, affiliation, action);
        String because = model.wire() + " node, " + affiliation.wire() + " does " + action
                + (action == Action.SUBSCRIBE || action == Action.RETRIEVE_ITEMS
                        ? " (XEP-0060 " + SpecAccessTable.readCitation(model, affiliation) + ")" : " (XEP-0060 §4.1)");

        State before = state();
        String outcome = outcome(perform(action));
        assertThat(outcome).as(because).isEqualTo(expected);
        if (SpecAccessTable.accepted(outcome)) {
            assertEffect(action, outcome);
        } else {
            assertThat(state()).as("a refused request changes nothing: " + because).isEqualTo(before);
            assertThat(events).as("a refused request notifies nobody: " + because).isEmpty();
        }
        if (action == Action.RETRIEVE_ITEMS) assertReadPathsAgree(model, expected, because);
    }

    /**
     * Access models Herald does not offer yet are refused when a node is created or configured with them (§4.5 lets
     * a service offer a subset), and the node keeps its model. This fails, on purpose, when a model lands: then add
     * it to {@link SpecAccessTable#SUPPORTED} and its rows of the matrix run.
     */
    @ParameterizedTest
    @EnumSource(AccessModel.class)
    void notYetSupportedModelsAreRefusedAtConfiguration(AccessModel model) {
        if (SpecAccessTable.SUPPORTED.contains(model)) {
            assertThat(await(service.create(OWNER, "n-" + model.wire(), accessModel(model))).config().accessModel())
                    .isEqualTo(model);
            return;
        }
        assertUnsupported(() -> await(service.create(OWNER, "n", accessModel(model))), model);
        assertThat(await(service.nodeIds(OWNER))).isEmpty();

        await(service.create(OWNER, "open-one", null));
        assertUnsupported(() -> await(service.configure(OWNER, "open-one", accessModel(model))), model);
        assertThat(await(service.configuration(OWNER, "open-one")).config().accessModel()).isEqualTo(AccessModel.OPEN);
    }

    @Test
    void everyCellHasAnExpectation() {
        for (AccessModel m : AccessModel.values()) {
            for (Affiliation a : Affiliation.values()) {
                for (Action action : Action.values()) {
                    assertThat(SpecAccessTable.expected(m, a, action)).as("%s %s %s", m, a, action).isNotBlank();
                }
            }
        }
    }

    // ------------------------------------------------------------------ one cell

    /**
     * A node of the model owned by OWNER with one item of the owner's and one of ACTOR's (published while ACTOR was
     * a publisher), then ACTOR gets the cell's affiliation. Events of the set-up are forgotten.
     */
    void setUp(AccessModel model, Affiliation affiliation) {
        await(service.create(OWNER, NODE, accessModel(model)));
        await(service.publish(OWNER, NODE, new ItemDraft("owner-item", ATOM, "http://www.w3.org/2005/Atom"), null));
        await(service.modifyAffiliations(OWNER, NODE, Map.of(ACTOR, Affiliation.PUBLISHER)));
        await(service.publish(ACTOR, NODE, new ItemDraft("actor-item", ATOM, "http://www.w3.org/2005/Atom"), null));
        await(service.modifyAffiliations(OWNER, NODE, Map.of(ACTOR, affiliation)));
        // A subscriber who must hear of whatever an accepted request changes.
        await(service.modifyAffiliations(OWNER, NODE, Map.of(BERNARDO, Affiliation.MEMBER)));
        await(service.subscribe(BERNARDO, NODE, BERNARDO));
        events.clear();
    }

    Uni<?> perform(Action action) {
        return switch (action) {
            case SUBSCRIBE -> service.subscribe(ACTOR, NODE, ACTOR);
            case RETRIEVE_ITEMS -> service.items(ACTOR, NODE, ItemsQuery.all());
            case PUBLISH -> service.publish(ACTOR, NODE, new ItemDraft("new-item", ATOM, "http://www.w3.org/2005/Atom"), null);
            case RETRACT_OWN_ITEM -> service.retract(ACTOR, NODE, List.of("actor-item"), null);
            case RETRACT_ANY_ITEM -> service.retract(ACTOR, NODE, List.of("owner-item"), null);
            case PURGE -> service.purge(ACTOR, NODE);
            case CONFIGURE -> service.configuration(ACTOR, NODE)
                    .chain(() -> service.configure(ACTOR, NODE, Map.of("pubsub#title", List.of("changed"))));
            case DELETE -> service.delete(ACTOR, NODE, null);
            case MANAGE_AFFILIATIONS -> service.affiliations(ACTOR, NODE)
                    .chain(() -> service.modifyAffiliations(ACTOR, NODE, Map.of(Jid.parse("osric@denmark.lit"), Affiliation.MEMBER)));
            // §8.8: list the subscriptions, then end Bernardo's
            case MANAGE_SUBSCRIPTIONS -> service.subscriptions(ACTOR, NODE)
                    .chain(() -> service.modifySubscriptions(ACTOR, NODE,
                            List.of(new SubscriptionChange(BERNARDO, null, SubscriptionState.NONE))));
        };
    }

    /** ok / subscribed / pending, or the refusal's condition in the spec's spelling (CLOSED_NODE → closed-node). */
    static String outcome(Uni<?> request) {
        try {
            Object result = request.await().indefinitely();
            if (result instanceof Subscription s) return s.state().wire();
            return "ok";
        } catch (PubSubException e) {
            // the core tells the two uses of the spec's <not-subscribed/> apart (§6.2.3.2 vs §6.5.9.3)
            if (e.error() == PubSubError.NOT_SUBSCRIBED_TO_READ) return "not-subscribed";
            return e.error().name().toLowerCase().replace('_', '-');
        }
    }

    void assertEffect(Action action, String outcome) {
        State after = state();
        switch (action) {
            case SUBSCRIBE -> assertThat(after.subscriptions()).anySatisfy(s -> {
                assertThat(s.jid()).isEqualTo(ACTOR);
                assertThat(s.state().wire()).isEqualTo(outcome);
            });
            case RETRIEVE_ITEMS -> assertThat(await(service.items(ACTOR, NODE, ItemsQuery.all())))
                    .extracting(Item::id).containsExactlyInAnyOrder("owner-item", "actor-item");
            case PUBLISH -> {
                assertThat(after.items()).extracting(Item::id).contains("new-item");
                assertThat(events).as("subscribers hear of the publication").hasSize(1);
            }
            case RETRACT_OWN_ITEM -> assertThat(after.items()).extracting(Item::id).containsExactly("owner-item");
            case RETRACT_ANY_ITEM -> assertThat(after.items()).extracting(Item::id).containsExactly("actor-item");
            case PURGE -> assertThat(after.items()).isEmpty();
            case CONFIGURE -> assertThat(after.node().orElseThrow().config().title()).isEqualTo("changed");
            case DELETE -> assertThat(after.node()).isEmpty();
            case MANAGE_AFFILIATIONS -> assertThat(after.affiliations())
                    .contains(new AffiliationEntry(NODE, Jid.parse("osric@denmark.lit"), Affiliation.MEMBER));
            case MANAGE_SUBSCRIPTIONS -> assertThat(after.subscriptions()).noneSatisfy(
                    sub -> assertThat(sub.jid()).isEqualTo(BERNARDO));
        }
    }

    /**
     * Every other way of reading the node agrees with retrieving its items (§6.5): items by id (§6.5.8), item ids
     * (§5.5), meta-data (§5.4) only for readers, and the node list (§5.2: nodes "accessible to the requesting
     * entity") never names a node that is closed to the entity.
     */
    void assertReadPathsAgree(AccessModel model, String expected, String because) {
        boolean readable = SpecAccessTable.accepted(expected);
        assertThat(outcome(service.items(ACTOR, NODE, new ItemsQuery(null, List.of("owner-item"), null))))
                .as("items by id: " + because).isEqualTo(expected);
        assertThat(outcome(service.itemIds(ACTOR, NODE))).as("item ids: " + because).isEqualTo(expected);
        if (readable) {
            assertThat(await(service.itemIds(ACTOR, NODE))).containsExactlyInAnyOrder("owner-item", "actor-item");
        }
        assertThat(await(service.node(ACTOR, NODE)).readable()).as("meta-data shown: " + because).isEqualTo(readable);
        List<String> listed = await(service.nodeIds(ACTOR));
        if (readable) assertThat(listed).as("node listed: " + because).contains(NODE);
        if (expected.equals("closed-node")) assertThat(listed).as("node not listed: " + because).doesNotContain(NODE);
    }

    // ------------------------------------------------------------------ helpers

    /** Everything a request could change, read straight from the store. */
    record State(Optional<Node> node, List<Item> items, List<AffiliationEntry> affiliations, List<Subscription> subscriptions) {
    }

    State state() {
        return await(store.inTransaction(tx -> tx.findNode(NODE).chain(node -> tx.items(NODE, 1000)
                .chain(items -> tx.affiliations(NODE)
                        .chain(affs -> tx.subscriptions(NODE)
                                .map(subs -> new State(node, items, affs, subs)))))));
    }

    static Map<String, List<String>> accessModel(AccessModel model) {
        return Map.of("pubsub#access_model", List.of(model.wire()));
    }

    static void assertUnsupported(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, AccessModel model) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PubSubException.class, e -> {
            assertThat(e.error()).isEqualTo(PubSubError.FEATURE_NOT_IMPLEMENTED);
            assertThat(e.feature()).isEqualTo("access-" + model.wire());
        });
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().indefinitely();
    }
}
