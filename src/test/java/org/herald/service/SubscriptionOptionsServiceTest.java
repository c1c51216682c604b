package org.herald.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.service.PubSubServiceTest.ATOM;
import static org.herald.service.PubSubServiceTest.HAMLET;
import static org.herald.service.PubSubServiceTest.HORATIO;
import static org.herald.service.PubSubServiceTest.assertRefused;
import static org.herald.service.PubSubServiceTest.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionOptions;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.config.SubscriptionLimits;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.LeaseExpired;
import org.herald.service.event.NodePurged;
import org.herald.service.event.PubSubEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Subscription options in the core: §6.3/§6.4 use cases, §6.1.6 multi-subscribe, delivery options, digests, leases. */
class SubscriptionOptionsServiceTest {

    /** A clock the test moves forward. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    static final Jid ADMIN = Jid.parse("admin@denmark.lit/ops");
    static final Jid HORATIO_PHONE = Jid.parse("horatio@denmark.lit/phone");

    final InMemoryStore store = new InMemoryStore();
    final List<PubSubEvent> events = new ArrayList<>();
    final AtomicInteger counter = new AtomicInteger();
    final TestClock clock = new TestClock();
    final ServiceLimits limits = new ServiceLimits(1000, 65_536);
    final PubSubService service = new PubSubService(store, events::add,
            new ServiceSettings(DefaultConfig.leaf(limits), limits, Set.of(Jid.parse("admin@denmark.lit")), Set.of(),
                    new SubscriptionLimits(1000, 86_400_000, Duration.ofDays(30), 3)),
            clock, () -> "id-" + counter.incrementAndGet());

    @BeforeEach
    void node() {
        await(service.create(HAMLET, "n", null));
    }

    static Map<String, List<String>> form(String... fieldValues) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < fieldValues.length; i += 2) out.put(fieldValues[i], List.of(fieldValues[i + 1]));
        return out;
    }

    Subscription subscribe(Jid jid, String... fieldValues) {
        return await(service.subscribe(jid, "n", jid, fieldValues.length == 0 ? null : form(fieldValues)));
    }

    void publish(String id) {
        await(service.publish(HAMLET, "n", new ItemDraft(id, ATOM, "http://www.w3.org/2005/Atom"), null));
    }

    List<ItemsPublished> published() {
        return events.stream().filter(e -> e instanceof ItemsPublished).map(e -> (ItemsPublished) e).toList();
    }

    @Nested
    class ConfigureOptions_6_3 {
        @Test
        void getAndSubmitOptions() {
            Subscription s = subscribe(HORATIO);
            assertThat(await(service.subscriptionOptions(HORATIO, "n", HORATIO, null)).options().deliver()).isTrue();
            Subscription changed = await(service.configureSubscription(HORATIO, "n", HORATIO, null, form("pubsub#deliver", "0")));
            assertThat(changed.subId()).isEqualTo(s.subId());
            assertThat(await(service.subscriptionOptions(HORATIO, "n", HORATIO, s.subId())).options().deliver()).isFalse();
        }

        @Test
        void someoneElsesOptionsAreForbidden_6_3_4_1() {
            subscribe(HORATIO);
            assertRefused(service.subscriptionOptions(HAMLET, "n", HORATIO, null), PubSubError.FORBIDDEN);
            assertRefused(service.configureSubscription(HAMLET, "n", HORATIO, null, form("pubsub#deliver", "0")), PubSubError.FORBIDDEN);
            // a service admin may
            assertThat(await(service.subscriptionOptions(ADMIN, "n", HORATIO, null)).jid()).isEqualTo(HORATIO);
        }

        @Test
        void notSubscribed_6_3_4_2() {
            subscribe(HORATIO_PHONE);
            assertRefused(service.subscriptionOptions(HORATIO, "n", HORATIO, null), PubSubError.NOT_SUBSCRIBED);
        }

        @Test
        void subIdRequiredAndInvalid_6_3_4_4_and_5() {
            Subscription one = subscribe(HORATIO);
            assertRefused(service.subscriptionOptions(HORATIO, "n", HORATIO, "nonsense"), PubSubError.INVALID_SUBID);
            Subscription two = subscribe(HORATIO, "pubsub#include_body", "1");
            assertRefused(service.subscriptionOptions(HORATIO, "n", HORATIO, null), PubSubError.SUBID_REQUIRED);
            assertThat(await(service.subscriptionOptions(HORATIO, "n", HORATIO, two.subId())).options().includeBody()).isTrue();
            assertThat(await(service.subscriptionOptions(HORATIO, "n", HORATIO, one.subId())).options().includeBody()).isFalse();
        }

        @Test
        void noSuchNode_6_3_4_7() {
            assertRefused(service.subscriptionOptions(HORATIO, "nope", HORATIO, null), PubSubError.ITEM_NOT_FOUND);
        }

        @Test
        void aBadFormChangesNothing_6_3_6_2() {
            subscribe(HORATIO);
            assertRefused(service.configureSubscription(HORATIO, "n", HORATIO, null,
                    form("pubsub#deliver", "0", "pubsub#digest_frequency", "10")), PubSubError.INVALID_OPTIONS);
            assertThat(await(service.subscriptionOptions(HORATIO, "n", HORATIO, null)).options().deliver()).isTrue();
        }

        @Test
        void defaultsWithAndWithoutNode_6_4() {
            SubscriptionOptions d = await(service.defaultSubscriptionOptions(HORATIO, null));
            assertThat(d.deliver()).isTrue();
            assertThat(d.expire()).isEqualTo(clock.now.plus(Duration.ofDays(30)));
            assertThat(await(service.defaultSubscriptionOptions(HORATIO, "n"))).isEqualTo(d);
            assertRefused(service.defaultSubscriptionOptions(HORATIO, "nope"), PubSubError.ITEM_NOT_FOUND);
        }
    }

    @Nested
    class MultiSubscribe_6_1_6 {
        @Test
        void plainSubscribeReturnsTheExistingSubscription() {
            Subscription first = subscribe(HORATIO);
            subscribe(HORATIO, "pubsub#include_body", "1");
            assertThat(subscribe(HORATIO)).isEqualTo(first);
        }

        @Test
        void subscribeWithOtherOptionsAddsOneAndWithTheSameOptionsReturnsIt() {
            Subscription first = subscribe(HORATIO);
            Subscription digest = subscribe(HORATIO, "pubsub#digest", "1");
            assertThat(digest.subId()).isNotEqualTo(first.subId());
            assertThat(subscribe(HORATIO, "pubsub#digest", "1")).isEqualTo(digest);
            assertThat(await(service.subscriptionsOf(HORATIO, "n"))).hasSize(2);
        }

        @Test
        void aJidHoldsAtMostTheConfiguredNumber() {
            subscribe(HORATIO);
            subscribe(HORATIO, "pubsub#include_body", "1");
            subscribe(HORATIO, "pubsub#digest", "1");
            assertRefused(service.subscribe(HORATIO, "n", HORATIO, form("pubsub#deliver", "0")), PubSubError.NOT_ALLOWED);
        }

        @Test
        void oneNotificationPerJidWithTheSubIdsItAnswers_13_16() {
            Subscription a = subscribe(HORATIO);
            // Another option than show-values, which would filter by presence (and this service sees none).
            Subscription b = subscribe(HORATIO, "pubsub#digest_frequency", "60000");
            subscribe(HORATIO, "pubsub#deliver", "0");
            Subscription phone = subscribe(HORATIO_PHONE);
            publish("i1");
            assertThat(published()).singleElement().satisfies(e -> assertThat(e.recipients()).containsExactlyInAnyOrder(
                    new Delivery(HORATIO, List.of(a.subId(), b.subId())),
                    // another full JID of the same account is another entity (§6.1.6); it holds one subscription
                    new Delivery(HORATIO_PHONE, List.of())));
            assertThat(phone.subId()).isNotNull();
        }

        @Test
        void nodeEventsCarryNoSubIds_13_16() {
            subscribe(HORATIO);
            subscribe(HORATIO, "pubsub#include_body", "1");
            await(service.purge(HAMLET, "n"));
            assertThat(events).filteredOn(e -> e instanceof NodePurged).singleElement()
                    .satisfies(e -> assertThat(e.recipients()).containsExactly(new Delivery(HORATIO)));
        }
    }

    @Nested
    class DeliveryOptions {
        @Test
        void deliverFalseGetsNothing() {
            subscribe(HORATIO, "pubsub#deliver", "0");
            publish("i1");
            assertThat(events).isEmpty();
        }

        @Test
        void includeBodyIsAskedForEveryNotificationOfThatJid_13_8() {
            subscribe(HORATIO, "pubsub#include_body", "1");
            subscribe(HAMLET);
            publish("i1");
            assertThat(published().get(0).recipients()).containsExactlyInAnyOrder(
                    new Delivery(HORATIO, List.of(), true), new Delivery(HAMLET, List.of(), false));
        }

        @Test
        void anEndedLeaseNotYetSweptGetsNothing() {
            subscribe(HORATIO, "pubsub#expire", "2026-11-21T11:00:00Z");
            clock.advance(Duration.ofHours(2));
            publish("i1");
            assertThat(events).isEmpty();
        }
    }

    @Nested
    class Digest {
        @Test
        void publishesAreBatchedIntoOneDigestPerPeriod() {
            publish("before");
            Subscription s = subscribe(HORATIO, "pubsub#digest", "1", "pubsub#digest_frequency", "60000");
            publish("i1");
            publish("i2");
            publish("i3");
            assertThat(events).isEmpty();
            assertThat(await(service.sendDueDigests())).isZero(); // not due yet

            clock.advance(Duration.ofMinutes(1));
            assertThat(await(service.sendDueDigests())).isEqualTo(1);
            assertThat(published()).singleElement().satisfies(e -> {
                assertThat(e.items()).extracting(Item::id).containsExactly("i1", "i2", "i3");
                assertThat(e.recipients()).containsExactly(new Delivery(HORATIO));
            });

            events.clear();
            clock.advance(Duration.ofMinutes(1));
            await(service.sendDueDigests());
            assertThat(events).isEmpty(); // nothing new: no empty digest

            publish("i4");
            publish("i2"); // a re-published item counts as new
            clock.advance(Duration.ofMinutes(1));
            await(service.sendDueDigests());
            assertThat(published()).singleElement().satisfies(e -> assertThat(e.items()).extracting(Item::id).containsExactly("i4", "i2"));
            assertThat(s.options().digest()).isTrue();
        }

        @Test
        void aDigestSubscriptionBesideAnImmediateOneIsHeadedWithItsSubId() {
            Subscription now = subscribe(HORATIO);
            Subscription digest = subscribe(HORATIO, "pubsub#digest", "1", "pubsub#digest_frequency", "1000");
            publish("i1");
            assertThat(published()).singleElement().satisfies(e ->
                    assertThat(e.recipients()).containsExactly(new Delivery(HORATIO, List.of(now.subId()))));
            events.clear();
            clock.advance(Duration.ofSeconds(1));
            await(service.sendDueDigests());
            assertThat(published()).singleElement().satisfies(e ->
                    assertThat(e.recipients()).containsExactly(new Delivery(HORATIO, List.of(digest.subId()))));
        }

        @Test
        void turningTheDigestOnLaterStartsFromThen() {
            subscribe(HORATIO);
            publish("old");
            events.clear();
            await(service.configureSubscription(HORATIO, "n", HORATIO, null,
                    form("pubsub#digest", "1", "pubsub#digest_frequency", "1000")));
            publish("new");
            assertThat(events).isEmpty();
            clock.advance(Duration.ofSeconds(1));
            await(service.sendDueDigests());
            assertThat(published()).singleElement().satisfies(e -> assertThat(e.items()).extracting(Item::id).containsExactly("new"));
        }

        @Test
        void itemsWhileDeliveryIsOffAreNotSavedUp() {
            subscribe(HORATIO, "pubsub#digest", "1", "pubsub#digest_frequency", "1000", "pubsub#deliver", "0");
            publish("i1");
            clock.advance(Duration.ofSeconds(1));
            await(service.sendDueDigests());
            await(service.configureSubscription(HORATIO, "n", HORATIO, null, form("pubsub#deliver", "1")));
            clock.advance(Duration.ofSeconds(1));
            await(service.sendDueDigests());
            assertThat(events).isEmpty();
        }

        @Test
        void retractionsAreNotBatched() {
            subscribe(HORATIO, "pubsub#digest", "1", "pubsub#digest_frequency", "1000");
            publish("i1");
            await(service.retract(HAMLET, "n", List.of("i1"), true));
            assertThat(events).singleElement().isInstanceOf(ItemsRetracted.class);
            clock.advance(Duration.ofSeconds(1));
            await(service.sendDueDigests());
            assertThat(published()).isEmpty(); // the item is gone, the digest has nothing to carry
        }
    }

    @Nested
    class Leases_13_19 {
        @Test
        void anEndedLeaseIsRemovedAndTheSubscriberTold() {
            Subscription s = subscribe(HORATIO, "pubsub#expire", "2026-11-21T11:00:00Z");
            subscribe(HAMLET);
            assertThat(await(service.endExpiredLeases())).isZero();
            clock.advance(Duration.ofHours(1));
            assertThat(await(service.endExpiredLeases())).isEqualTo(1);
            assertThat(events).singleElement().isInstanceOfSatisfying(LeaseExpired.class, e -> {
                assertThat(e.subscription()).isEqualTo(s);
                assertThat(e.recipients()).containsExactly(new Delivery(HORATIO));
            });
            assertThat(await(service.subscriptionsOf(HORATIO, "n"))).isEmpty();
            assertThat(await(service.subscriptionsOf(HAMLET, "n"))).hasSize(1); // capped at 30 days, not ended
        }

        @Test
        void renewingALeaseMovesItsEnd() {
            subscribe(HORATIO, "pubsub#expire", "2026-11-21T11:00:00Z");
            await(service.configureSubscription(HORATIO, "n", HORATIO, null, form("pubsub#expire", "2026-11-21T13:00:00Z")));
            clock.advance(Duration.ofHours(2));
            assertThat(await(service.endExpiredLeases())).isZero();
        }
    }
}
