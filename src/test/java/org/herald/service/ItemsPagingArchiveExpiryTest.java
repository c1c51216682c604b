package org.herald.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
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
import org.herald.domain.ItemReply;
import org.herald.domain.Jid;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.StoredItem;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.PubSubEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** XEP-0059 paging of items, XEP-0313 node archives, pubsub#item_expire and the meta-data view, in the core. */
class ItemsPagingArchiveExpiryTest {

    static final Jid HAMLET = Jid.parse("hamlet@denmark.lit/elsinore");
    static final Jid HORATIO = Jid.parse("horatio@denmark.lit/castle");
    static final Jid BERNARDO = Jid.parse("bernardo@denmark.lit/post");
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

    /** A clock the test moves forward. */
    static final class MovingClock extends Clock {
        Instant now = T0;

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final InMemoryStore store = new InMemoryStore();
    final List<PubSubEvent> events = new ArrayList<>();
    final AtomicInteger counter = new AtomicInteger();
    final ServiceLimits limits = new ServiceLimits(1000, 65_536);
    final MovingClock clock = new MovingClock();
    final PubSubService service = new PubSubService(store, events::add,
            new ServiceSettings(DefaultConfig.leaf(limits), limits, Set.of(), Set.of()), clock,
            () -> "id-" + counter.incrementAndGet());

    static <T> T await(Uni<T> uni) {
        return uni.await().indefinitely();
    }

    static void assertRefused(Uni<?> uni, PubSubError expected) {
        assertThatThrownBy(() -> uni.await().indefinitely())
                .isInstanceOf(PubSubException.class)
                .extracting(e -> ((PubSubException) e).error())
                .isEqualTo(expected);
    }

    void node(String id, String... config) {
        Map<String, List<String>> form = new java.util.LinkedHashMap<>();
        form.put("pubsub#max_items", List.of("max"));
        for (int i = 0; i < config.length; i += 2) form.put(config[i], List.of(config[i + 1]));
        await(service.create(HAMLET, id, form));
    }

    /** Publishes i1..iN, one second apart. */
    void publish(String node, int n) {
        for (int i = 1; i <= n; i++) {
            await(service.publish(HAMLET, node, new ItemDraft("i" + i, "<p xmlns='urn:x'/>", "urn:x"), null));
            clock.advance(Duration.ofSeconds(1));
        }
    }

    static List<String> ids(ItemPage page) {
        return page.items().stream().map(s -> s.item().id()).toList();
    }

    ItemPage items(PageRequest page) {
        return await(service.itemsPage(HORATIO, "n", new ItemsQuery(null, List.of(), null, page)));
    }

    static List<String> range(int from, int to) {
        List<String> out = new ArrayList<>();
        if (from >= to) for (int i = from; i >= to; i--) out.add("i" + i);
        else for (int i = from; i <= to; i++) out.add("i" + i);
        return out;
    }

    @Nested
    class Rsm {
        @Test
        void pagesForwardNewestFirstWithoutGapsOrRepeats() {
            node("n");
            publish("n", 25);
            ItemPage p1 = items(PageRequest.first(10));
            assertThat(ids(p1)).isEqualTo(range(25, 16));
            assertThat(p1.firstIndex()).isZero();
            assertThat(p1.count()).isEqualTo(25);
            assertThat(p1.complete()).isFalse();
            ItemPage p2 = items(new PageRequest(10, "i16", null, null));
            assertThat(ids(p2)).isEqualTo(range(15, 6));
            assertThat(p2.firstIndex()).isEqualTo(10);
            ItemPage p3 = items(new PageRequest(10, "i6", null, null));
            assertThat(ids(p3)).isEqualTo(range(5, 1));
            assertThat(p3.firstIndex()).isEqualTo(20);
            assertThat(p3.complete()).isTrue();
        }

        @Test
        void pagesBackwardFromTheEnd() {
            node("n");
            publish("n", 25);
            ItemPage last = items(new PageRequest(10, null, "", null));
            assertThat(ids(last)).isEqualTo(range(10, 1));
            assertThat(last.firstIndex()).isEqualTo(15);
            ItemPage before = items(new PageRequest(10, null, "i10", null));
            assertThat(ids(before)).isEqualTo(range(20, 11));
            assertThat(before.firstIndex()).isEqualTo(5);
            ItemPage first = items(new PageRequest(10, null, "i20", null));
            assertThat(ids(first)).isEqualTo(range(25, 21));
            assertThat(first.firstIndex()).isZero();
            assertThat(first.complete()).isTrue();
        }

        @Test
        void pageByIndexAndCountOnly() {
            node("n");
            publish("n", 25);
            ItemPage byIndex = items(new PageRequest(3, null, null, 7));
            assertThat(ids(byIndex)).isEqualTo(range(18, 16));
            assertThat(byIndex.firstIndex()).isEqualTo(7);
            ItemPage countOnly = items(new PageRequest(0, null, null, null));
            assertThat(countOnly.items()).isEmpty();
            assertThat(countOnly.count()).isEqualTo(25);
        }

