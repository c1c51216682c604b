package org.herald.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.herald.domain.Affiliation;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionState;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.event.Delivery;
import org.herald.service.event.LastPublishedItem;
import org.herald.service.event.PubSubEvent;
import org.herald.service.event.SubscriptionChanged;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Temporary subscriptions (XEP-0060 §13.5, pubsub#expire = presence) and pending requests when the access model
 * changes away from authorize, against the pure core with presence and rosters in memory.
 */
class TemporarySubscriptionsTest {
    static final Jid HAMLET = Jid.parse("hamlet@denmark.lit/elsinore");
    static final Jid HORATIO = Jid.parse("horatio@denmark.lit/castle");
    static final Jid HORATIO_PHONE = Jid.parse("horatio@denmark.lit/phone");
    static final Jid BERNARDO = Jid.parse("bernardo@denmark.lit/post");
    static final Map<String, List<String>> TEMPORARY = Map.of("pubsub#expire", List.of("presence"));
    static final String ATOM = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry>";

    final InMemoryStore store = new InMemoryStore();
    final InMemoryRelations world = new InMemoryRelations();
    final List<PubSubEvent> events = new ArrayList<>();
    final AtomicInteger counter = new AtomicInteger();
    final ServiceLimits limits = new ServiceLimits(1000, 65_536);
    final PubSubService service = new PubSubService(store, events::add,
            new ServiceSettings(DefaultConfig.leaf(limits), limits, Set.of(), Set.of()),
            Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC),
            () -> "id-" + counter.incrementAndGet(), world, world);

    static <T> T await(Uni<T> uni) {
        return uni.await().indefinitely();
    }

    static PubSubException refusal(Uni<?> uni) {
        return catchThrowableOfType(() -> uni.await().indefinitely(), PubSubException.class);
    }

    void create(String... fieldValues) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        for (int i = 0; i < fieldValues.length; i += 2) form.put(fieldValues[i], List.of(fieldValues[i + 1]));
        await(service.create(HAMLET, "n", form));
    }

    /** The presence front-end's order: it records the presence, then tells the core. */
    void goesOffline(Jid who) {
        world.unavailable(who);
        await(service.unavailable(who));
    }

    List<Subscription> subscriptionsOf(Jid jid) {
        return await(service.subscriptionsOf(jid, "n"));
    }

    <E extends PubSubEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<Jid> to(PubSubEvent e) {
        return e.recipients().stream().map(Delivery::to).toList();
    }

    @Nested
    class Temporary {
        @Test
        void endsWhenTheSubscribedResourceGoesOfflineAndALastingOneSurvives() {
            create();
            world.available(HORATIO, "online");
            Subscription temporary = await(service.subscribe(HORATIO, "n", HORATIO, TEMPORARY));
            Subscription lasting = await(service.subscribe(HORATIO_PHONE, "n", HORATIO_PHONE));
            assertThat(temporary.options().temporary()).isTrue();
            assertThat(lasting.options().temporary()).isFalse();

            goesOffline(HORATIO);

            assertThat(subscriptionsOf(HORATIO)).extracting(Subscription::subId).containsExactly(lasting.subId());
        }

        @Test
        void anotherResourceGoingOfflineLeavesItAlone() {
            create();
            world.available(HORATIO, "online");
            world.available(HORATIO_PHONE, "online");
            await(service.subscribe(HORATIO, "n", HORATIO, TEMPORARY));

            goesOffline(HORATIO_PHONE);

            assertThat(subscriptionsOf(HORATIO)).hasSize(1);
        }

        @Test
        void aBareJidSubscriptionEndsWithTheAccountsLastResource() {
            create();
            world.available(HORATIO, "online");
            world.available(HORATIO_PHONE, "away");
            await(service.subscribe(HORATIO, "n", HORATIO.bare(), TEMPORARY));

            goesOffline(HORATIO_PHONE);
            assertThat(subscriptionsOf(HORATIO)).hasSize(1);

            goesOffline(HORATIO);
            assertThat(subscriptionsOf(HORATIO)).isEmpty();
        }

        @Test
        void unavailableFromTheBareJidEndsEveryTemporarySubscriptionOfTheAccount() {
            create();
            world.available(HORATIO, "online");
            await(service.subscribe(HORATIO, "n", HORATIO, TEMPORARY));
            await(service.subscribe(HORATIO, "n", HORATIO.bare(), TEMPORARY));
            // a plain subscribe would return the bare JID's existing one (§6.1.6); other options make a second one
            await(service.subscribe(HORATIO, "n", HORATIO.bare(), Map.of("pubsub#include_body", List.of("1"))));

            world.unavailable(HORATIO);
            await(service.unavailable(HORATIO.bare()));

            assertThat(subscriptionsOf(HORATIO)).singleElement()
                    .satisfies(s -> assertThat(s.options().temporary()).isFalse());
        }

        @Test
        void ownersWithNotifySubAreToldTheSubscriberIsNot() {
            create("pubsub#notify_sub", "1");
            world.available(HORATIO, "online");
            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO, TEMPORARY));
            events.clear();

            goesOffline(HORATIO);

            assertThat(events(SubscriptionChanged.class)).singleElement().satisfies(e -> {
                assertThat(e.state()).isEqualTo(SubscriptionState.NONE);
                assertThat(e.subId()).isEqualTo(s.subId());
                assertThat(to(e)).containsExactly(HAMLET.bare());
            });
        }

        @Test
        void withoutNotifySubNobodyIsTold() {
            create();
            world.available(HORATIO, "online");
            await(service.subscribe(HORATIO, "n", HORATIO, TEMPORARY));
            events.clear();
            goesOffline(HORATIO);
            assertThat(events).isEmpty();
        }

        @Test
        void refusedWhileTheServiceDoesNotSeeThePresenceItWouldEndWith() {
            create();
            PubSubException e = refusal(service.subscribe(HORATIO, "n", HORATIO, TEMPORARY));
            assertThat(e.error()).isEqualTo(PubSubError.INVALID_OPTIONS);
            assertThat(e.text()).startsWith("pubsub#expire: ");
            assertThat(subscriptionsOf(HORATIO)).isEmpty();

            // configuring an existing subscription to be temporary is refused the same way, and changes nothing
            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO));
            assertThat(refusal(service.configureSubscription(HORATIO, "n", HORATIO, s.subId(), TEMPORARY)).error())
                    .isEqualTo(PubSubError.INVALID_OPTIONS);
            assertThat(subscriptionsOf(HORATIO).get(0).options().temporary()).isFalse();
        }

        @Test
        void anExistingSubscriptionBecomesTemporaryThroughItsOptions_6_3_5() {
            create();
            world.available(HORATIO, "online");
            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.configureSubscription(HORATIO, "n", HORATIO, s.subId(), TEMPORARY));

            goesOffline(HORATIO);

            assertThat(subscriptionsOf(HORATIO)).isEmpty();
        }

        @Test
        void temporarySubscribersAreAmongThoseProbedAfterAReconnection() {
            create();
            world.available(HORATIO, "online");
            await(service.subscribe(HORATIO, "n", HORATIO, TEMPORARY));
            await(service.subscribe(BERNARDO, "n", BERNARDO));
            assertThat(await(service.presenceWatched())).containsExactly(HORATIO.bare());
        }
    }

    @Nested
    class PendingWhenTheAccessModelChanges {
        Subscription pending() {
            create("pubsub#access_model", "authorize");
            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO));
            assertThat(s.state()).isEqualTo(SubscriptionState.PENDING);
            events.clear();
            return s;
        }

        void accessModel(String model) {
            await(service.configure(HAMLET, "n", Map.of("pubsub#access_model", List.of(model))));
        }

        @Test
        void openingTheNodeSubscribesThemAndTellsThem() {
            Subscription s = pending();
            accessModel("open");

            assertThat(subscriptionsOf(HORATIO)).extracting(Subscription::state).containsExactly(SubscriptionState.SUBSCRIBED);
            assertThat(events(SubscriptionChanged.class)).singleElement().satisfies(e -> {
                assertThat(e.state()).isEqualTo(SubscriptionState.SUBSCRIBED);
                assertThat(e.subId()).isEqualTo(s.subId());
                assertThat(to(e)).containsExactly(HORATIO);
            });
        }

        @Test
        void theApprovedSubscriberGetsTheLastItemWhenTheNodeSendsIt() {
            create("pubsub#access_model", "authorize", "pubsub#send_last_published_item", "on_sub");
            await(service.publish(HAMLET, "n", new ItemDraft("a", ATOM, "http://www.w3.org/2005/Atom"), Map.of()));
            await(service.subscribe(HORATIO, "n", HORATIO));
            events.clear();

            accessModel("open");

            assertThat(events(LastPublishedItem.class)).singleElement()
                    .satisfies(e -> assertThat(to(e)).containsExactly(HORATIO));
        }

        @Test
        void whitelistWithoutAffiliationRemovesThemAndTellsThem() {
            pending();
            accessModel("whitelist");

            assertThat(subscriptionsOf(HORATIO)).isEmpty();
            assertThat(events(SubscriptionChanged.class)).singleElement().satisfies(e -> {
                assertThat(e.state()).isEqualTo(SubscriptionState.NONE);
                assertThat(to(e)).containsExactly(HORATIO);
            });
        }

        @Test
        void presenceModelDecidesByTheOwnersRoster() {
            create("pubsub#access_model", "authorize");
            world.roster(HAMLET, HORATIO, "from");
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.subscribe(BERNARDO, "n", BERNARDO));
            events.clear();

            accessModel("presence");

            assertThat(subscriptionsOf(HORATIO)).extracting(Subscription::state).containsExactly(SubscriptionState.SUBSCRIBED);
            assertThat(subscriptionsOf(BERNARDO)).isEmpty();
            assertThat(events(SubscriptionChanged.class)).extracting(SubscriptionChanged::jid, SubscriptionChanged::state)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(HORATIO, SubscriptionState.SUBSCRIBED),
                            org.assertj.core.groups.Tuple.tuple(BERNARDO, SubscriptionState.NONE));
        }

        @Test
        void anOwnersSuspensionUnderAnotherModelStaysPending() {
            create();
            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.modifySubscriptions(HAMLET, "n", List.of(new org.herald.domain.SubscriptionChange(
                    HORATIO, s.subId(), SubscriptionState.PENDING))));
            events.clear();

            accessModel("presence");

            assertThat(subscriptionsOf(HORATIO)).extracting(Subscription::state).containsExactly(SubscriptionState.PENDING);
            assertThat(events(SubscriptionChanged.class)).isEmpty();
        }

        @Test
        void closingToTheWhitelistTellsStrangersTheirSubscriptionEnded() {
            create();
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.subscribe(BERNARDO, "n", BERNARDO));
            await(service.modifyAffiliations(HAMLET, "n", Map.of(BERNARDO.bare(), Affiliation.MEMBER)));
            events.clear();

            accessModel("whitelist");

            assertThat(subscriptionsOf(BERNARDO)).hasSize(1);
            assertThat(events(SubscriptionChanged.class)).singleElement().satisfies(e -> {
                assertThat(e.jid()).isEqualTo(HORATIO);
                assertThat(e.state()).isEqualTo(SubscriptionState.NONE);
            });
        }
    }
}
