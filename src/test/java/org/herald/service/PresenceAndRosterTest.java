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
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.SendLastPublishedItem;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.SubscriptionState;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.LastPublishedItem;
import org.herald.service.event.PubSubEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The presence and roster access models (XEP-0060 §4.5), presence-based delivery (§13.6), the show-values filter
 * (§17.4.5) and send_last_published_item (§6.1.7) against the pure core, with rosters and presence in memory.
 */
class PresenceAndRosterTest {
    static final Jid HAMLET = Jid.parse("hamlet@denmark.lit/elsinore");
    static final Jid OPHELIA = Jid.parse("ophelia@denmark.lit/garden");
    static final Jid HORATIO = Jid.parse("horatio@denmark.lit/castle");
    static final Jid HORATIO_PHONE = Jid.parse("horatio@denmark.lit/phone");
    static final Jid BERNARDO = Jid.parse("bernardo@denmark.lit/post");
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

    static void assertRefused(Uni<?> uni, PubSubError expected) {
        assertThatThrownBy(() -> uni.await().indefinitely())
                .isInstanceOf(PubSubException.class)
                .extracting(e -> ((PubSubException) e).error())
                .isEqualTo(expected);
    }

    void create(String... fieldValues) {
        Map<String, List<String>> form = new java.util.LinkedHashMap<>();
        for (int i = 0; i < fieldValues.length; i += 2) form.put(fieldValues[i], List.of(fieldValues[i + 1].split(",")));
        await(service.create(HAMLET, "n", form));
    }

    void publish(String id) {
        await(service.publish(HAMLET, "n", new ItemDraft(id, ATOM, "http://www.w3.org/2005/Atom"), Map.of()));
    }

    List<Jid> notified() {
        return events.stream().filter(e -> e instanceof ItemsPublished)
                .flatMap(e -> e.recipients().stream()).map(Delivery::to).toList();
    }

    @Nested
    class PresenceAccessModel {
        @Test
        void contactWhoReceivesOwnersPresenceMaySubscribeAndRetrieve() {
            create("pubsub#access_model", "presence");
            world.roster(HAMLET, HORATIO, "from");
            publish("a");

            assertThat(await(service.subscribe(HORATIO, "n", HORATIO)).state()).isEqualTo(SubscriptionState.SUBSCRIBED);
            assertThat(await(service.items(HORATIO, "n", ItemsQuery.all()))).extracting(i -> i.id()).containsExactly("a");
            assertThat(await(service.node(HORATIO, "n")).readable()).isTrue();
        }

        @Test
        void bothCountsButToAndNoneDoNot() {
            create("pubsub#access_model", "presence");
            world.roster(HAMLET, HORATIO, "both");
            world.roster(HAMLET, BERNARDO, "to"); // Hamlet sees Bernardo's presence, not the other way round
            await(service.subscribe(HORATIO, "n", HORATIO));
            assertRefused(service.subscribe(BERNARDO, "n", BERNARDO), PubSubError.PRESENCE_SUBSCRIPTION_REQUIRED);
        }

        @Test
        void strangerIsRefusedEverywhereWithPresenceSubscriptionRequired() {
            create("pubsub#access_model", "presence");
            publish("a");
            assertRefused(service.subscribe(BERNARDO, "n", BERNARDO), PubSubError.PRESENCE_SUBSCRIPTION_REQUIRED);
            assertRefused(service.items(BERNARDO, "n", ItemsQuery.all()), PubSubError.PRESENCE_SUBSCRIPTION_REQUIRED);
            assertRefused(service.itemIds(BERNARDO, "n"), PubSubError.PRESENCE_SUBSCRIPTION_REQUIRED);
            assertThat(await(service.node(BERNARDO, "n")).readable()).isFalse();
        }