        @Test
        void pagingPastADeletedItemStillSkipsNothing() {
            node("n");
            publish("n", 6);
            assertThat(ids(items(PageRequest.first(3)))).containsExactly("i6", "i5", "i4");
            await(service.retract(HAMLET, "n", List.of("i5"), false));
            // the cursor i4 still exists: the next page starts right after it
            assertThat(ids(items(new PageRequest(3, "i4", null, null)))).containsExactly("i3", "i2", "i1");
        }

        @Test
        void unknownCursorIsItemNotFound() {
            node("n");
            publish("n", 3);
            assertRefused(service.itemsPage(HORATIO, "n", new ItemsQuery(null, List.of(), null,
                    new PageRequest(10, "gone", null, null))), PubSubError.ITEM_NOT_FOUND);
        }

        @Test
        void contradictoryRequestsAreBadRequests() {
            assertThatThrownBy(() -> new PageRequest(10, "a", "b", null)).isInstanceOfSatisfying(PubSubException.class,
                    e -> assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST));
            assertThatThrownBy(() -> new PageRequest(10, "a", null, 3)).isInstanceOf(PubSubException.class);
            assertThatThrownBy(() -> new PageRequest(-1, null, null, null)).isInstanceOf(PubSubException.class);
        }

        @Test
        void whitelistNodeRefusesStrangers() {
            node("n", "pubsub#access_model", "whitelist");
            publish("n", 2);
            assertRefused(service.itemsPage(BERNARDO, "n", new ItemsQuery(null, List.of(), null, PageRequest.first(5))),
                    PubSubError.CLOSED_NODE);
        }
    }

    @Nested
    class Archive {
        ItemPage archive(Instant start, Instant end, PageRequest page) {
            return await(service.archive(HORATIO, "n", new ArchiveQuery(start, end, null, page)));
        }

        @Test
        void timeRangeIsInclusiveAndChronological() {
            node("n");
            publish("n", 10); // i1 at T0, i10 at T0+9s
            ItemPage page = archive(T0.plusSeconds(2), T0.plusSeconds(5), null);
            assertThat(ids(page)).containsExactly("i3", "i4", "i5", "i6");
            assertThat(page.count()).isEqualTo(4);
            assertThat(page.complete()).isTrue();
        }

        @Test
        void pagesForwardAndBackwardByArchiveId() {
            node("n");
            publish("n", 10);
            ItemPage first = archive(T0.plusSeconds(1), null, PageRequest.first(4));
            assertThat(ids(first)).containsExactly("i2", "i3", "i4", "i5");
            assertThat(first.complete()).isFalse();
            String last = ArchiveIds.of(first.items().get(3));
            ItemPage next = archive(T0.plusSeconds(1), null, new PageRequest(4, last, null, null));
            assertThat(ids(next)).containsExactly("i6", "i7", "i8", "i9");
            assertThat(next.firstIndex()).isEqualTo(4);
            ItemPage end = archive(T0.plusSeconds(1), null, new PageRequest(4, null, "", null));
            assertThat(ids(end)).containsExactly("i7", "i8", "i9", "i10");
            ItemPage back = archive(T0.plusSeconds(1), null, new PageRequest(4, null, ArchiveIds.of(end.items().get(0)), null));
            assertThat(ids(back)).containsExactly("i3", "i4", "i5", "i6");
        }

        @Test
        void aRepublishIsANewArchiveEntry() {
            node("n");
            publish("n", 2);
            StoredItem before = archive(null, null, null).items().get(0);
            await(service.publish(HAMLET, "n", new ItemDraft("i1", "<p xmlns='urn:x'/>", "urn:x"), null));
            List<StoredItem> after = archive(null, null, null).items();
            assertThat(after).extracting(s -> s.item().id()).containsExactly("i2", "i1");
            assertThat(after.get(1).seq()).isGreaterThan(before.seq());
            assertRefused(service.archive(HORATIO, "n", new ArchiveQuery(null, null, null,
                    new PageRequest(5, ArchiveIds.of(before), null, null))), PubSubError.ITEM_NOT_FOUND);
        }

        @Test
        void unknownOrForeignIdsAreItemNotFound() {
            node("n");
            publish("n", 2);
            assertRefused(service.archive(HORATIO, "n", new ArchiveQuery(null, null, null,
                    new PageRequest(5, "not-a-number", null, null))), PubSubError.ITEM_NOT_FOUND);
            assertRefused(service.archive(HORATIO, "n", new ArchiveQuery(null, null, null,
                    new PageRequest(5, "999999", null, null))), PubSubError.ITEM_NOT_FOUND);
        }

        @Test
        void sameReadRulesAsItemRetrieval() {
            node("n", "pubsub#access_model", "whitelist");
            publish("n", 1);
            assertRefused(service.archive(BERNARDO, "n", new ArchiveQuery(null, null, null, null)), PubSubError.CLOSED_NODE);
            assertThat(await(service.archive(HAMLET, "n", new ArchiveQuery(null, null, null, null))).items()).hasSize(1);
        }

