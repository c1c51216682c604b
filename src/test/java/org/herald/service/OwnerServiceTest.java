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
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionChange;
import org.herald.domain.SubscriptionState;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.event.AffiliationChanged;
import org.herald.service.event.AuthorizationRequested;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.PubSubEvent;
import org.herald.service.event.SubscriptionChanged;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The owner's side of subscriptions against the pure core: the authorize access model with pending subscriptions
 * (§4.5, §6.1.4), approval (§8.6, §8.7), subscription management (§8.8), change notifications (§8.8.4, §8.9.4,
 * §13.14) and notify_sub.
 */
class OwnerServiceTest {

    static final Jid HAMLET = Jid.parse("hamlet@denmark.lit/elsinore");
    static final Jid HORATIO = Jid.parse("horatio@denmark.lit/castle");
    static final Jid BERNARDO = Jid.parse("bernardo@denmark.lit/post");
    static final Jid ADMIN = Jid.parse("admin@denmark.lit/ops");
    static final String ATOM = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry>";
    static final Map<String, List<String>> AUTHORIZE = Map.of("pubsub#access_model", List.of("authorize"));

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

    static PubSubException refusal(Uni<?> uni) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> uni.await().indefinitely());
        assertThat(t).isInstanceOf(PubSubException.class);
        return (PubSubException) t;
    }

    static void assertRefused(Uni<?> uni, PubSubError expected) {
        assertThat(refusal(uni).error()).isEqualTo(expected);
    }

    void createNode(String id, Map<String, List<String>> config) {
        await(service.create(HAMLET, id, config));
    }

    <E extends PubSubEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<Jid> to(PubSubEvent e) {
        return e.recipients().stream().map(Delivery::to).toList();
    }

    Subscription pendingRequest() {
        createNode("n", AUTHORIZE);
        return await(service.subscribe(HORATIO, "n", HORATIO));
    }

    @Nested
    class AuthorizeAccessModel {
        @Test
        void subscribingYieldsPendingAndAsksEveryOwner() {
            createNode("n", AUTHORIZE);
            await(service.modifyAffiliations(HAMLET, "n", Map.of(BERNARDO.bare(), Affiliation.OWNER)));
            events.clear();

            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO));

            assertThat(s.state()).isEqualTo(SubscriptionState.PENDING);
            AuthorizationRequested asked = events(AuthorizationRequested.class).get(0);
            assertThat(asked.pending()).isEqualTo(s);
            assertThat(to(asked)).containsExactlyInAnyOrder(HAMLET.bare(), BERNARDO.bare());
        }

        @Test
        void askingAgainWhilePendingIsRefused_6_1_3_7() {
            pendingRequest();
            assertRefused(service.subscribe(HORATIO, "n", HORATIO), PubSubError.PENDING_SUBSCRIPTION);
        }

        @Test
        void pendingSubscriberGetsNeitherItemsNorNotifications() {
            pendingRequest();
            await(service.publish(HAMLET, "n", new ItemDraft("a", ATOM, "http://www.w3.org/2005/Atom"), null));
            assertThat(events(ItemsPublished.class)).allSatisfy(p -> assertThat(to(p)).doesNotContain(HORATIO));
            assertRefused(service.items(HORATIO, "n", ItemsQuery.all()), PubSubError.NOT_SUBSCRIBED_TO_READ);
            assertRefused(service.itemIds(HORATIO, "n"), PubSubError.NOT_SUBSCRIBED_TO_READ);
            // a stranger who never asked is refused the same way (§6.5.9.3)
            assertRefused(service.items(BERNARDO, "n", ItemsQuery.all()), PubSubError.NOT_SUBSCRIBED_TO_READ);
        }

        @Test
        void approvedSubscriberReadsAndIsNotified() {
            Subscription s = pendingRequest();
            await(service.authorize(HAMLET, "n", HORATIO, s.subId(), true));
            await(service.publish(HAMLET, "n", new ItemDraft("a", ATOM, "http://www.w3.org/2005/Atom"), null));
            assertThat(to(events(ItemsPublished.class).get(0))).containsExactly(HORATIO);
            assertThat(await(service.items(HORATIO, "n", ItemsQuery.all()))).hasSize(1);
        }

        @Test
        void affiliatedReadersSubscribeAtOnce() {
            createNode("n", AUTHORIZE);
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO.bare(), Affiliation.MEMBER)));
            assertThat(await(service.subscribe(HORATIO, "n", HORATIO)).state()).isEqualTo(SubscriptionState.SUBSCRIBED);
            assertThat(await(service.subscribe(HAMLET, "n", HAMLET)).state()).isEqualTo(SubscriptionState.SUBSCRIBED);
            assertThat(await(service.items(HORATIO, "n", ItemsQuery.all()))).isEmpty();
        }

        @Test
        void outcastMayNotEvenAsk() {
            createNode("n", AUTHORIZE);
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO.bare(), Affiliation.OUTCAST)));
            assertRefused(service.subscribe(HORATIO, "n", HORATIO), PubSubError.FORBIDDEN);
        }
    }

    @Nested
    class ApprovalForms {
        @Test
        void approvalSubscribesAndTellsTheSubscriber_8_6() {
            Subscription s = pendingRequest();
            events.clear();
            await(service.authorize(HAMLET, "n", HORATIO, s.subId(), true));

            assertThat(await(service.subscriptionsOf(HORATIO, "n"))).extracting(Subscription::state)
                    .containsExactly(SubscriptionState.SUBSCRIBED);
            SubscriptionChanged told = events(SubscriptionChanged.class).get(0);
            assertThat(told.state()).isEqualTo(SubscriptionState.SUBSCRIBED);
            assertThat(told.jid()).isEqualTo(HORATIO);
            assertThat(to(told)).containsExactly(HORATIO);
        }

        @Test
        void denialRemovesTheRequestAndTellsTheSubscriber_8_6() {
            pendingRequest();
            events.clear();
            await(service.authorize(HAMLET, "n", HORATIO, null, false));

            assertThat(await(service.subscriptionsOf(HORATIO, "n"))).isEmpty();
            SubscriptionChanged told = events(SubscriptionChanged.class).get(0);
            assertThat(told.state()).isEqualTo(SubscriptionState.NONE);
            assertThat(to(told)).containsExactly(HORATIO);
            // having been denied, the subscriber may ask again
            assertThat(await(service.subscribe(HORATIO, "n", HORATIO)).state()).isEqualTo(SubscriptionState.PENDING);
        }

        @Test
        void onlyOwnersDecide() {
            Subscription s = pendingRequest();
            assertRefused(service.authorize(BERNARDO, "n", HORATIO, s.subId(), true), PubSubError.FORBIDDEN);
            assertRefused(service.authorize(HORATIO, "n", HORATIO, s.subId(), true), PubSubError.FORBIDDEN);
            assertThat(await(service.subscriptionsOf(HORATIO, "n"))).extracting(Subscription::state)
                    .containsExactly(SubscriptionState.PENDING);
            await(service.authorize(ADMIN, "n", HORATIO, s.subId(), true)); // a service admin owns every node
        }

        @Test
        void unknownNodeOrRequestIsItemNotFound() {
            Subscription s = pendingRequest();
            assertRefused(service.authorize(HAMLET, "nope", HORATIO, s.subId(), true), PubSubError.ITEM_NOT_FOUND);
            assertRefused(service.authorize(HAMLET, "n", BERNARDO, null, true), PubSubError.ITEM_NOT_FOUND);
            assertRefused(service.authorize(HAMLET, "n", HORATIO, "wrong-subid", true), PubSubError.ITEM_NOT_FOUND);
        }

        @Test
        void anAlreadyDecidedRequestStaysDecided() {
            Subscription s = pendingRequest();
            await(service.authorize(HAMLET, "n", HORATIO, s.subId(), true));
            events.clear();
            await(service.authorize(HAMLET, "n", HORATIO, s.subId(), false)); // a second owner's late answer
            assertThat(await(service.subscriptionsOf(HORATIO, "n"))).extracting(Subscription::state)
                    .containsExactly(SubscriptionState.SUBSCRIBED);
            assertThat(events).isEmpty();
        }
    }

    @Nested
    class GetPending {
        @Test
        void listsOwnedNodesWithRequestsWaiting_8_7() {
            pendingRequest();
            createNode("quiet", AUTHORIZE);
            assertThat(await(service.nodesWithPendingRequests(HAMLET))).containsExactly("n");
        }

        @Test
        void whoOwnsNothingIsForbidden_8_7_3_3() {
            pendingRequest();
            assertRefused(service.nodesWithPendingRequests(BERNARDO), PubSubError.FORBIDDEN);
        }

        @Test
        void perNodeRequestSendsEachPendingFormToTheAskingOwner() {
            Subscription s = pendingRequest();
            await(service.subscribe(BERNARDO, "n", BERNARDO));
            events.clear();
            await(service.resendAuthorizationRequests(HAMLET, "n"));
            assertThat(events(AuthorizationRequested.class)).extracting(a -> a.pending().jid())
                    .containsExactlyInAnyOrder(HORATIO, BERNARDO);
            assertThat(events(AuthorizationRequested.class)).allSatisfy(a -> assertThat(to(a)).containsExactly(HAMLET));
            assertThat(events(AuthorizationRequested.class)).extracting(a -> a.pending().subId()).contains(s.subId());
        }

        @Test
        void perNodeErrors() {
            pendingRequest();
            assertRefused(service.resendAuthorizationRequests(HAMLET, "nope"), PubSubError.ITEM_NOT_FOUND);
            assertRefused(service.resendAuthorizationRequests(BERNARDO, "n"), PubSubError.FORBIDDEN);
        }
    }

    @Nested
    class ManageSubscriptions {
        @Test
        void ownerListsActiveSubscriptionsOnly_8_8_1() {
            createNode("n", AUTHORIZE);
            await(service.subscribe(HAMLET, "n", HAMLET));
            await(service.subscribe(HORATIO, "n", HORATIO)); // pending: not listed
            assertThat(await(service.subscriptions(HAMLET, "n"))).extracting(Subscription::jid).containsExactly(HAMLET);
            assertRefused(service.subscriptions(HORATIO, "n"), PubSubError.FORBIDDEN);
            assertRefused(service.subscriptions(HAMLET, "nope"), PubSubError.ITEM_NOT_FOUND);
        }

        @Test
        void ownerSubscribesApprovesAndRemoves_8_8_2() {
            Subscription pending = pendingRequest();
            events.clear();
            await(service.modifySubscriptions(HAMLET, "n", List.of(
                    new SubscriptionChange(HORATIO, null, SubscriptionState.SUBSCRIBED),
                    new SubscriptionChange(BERNARDO.bare(), null, SubscriptionState.SUBSCRIBED))));

            assertThat(await(service.subscriptions(HAMLET, "n"))).extracting(Subscription::jid, Subscription::state)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(HORATIO, SubscriptionState.SUBSCRIBED),
                            org.assertj.core.groups.Tuple.tuple(BERNARDO.bare(), SubscriptionState.SUBSCRIBED));
            // §8.8.4: each subscriber whose subscription changed is told
            assertThat(events(SubscriptionChanged.class)).extracting(e -> to(e).get(0) + "=" + e.state().wire())
                    .containsExactlyInAnyOrder(HORATIO + "=subscribed", BERNARDO.bare() + "=subscribed");

            events.clear();
            await(service.modifySubscriptions(HAMLET, "n", List.of(
                    new SubscriptionChange(HORATIO, pending.subId(), SubscriptionState.NONE)))); // §8.8.3
            assertThat(await(service.subscriptions(HAMLET, "n"))).extracting(Subscription::jid).containsExactly(BERNARDO.bare());
            assertThat(events(SubscriptionChanged.class).get(0).state()).isEqualTo(SubscriptionState.NONE);
        }

        @Test
        void oneInvalidEntryRefusesAllAndIsReturnedUnchanged_8_8_2_4() {
            createNode("n", null);
            Subscription horatio = await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.modifyAffiliations(HAMLET, "n", Map.of(BERNARDO.bare(), Affiliation.OUTCAST)));
            events.clear();

            PubSubException e = refusal(service.modifySubscriptions(HAMLET, "n", List.of(
                    new SubscriptionChange(HORATIO, null, SubscriptionState.NONE),
                    new SubscriptionChange(BERNARDO, null, SubscriptionState.SUBSCRIBED), // an outcast
                    new SubscriptionChange(HORATIO, "no-such-subid", SubscriptionState.PENDING))));

            assertThat(e.error()).isEqualTo(PubSubError.NOT_ACCEPTABLE);
            assertThat(e.rejected()).containsExactlyInAnyOrder(
                    new SubscriptionChange(BERNARDO, null, SubscriptionState.NONE),
                    new SubscriptionChange(HORATIO, "no-such-subid", SubscriptionState.NONE));
            assertThat(await(service.subscriptionsOf(HORATIO, "n"))).containsExactly(horatio); // the valid removal did not apply
            assertThat(events).isEmpty();
        }

        @Test
        void unconfiguredIsNotAnOwnersToSet() {
            createNode("n", null);
            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO));
            PubSubException e = refusal(service.modifySubscriptions(HAMLET, "n", List.of(
                    new SubscriptionChange(HORATIO, null, SubscriptionState.UNCONFIGURED))));
            assertThat(e.rejected()).containsExactly(new SubscriptionChange(HORATIO, s.subId(), SubscriptionState.SUBSCRIBED));
        }

        @Test
        void entryWithoutStateChangesNothing() {
            createNode("n", null);
            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO));
            events.clear();
            await(service.modifySubscriptions(HAMLET, "n", List.of(new SubscriptionChange(HORATIO, null, null))));
            assertThat(await(service.subscriptionsOf(HORATIO, "n"))).containsExactly(s);
            assertThat(events).isEmpty();
        }

        @Test
        void settingPendingSuspendsDelivery() {
            createNode("n", null);
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.modifySubscriptions(HAMLET, "n", List.of(new SubscriptionChange(HORATIO, null, SubscriptionState.PENDING))));
            events.clear();
            await(service.publish(HAMLET, "n", new ItemDraft("a", ATOM, "http://www.w3.org/2005/Atom"), null));
            assertThat(events).isEmpty();
        }

        @Test
        void onlyOwnersModify() {
            createNode("n", null);
            assertRefused(service.modifySubscriptions(HORATIO, "n", List.of(
                    new SubscriptionChange(HORATIO, null, SubscriptionState.SUBSCRIBED))), PubSubError.FORBIDDEN);
            assertRefused(service.modifySubscriptions(HAMLET, "nope", List.of(
                    new SubscriptionChange(HORATIO, null, SubscriptionState.SUBSCRIBED))), PubSubError.ITEM_NOT_FOUND);
        }
    }

    @Nested
    class AffiliationNotifications {
        @Test
        void affectedEntityIsTold_8_9_4() {
            createNode("n", null);
            events.clear();
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO, Affiliation.PUBLISHER)));
            AffiliationChanged told = events(AffiliationChanged.class).get(0);
            assertThat(told.jid()).isEqualTo(HORATIO.bare());
            assertThat(told.affiliation()).isEqualTo(Affiliation.PUBLISHER);
            assertThat(to(told)).containsExactly(HORATIO.bare());

            events.clear();
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO, Affiliation.PUBLISHER))); // no change
            assertThat(events).isEmpty();
        }

        @Test
        void outcastLosesSubscriptionAndIsToldOfBoth() {
            createNode("n", null);
            await(service.subscribe(HORATIO, "n", HORATIO));
            events.clear();
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO.bare(), Affiliation.OUTCAST)));
            assertThat(events(SubscriptionChanged.class)).extracting(SubscriptionChanged::state).containsExactly(SubscriptionState.NONE);
            assertThat(events(AffiliationChanged.class)).extracting(AffiliationChanged::affiliation).containsExactly(Affiliation.OUTCAST);
        }

        @Test
        void affiliatingAPendingSubscriberApprovesIt_8_7_note() {
            pendingRequest();
            events.clear();
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO.bare(), Affiliation.PUBLISHER)));
            assertThat(await(service.subscriptionsOf(HORATIO, "n"))).extracting(Subscription::state)
                    .containsExactly(SubscriptionState.SUBSCRIBED);
            assertThat(events(SubscriptionChanged.class)).extracting(SubscriptionChanged::state)
                    .containsExactly(SubscriptionState.SUBSCRIBED);
        }

        @Test
        void settingAnApprovedSubscriberBackToNoneKeepsTheSubscriptionUnderAuthorize() {
            Subscription s = pendingRequest();
            await(service.authorize(HAMLET, "n", HORATIO, s.subId(), true));
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO.bare(), Affiliation.MEMBER)));
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO.bare(), Affiliation.NONE)));
            assertThat(await(service.subscriptionsOf(HORATIO, "n"))).extracting(Subscription::state)
                    .containsExactly(SubscriptionState.SUBSCRIBED);
        }
    }

    @Nested
    class NotifySub {
        @Test
        void ownersHearOfSubscribesAndUnsubscribes() {
            createNode("n", Map.of("pubsub#notify_sub", List.of("1")));
            events.clear();
            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO));
            SubscriptionChanged joined = events(SubscriptionChanged.class).get(0);
            assertThat(joined.state()).isEqualTo(SubscriptionState.SUBSCRIBED);
            assertThat(to(joined)).containsExactly(HAMLET.bare());

            events.clear();
            await(service.unsubscribe(HORATIO, "n", HORATIO, s.subId()));
            SubscriptionChanged left = events(SubscriptionChanged.class).get(0);
            assertThat(left.state()).isEqualTo(SubscriptionState.NONE);
            assertThat(left.jid()).isEqualTo(HORATIO);
            assertThat(to(left)).containsExactly(HAMLET.bare());
        }

        @Test
        void offByDefault() {
            createNode("n", null);
            events.clear();
            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.unsubscribe(HORATIO, "n", HORATIO, s.subId()));
            assertThat(events).isEmpty();
        }

        @Test
        void approvalTellsSubscriberAndOwners() {
            createNode("n", Map.of("pubsub#access_model", List.of("authorize"), "pubsub#notify_sub", List.of("true")));
            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO));
            events.clear();
            await(service.authorize(HAMLET, "n", HORATIO, s.subId(), true));
            assertThat(to(events(SubscriptionChanged.class).get(0))).containsExactly(HORATIO, HAMLET.bare());
        }
    }

    @Test
    void configurationFormOffersAuthorizeAndNotifySub() {
        createNode("n", null);
        Map<String, List<String>> values = service.configForm().values(await(service.configuration(HAMLET, "n")).config());
        assertThat(values).containsEntry("pubsub#notify_sub", List.of("0"));
        assertThat(service.configForm().fields()).filteredOn(f -> f.var().equals("pubsub#access_model"))
                .singleElement().satisfies(f -> assertThat(f.options()).contains("authorize"));
    }

    @Test
    void refusedSubscriptionChangeLeavesTheStoreAsItWas() {
        createNode("n", null);
        assertThatThrownBy(() -> await(service.modifySubscriptions(HAMLET, "n", List.of(
                new SubscriptionChange(HORATIO, null, SubscriptionState.SUBSCRIBED),
                new SubscriptionChange(BERNARDO, null, SubscriptionState.PENDING)))))
                .isInstanceOf(PubSubException.class);
        assertThat(await(service.subscriptions(HAMLET, "n"))).isEmpty();
    }
}