        @Test
        void affiliatesNeedNoRosterAndOutcastsStayOut() {
            create("pubsub#access_model", "presence");
            world.roster(HAMLET, BERNARDO, "both");
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO.bare(), Affiliation.MEMBER,
                    BERNARDO.bare(), Affiliation.OUTCAST)));
            await(service.subscribe(HORATIO, "n", HORATIO));
            assertRefused(service.subscribe(BERNARDO, "n", BERNARDO), PubSubError.FORBIDDEN);
        }

        @Test
        void anyOwnersRosterCounts() {
            create("pubsub#access_model", "presence");
            await(service.modifyAffiliations(HAMLET, "n", Map.of(OPHELIA.bare(), Affiliation.OWNER)));
            world.roster(OPHELIA, HORATIO, "from");
            await(service.subscribe(HORATIO, "n", HORATIO));
        }

        @Test
        void contactDroppedFromTheRosterHearsNothingMore() {
            create("pubsub#access_model", "presence");
            world.roster(HAMLET, HORATIO, "from");
            world.roster(HAMLET, BERNARDO, "from");
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.subscribe(BERNARDO, "n", BERNARDO));
            world.removeFromRoster(HAMLET, BERNARDO);

            publish("a");

            assertThat(notified()).containsExactly(HORATIO);
            assertRefused(service.items(BERNARDO, "n", ItemsQuery.all()), PubSubError.PRESENCE_SUBSCRIPTION_REQUIRED);
        }
    }

    @Nested
    class RosterAccessModel {
        @Test
        void contactInAnAllowedGroupMaySubscribeOthersMayNot() {
            create("pubsub#access_model", "roster", "pubsub#roster_groups_allowed", "friends,courtiers");
            world.roster(HAMLET, HORATIO, "none", "friends");
            world.roster(HAMLET, BERNARDO, "both", "servants");

            await(service.subscribe(HORATIO, "n", HORATIO));
            assertRefused(service.subscribe(BERNARDO, "n", BERNARDO), PubSubError.NOT_IN_ROSTER_GROUP);
            assertRefused(service.items(OPHELIA, "n", ItemsQuery.all()), PubSubError.NOT_IN_ROSTER_GROUP);
        }

        @Test
        void noAllowedGroupsAdmitsNoStranger() {
            create("pubsub#access_model", "roster");
            world.roster(HAMLET, HORATIO, "both", "friends");
            assertRefused(service.subscribe(HORATIO, "n", HORATIO), PubSubError.NOT_IN_ROSTER_GROUP);
        }

        @Test
        void configurationShowsTheAllowedGroups() {
            create("pubsub#access_model", "roster", "pubsub#roster_groups_allowed", "friends,courtiers");
            assertThat(service.configForm().values(await(service.configuration(HAMLET, "n")).config()))
                    .containsEntry("pubsub#access_model", List.of("roster"))
                    .containsEntry("pubsub#roster_groups_allowed", List.of("friends", "courtiers"));
        }
    }

    @Nested
    class PresenceBasedDelivery {
        @Test
        void onlyAvailableSubscribersAreNotified() {
            create("pubsub#presence_based_delivery", "1");
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.subscribe(BERNARDO, "n", BERNARDO.bare()));
            world.available(BERNARDO, "away");

            publish("a");
            assertThat(notified()).containsExactly(BERNARDO.bare());

            world.available(HORATIO, "online");
            world.unavailable(BERNARDO);
            events.clear();
            publish("b");
            assertThat(notified()).containsExactly(HORATIO);
        }

        @Test
        void aFullJidSubscriptionNeedsThatResourceOnline() {
            create("pubsub#presence_based_delivery", "1");
            await(service.subscribe(HORATIO, "n", HORATIO));
            world.available(HORATIO_PHONE, "online");
            publish("a");
            assertThat(notified()).isEmpty();
        }

        @Test
        void withoutItEveryoneIsNotified() {
            create();
            await(service.subscribe(HORATIO, "n", HORATIO));
            publish("a");
            assertThat(notified()).containsExactly(HORATIO);
        }
    }

    @Test
    void presenceWatchedNamesSubscribersWhosePresenceDecidesDelivery() {
        create("pubsub#presence_based_delivery", "1");
        await(service.create(HAMLET, "m", Map.of("pubsub#send_last_published_item", List.of("on_sub_and_presence"))));
        await(service.create(HAMLET, "plain", null));
        await(service.subscribe(HORATIO, "n", HORATIO));
        await(service.subscribe(OPHELIA, "m", OPHELIA.bare()));
        await(service.subscribe(BERNARDO, "plain", BERNARDO));

        assertThat(await(service.presenceWatched())).containsExactlyInAnyOrder(HORATIO.bare(), OPHELIA.bare());
    }

    @Nested
    class ShowValues {
        void subscribeWithShows(Jid jid, String... shows) {
            SubscriptionOptions o = SubscriptionOptions.DEFAULT;
            SubscriptionOptions wanted = new SubscriptionOptions(o.deliver(), o.digest(), o.digestFrequencyMillis(),
                    o.expire(), o.includeBody(), Set.of(shows), o.subscriptionType(), o.subscriptionDepth());
            await(store.inTransaction(tx -> tx.insertSubscription(new Subscription("n", jid, "sub-" + jid.local(),
                    SubscriptionState.SUBSCRIBED, Instant.EPOCH, wanted))));
        }

        @Test
        void notificationsFollowTheSubscribersShow() {
            create();
            subscribeWithShows(HORATIO.bare(), "chat", "online");
            subscribeWithShows(BERNARDO.bare());
            world.available(HORATIO, "dnd");

            publish("a");
            assertThat(notified()).containsExactly(BERNARDO.bare());

            world.available(HORATIO_PHONE, "chat");
            events.clear();
            publish("b");
            assertThat(notified()).containsExactlyInAnyOrder(HORATIO.bare(), BERNARDO.bare());
        }

        @Test
        void anUnavailableSubscriberMatchesNoShow() {
            create();
            subscribeWithShows(HORATIO.bare(), "online");
            publish("a");
            assertThat(notified()).isEmpty();
        }
    }

    @Nested
    class SendLastPublishedItem_6_1_7 {
        List<LastPublishedItem> lastItems() {
            return events.stream().filter(e -> e instanceof LastPublishedItem).map(e -> (LastPublishedItem) e).toList();
        }

        @Test
        void onSubSendsTheNewestItemToTheNewSubscriber() {
            create("pubsub#send_last_published_item", "on_sub");
            publish("a");
            publish("b");
            await(service.subscribe(HORATIO, "n", HORATIO));
            assertThat(lastItems()).singleElement().satisfies(l -> {
                assertThat(l.item().id()).isEqualTo("b");
                assertThat(l.withPayload()).isTrue();
                assertThat(l.recipients()).containsExactly(new Delivery(HORATIO));
            });
        }

        @Test
        void neverSendsNothingAndAnEmptyNodeHasNothingToSend() {
            create();
            publish("a");
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.configure(HAMLET, "n", Map.of("pubsub#send_last_published_item", List.of("on_sub"))));
            await(service.create(HAMLET, "empty", Map.of("pubsub#send_last_published_item", List.of("on_sub"))));
            await(service.subscribe(BERNARDO, "empty", BERNARDO));
            assertThat(lastItems()).isEmpty();
        }

        @Test
        void refusedSubscribersGetNothing() {
            create("pubsub#send_last_published_item", "on_sub", "pubsub#access_model", "presence");
            publish("a");
            assertRefused(service.subscribe(BERNARDO, "n", BERNARDO), PubSubError.PRESENCE_SUBSCRIPTION_REQUIRED);
            assertThat(lastItems()).isEmpty();
        }

        @Test
        void onSubWaitsForTheOwnersApprovalUnderAuthorize_13_5() {
            create("pubsub#send_last_published_item", "on_sub", "pubsub#access_model", "authorize");
            publish("a");
            assertThat(await(service.subscribe(HORATIO, "n", HORATIO)).state()).isEqualTo(SubscriptionState.PENDING);
            assertThat(lastItems()).isEmpty();

            await(service.authorize(HAMLET, "n", HORATIO, null, true));
            assertThat(lastItems()).singleElement().satisfies(l -> {
                assertThat(l.item().id()).isEqualTo("a");
                assertThat(l.recipients()).containsExactly(new Delivery(HORATIO));
            });
        }

        @Test
        void onSubAndPresenceSendsAgainWhenTheSubscriberComesOnline() {
            create("pubsub#send_last_published_item", "on_sub_and_presence");
            publish("a");
            await(service.subscribe(HORATIO, "n", HORATIO.bare()));
            events.clear();

            await(service.available(HORATIO_PHONE, "online"));

            assertThat(lastItems()).singleElement().satisfies(l -> {
                assertThat(l.item().id()).isEqualTo("a");
                assertThat(l.recipients()).containsExactly(new Delivery(HORATIO_PHONE));
            });
        }

        @Test
        void onSubAloneIgnoresPresenceAndOtherResourcesOfFullJidSubscriptionsGetNothing() {
            create("pubsub#send_last_published_item", "on_sub");
            await(service.create(HAMLET, "m", Map.of("pubsub#send_last_published_item", List.of("on_sub_and_presence"))));
            publish("a");
            await(service.publish(HAMLET, "m", new ItemDraft("x", ATOM, "http://www.w3.org/2005/Atom"), Map.of()));
            await(service.subscribe(HORATIO, "n", HORATIO.bare()));
            await(service.subscribe(HORATIO, "m", HORATIO));
            events.clear();

            await(service.available(HORATIO_PHONE, "online"));
            assertThat(lastItems()).isEmpty();

            await(service.available(HORATIO, "chat"));
            assertThat(lastItems()).singleElement().satisfies(l -> assertThat(l.node().id()).isEqualTo("m"));
        }

        @Test
        void onPresenceTheAccessModelHoldsAgain() {
            create("pubsub#send_last_published_item", "on_sub_and_presence", "pubsub#access_model", "presence");
            world.roster(HAMLET, HORATIO, "both");
            publish("a");
            await(service.subscribe(HORATIO, "n", HORATIO.bare()));
            world.removeFromRoster(HAMLET, HORATIO);
            events.clear();

            await(service.available(HORATIO, "online"));
            assertThat(lastItems()).isEmpty();
        }

        @Test
        void formRefusesAnUnknownValue() {
            assertThatThrownBy(() -> create("pubsub#send_last_published_item", "sometimes"))
                    .isInstanceOfSatisfying(PubSubException.class, e -> {
                        assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
                        assertThat(e.field()).isEqualTo("pubsub#send_last_published_item");
                    });
            assertThat(SendLastPublishedItem.fromWire("on_sub_and_presence")).isEqualTo(SendLastPublishedItem.ON_SUB_AND_PRESENCE);
        }
    }
}