        @Test
        void withFiltersByPublisherOnlyWhereThePublisherIsShown() {
            node("n");
            publish("n", 2);
            assertThat(await(service.archive(HORATIO, "n", new ArchiveQuery(null, null,
                    Jid.parse("hamlet@denmark.lit"), null))).items()).hasSize(2);
            assertThat(await(service.archive(HORATIO, "n", new ArchiveQuery(null, null,
                    Jid.parse("horatio@denmark.lit"), null))).items()).isEmpty();
            await(service.configure(HAMLET, "n", Map.of("pubsub#itemreply", List.of("none"))));
            assertRefused(service.archive(HORATIO, "n", new ArchiveQuery(null, null,
                    Jid.parse("hamlet@denmark.lit"), null)), PubSubError.NOT_ALLOWED);
        }

        @Test
        void endBeforeStartIsABadRequest() {
            assertThatThrownBy(() -> new ArchiveQuery(T0, T0.minusSeconds(1), null, null))
                    .isInstanceOfSatisfying(PubSubException.class, e -> assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST));
        }
    }

    @Nested
    class Expiry {
        @Test
        void expiredItemsGoAndSubscribersHearOfIt() {
            node("n", "pubsub#item_expire", "60");
            await(service.subscribe(HORATIO, "n", HORATIO));
            publish("n", 3); // at T0, T0+1, T0+2
            events.clear();
            clock.now = T0.plusSeconds(61);
            assertThat(await(service.expireItems(100))).isEqualTo(2);
            assertThat(await(service.items(HAMLET, "n", ItemsQuery.all()))).extracting(i -> i.id()).containsExactly("i3");
            assertThat(events).singleElement().isInstanceOfSatisfying(ItemsRetracted.class, r -> {
                assertThat(r.itemIds()).containsExactlyInAnyOrder("i1", "i2");
                assertThat(r.recipients()).extracting(d -> d.to()).containsExactly(HORATIO);
            });
            assertThat(await(service.expireItems(100))).isZero();
        }

        @Test
        void noRetractionWithoutNotifyRetract() {
            node("n", "pubsub#item_expire", "10", "pubsub#notify_retract", "0");
            await(service.subscribe(HORATIO, "n", HORATIO));
            publish("n", 1);
            events.clear();
            clock.advance(Duration.ofSeconds(20));
            assertThat(await(service.expireItems(100))).isEqualTo(1);
            assertThat(events).isEmpty();
        }

        @Test
        void nodesWithoutItemExpireKeepTheirItems() {
            node("n");
            publish("n", 2);
            clock.advance(Duration.ofDays(10_000));
            assertThat(await(service.expireItems(100))).isZero();
        }

        @Test
        void itemExpireFieldShowsMaxAndRefusesNonsense() {
            node("n");
            assertThat(service.configForm().values(await(service.configuration(HAMLET, "n")).config())
                    .get("pubsub#item_expire")).containsExactly("max");
            assertRefused(service.configure(HAMLET, "n", Map.of("pubsub#item_expire", List.of("soon"))), PubSubError.BAD_REQUEST);
            assertRefused(service.configure(HAMLET, "n", Map.of("pubsub#item_expire", List.of("0"))), PubSubError.NOT_ACCEPTABLE);
            await(service.configure(HAMLET, "n", Map.of("pubsub#item_expire", List.of("3600"))));
            assertThat(await(service.configuration(HAMLET, "n")).config().itemExpire()).isEqualTo(Duration.ofHours(1));
        }
    }

    @Nested
    class MetaData {
        @Test
        void readersSeeOwnersPublishersAndSubscriberCount() {
            node("n");
            await(service.modifyAffiliations(HAMLET, "n", Map.of(BERNARDO, org.herald.domain.Affiliation.PUBLISHER)));
            await(service.subscribe(HORATIO, "n", HORATIO));
            NodeView view = await(service.node(HORATIO, "n"));
            assertThat(view.readable()).isTrue();
            assertThat(view.owners()).containsExactly(HAMLET.bare());
            assertThat(view.publishers()).containsExactly(BERNARDO.bare());
            assertThat(view.subscribers()).isEqualTo(1);
        }

        @Test
        void strangersToAWhitelistNodeSeeNothing() {
            node("n", "pubsub#access_model", "whitelist");
            NodeView view = await(service.node(BERNARDO, "n"));
            assertThat(view.readable()).isFalse();
            assertThat(view.owners()).isEmpty();
            assertThat(view.subscribers()).isZero();
        }

        @Test
        void itemReplyDecidesWhetherItemsNameTheirPublisher() {
            node("n");
            assertThat(await(service.configuration(HAMLET, "n")).config().showsPublisher()).isTrue();
            for (ItemReply r : List.of(ItemReply.NONE, ItemReply.OWNER)) {
                await(service.configure(HAMLET, "n", Map.of("pubsub#itemreply", List.of(r.wire()))));
                assertThat(await(service.configuration(HAMLET, "n")).config().showsPublisher()).isFalse();
            }
        }
    }
}
