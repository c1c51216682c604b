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
import org.herald.domain.AccessModel;
import org.herald.domain.Affiliation;
import org.herald.domain.AffiliationEntry;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.PubSubError;
import org.herald.domain.PubSubException;
import org.herald.domain.Subscription;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.ServiceLimits;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.NodeConfigured;
import org.herald.service.event.NodeDeleted;
import org.herald.service.event.NodePurged;
import org.herald.service.event.PubSubEvent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The XEP-0060 use cases against the pure core, with the store in memory. */
class PubSubServiceTest {

    static final Jid HAMLET = Jid.parse("hamlet@denmark.lit/elsinore");
    static final Jid HAMLET_PHONE = Jid.parse("hamlet@denmark.lit/phone");
    static final Jid HORATIO = Jid.parse("horatio@denmark.lit/castle");
    static final Jid BERNARDO = Jid.parse("bernardo@denmark.lit/post");
    static final Jid ADMIN = Jid.parse("admin@denmark.lit/ops");
    static final String ATOM = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry>";

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

    static void assertRefused(Uni<?> uni, PubSubError expected) {
        assertThatThrownBy(() -> uni.await().indefinitely())
                .isInstanceOf(PubSubException.class)
                .extracting(e -> ((PubSubException) e).error())
                .isEqualTo(expected);
    }

    Node createNode(String id, Map<String, List<String>> config) {
        return await(service.create(HAMLET, id, config));
    }

    static ItemDraft atom(String id) {
        return new ItemDraft(id, ATOM, "http://www.w3.org/2005/Atom");
    }

    @Nested
    class Create {
        @Test
        void namedNodeMakesCreatorOwner() {
            createNode("princely_musings", null);
            assertThat(await(service.affiliationsOf(HAMLET, null)))
                    .containsExactly(new AffiliationEntry("princely_musings", Jid.parse("hamlet@denmark.lit"), Affiliation.OWNER));
        }

        @Test
        void instantNodeGetsGeneratedId() {
            Node node = createNode(null, null);
            assertThat(node.id()).isEqualTo("id-1");
        }

        @Test
        void existingIdConflicts() {
            createNode("n", null);
            assertRefused(service.create(HORATIO, "n", null), PubSubError.CONFLICT);
            assertThat(await(service.affiliationsOf(HORATIO, null))).isEmpty();
        }

        @Test
        void createAndConfigureAppliesForm() {
            Node node = createNode("n", Map.of("pubsub#access_model", List.of("whitelist"), "pubsub#max_items", List.of("3")));
            assertThat(node.config().accessModel()).isEqualTo(AccessModel.WHITELIST);
            assertThat(node.config().maxItems()).isEqualTo(3);
        }

        @Test
        void badFormRefusesCreationAndNamesField() {
            assertThatThrownBy(() -> await(service.create(HAMLET, "n", Map.of("pubsub#deliver_payloads", List.of("maybe")))))
                    .isInstanceOfSatisfying(PubSubException.class, e -> {
                        assertThat(e.error()).isEqualTo(PubSubError.BAD_REQUEST);
                        assertThat(e.field()).isEqualTo("pubsub#deliver_payloads");
                    });
            assertRefused(service.configuration(HAMLET, "n"), PubSubError.ITEM_NOT_FOUND);
        }

        @Test
        void creationCanBeLimitedToDomains() {
            PubSubService closed = new PubSubService(store, events::add,
                    new ServiceSettings(DefaultConfig.leaf(limits), limits, Set.of(), Set.of("denmark.lit")),
                    Clock.systemUTC(), () -> "x" + counter.incrementAndGet());
            assertRefused(closed.create(Jid.parse("rosencrantz@elsewhere.lit/r"), "n", null), PubSubError.FORBIDDEN);
            assertThat(await(closed.create(HAMLET, "n", null)).id()).isEqualTo("n");
        }
    }

    @Nested
    class Configure {
        @Test
        void onlyOwnerSeesOrChangesConfiguration() {
            createNode("n", null);
            assertThat(await(service.configuration(HAMLET, "n")).config().maxItems()).isEqualTo(10);
            assertRefused(service.configuration(HORATIO, "n"), PubSubError.FORBIDDEN);
            assertRefused(service.configure(HORATIO, "n", Map.of("pubsub#title", List.of("mine"))), PubSubError.FORBIDDEN);
        }

        @Test
        void submittedFieldsChangeOthersStay() {
            createNode("n", Map.of("pubsub#title", List.of("Princely Musings")));
            Node changed = await(service.configure(HAMLET, "n", Map.of("pubsub#max_items", List.of("max"))));
            assertThat(changed.config().title()).isEqualTo("Princely Musings");
            assertThat(changed.config().effectiveMaxItems(limits.maxItems())).isEqualTo(1000);
        }

        @Test
        void unknownFieldIsNotAcceptable() {
            createNode("n", null);
            assertRefused(service.configure(HAMLET, "n", Map.of("pubsub#frobnicate", List.of("1"))), PubSubError.NOT_ACCEPTABLE);
        }

        @Test
        void maxItemsAboveCeilingIsRefused() {
            createNode("n", null);
            assertRefused(service.configure(HAMLET, "n", Map.of("pubsub#max_items", List.of("1001"))), PubSubError.NOT_ACCEPTABLE);
        }

        @Test
        void notifyConfigTellsSubscribers() {
            createNode("n", Map.of("pubsub#notify_config", List.of("1")));
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.configure(HAMLET, "n", Map.of("pubsub#title", List.of("New"))));
            assertThat(events).singleElement().isInstanceOfSatisfying(NodeConfigured.class, e -> {
                assertThat(e.withConfig()).isTrue();
                assertThat(e.recipients()).containsExactly(new Delivery(HORATIO));
            });
        }

        @Test
        void closingToWhitelistEndsStrangersSubscriptions() {
            createNode("n", null);
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.subscribe(BERNARDO, "n", BERNARDO));
            await(service.modifyAffiliations(HAMLET, "n", Map.of(BERNARDO.bare(), Affiliation.MEMBER)));
            await(service.configure(HAMLET, "n", Map.of("pubsub#access_model", List.of("whitelist"))));
            assertThat(await(service.subscriptionsOf(HORATIO, "n"))).isEmpty();
            assertThat(await(service.subscriptionsOf(BERNARDO, "n"))).hasSize(1);
        }
    }

    @Nested
    class Publish {
        @Test
        void publishStoresAndNotifiesSubscribers() {
            createNode("n", null);
            await(service.subscribe(HORATIO, "n", HORATIO));
            PublishResult r = await(service.publish(HAMLET, "n", atom("ae890"), null));
            assertThat(r.itemId()).isEqualTo("ae890");
            assertThat(events).singleElement().isInstanceOfSatisfying(ItemsPublished.class, e -> {
                assertThat(e.withPayload()).isTrue();
                assertThat(e.items()).extracting(Item::payload).containsExactly(ATOM);
                assertThat(e.recipients()).extracting(Delivery::to).containsExactly(HORATIO);
            });
            assertThat(await(service.items(HORATIO, "n", ItemsQuery.all()))).extracting(Item::id).containsExactly("ae890");
        }

        @Test
        void publishWithoutIdGetsOne() {
            createNode("n", null);
            assertThat(await(service.publish(HAMLET, "n", atom(null), null)).itemId()).isNotBlank();
        }

        @Test
        void republishingAnIdReplacesIt() {
            createNode("n", null);
            await(service.publish(HAMLET, "n", atom("a"), null));
            await(service.publish(HAMLET, "n", atom("b"), null));
            await(service.publish(HAMLET, "n", new ItemDraft("a", "<v xmlns='urn:x'>2</v>", "urn:x"), null));
            List<Item> items = await(service.items(HAMLET, "n", ItemsQuery.all()));
            assertThat(items).extracting(Item::id).containsExactly("a", "b");
            assertThat(items.get(0).payload()).isEqualTo("<v xmlns='urn:x'>2</v>");
        }

        @Test
        void maxItemsTrimsOldestAndReportsThemAsRetracted() {
            createNode("n", Map.of("pubsub#max_items", List.of("2")));
            await(service.subscribe(HORATIO, "n", HORATIO));
            for (String id : List.of("1", "2", "3")) await(service.publish(HAMLET, "n", atom(id), null));
            assertThat(store.itemCount("n")).isEqualTo(2);
            assertThat(((ItemsPublished) events.get(2)).dropped()).containsExactly("1");
        }

        @Test
        void strangerMayNotPublishToPublishersNode() {
            createNode("n", null);
            assertRefused(service.publish(HORATIO, "n", atom("x"), null), PubSubError.FORBIDDEN);
            assertThat(store.itemCount("n")).isZero();
        }

        @Test
        void publishModelOpenAndSubscribers() {
            createNode("open", Map.of("pubsub#publish_model", List.of("open")));
            assertThat(await(service.publish(HORATIO, "open", atom("x"), null)).itemId()).isEqualTo("x");

            createNode("subs", Map.of("pubsub#publish_model", List.of("subscribers")));
            assertRefused(service.publish(HORATIO, "subs", atom("x"), null), PubSubError.FORBIDDEN);
            await(service.subscribe(HORATIO, "subs", HORATIO));
            assertThat(await(service.publish(HORATIO, "subs", atom("x"), null)).itemId()).isEqualTo("x");
        }

        @Test
        void outcastMayNotPublishEvenToOpenPublishModel() {
            createNode("n", Map.of("pubsub#publish_model", List.of("open")));
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO.bare(), Affiliation.OUTCAST)));
            assertRefused(service.publish(HORATIO, "n", atom("x"), null), PubSubError.FORBIDDEN);
        }

        @Test
        void missingNodeIsItemNotFound() {
            assertRefused(service.publish(HAMLET, "nope", atom("x"), null), PubSubError.ITEM_NOT_FOUND);
        }

        @Test
        void payloadOverNodeLimitIsTooBig() {
            createNode("n", Map.of("pubsub#max_payload_size", List.of("64")));
            String big = "<p xmlns='urn:x'>" + "a".repeat(100) + "</p>";
            assertRefused(service.publish(HAMLET, "n", new ItemDraft("x", big, "urn:x"), null), PubSubError.PAYLOAD_TOO_BIG);
            assertThat(store.itemCount("n")).isZero();
        }

        @Test
        void payloadTypeIsEnforced() {
            createNode("n", Map.of("pubsub#type", List.of("http://www.w3.org/2005/Atom")));
            assertRefused(service.publish(HAMLET, "n", new ItemDraft("x", "<p xmlns='urn:x'/>", "urn:x"), null),
                    PubSubError.INVALID_PAYLOAD);
            assertThat(await(service.publish(HAMLET, "n", atom("y"), null)).itemId()).isEqualTo("y");
        }

        @Test
        void persistentNodeRequiresItemAndPayloadNodeRequiresPayload() {
            createNode("n", null);
            assertRefused(service.publish(HAMLET, "n", null, null), PubSubError.ITEM_REQUIRED);
            assertRefused(service.publish(HAMLET, "n", new ItemDraft("x", null, null), null), PubSubError.PAYLOAD_REQUIRED);
        }

        @Test
        void transientNotificationOnlyNodeForbidsItemsAndStoresNothing() {
            createNode("n", Map.of("pubsub#persist_items", List.of("0"), "pubsub#deliver_payloads", List.of("0")));
            await(service.subscribe(HORATIO, "n", HORATIO));
            assertRefused(service.publish(HAMLET, "n", atom("x"), null), PubSubError.ITEM_FORBIDDEN);
            PublishResult r = await(service.publish(HAMLET, "n", null, null));
            assertThat(r.itemId()).isNull();
            assertThat(events).singleElement().isInstanceOfSatisfying(ItemsPublished.class, e -> assertThat(e.withPayload()).isFalse());
            assertThat(store.itemCount("n")).isZero();
            assertRefused(service.items(HORATIO, "n", ItemsQuery.all()), PubSubError.FEATURE_NOT_IMPLEMENTED);
        }

        @Test
        void notificationOnlyPersistentNodeSendsNoPayload() {
            createNode("n", Map.of("pubsub#deliver_payloads", List.of("false")));
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.publish(HAMLET, "n", atom("x"), null));
            assertThat(((ItemsPublished) events.get(0)).withPayload()).isFalse();
        }

        @Test
        void preconditionsMustMatch() {
            createNode("n", Map.of("pubsub#access_model", List.of("whitelist")));
            assertThat(await(service.publish(HAMLET, "n", atom("x"),
                    Map.of("FORM_TYPE", List.of("http://jabber.org/protocol/pubsub#publish-options"),
                            "pubsub#access_model", List.of("whitelist"), "pubsub#persist_items", List.of("true")))).itemId())
                    .isEqualTo("x");
            assertRefused(service.publish(HAMLET, "n", atom("y"), Map.of("pubsub#access_model", List.of("open"))),
                    PubSubError.PRECONDITION_NOT_MET);
            assertRefused(service.publish(HAMLET, "n", atom("y"), Map.of("pubsub#unknown", List.of("1"))),
                    PubSubError.PRECONDITION_NOT_MET);
            assertThat(store.itemCount("n")).isEqualTo(1);
        }

        @Test
        void deliverNotificationsOffSendsNothing() {
            createNode("n", Map.of("pubsub#deliver_notifications", List.of("0")));
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.publish(HAMLET, "n", atom("x"), null));
            assertThat(events).isEmpty();
        }
    }

    @Nested
    class Retract {
        @Test
        void publisherRetractsWithNotify() {
            createNode("n", Map.of("pubsub#notify_retract", List.of("0")));
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.publish(HAMLET, "n", atom("x"), null));
            events.clear();
            await(service.retract(HAMLET, "n", List.of("x"), true));
            assertThat(events).singleElement().isInstanceOfSatisfying(ItemsRetracted.class,
                    e -> assertThat(e.itemIds()).containsExactly("x"));
            assertThat(store.itemCount("n")).isZero();
        }

        @Test
        void withoutNotifyFollowsNodeConfig() {
            createNode("n", Map.of("pubsub#notify_retract", List.of("0")));
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.publish(HAMLET, "n", atom("x"), null));
            events.clear();
            await(service.retract(HAMLET, "n", List.of("x"), null));
            assertThat(events).isEmpty();
        }

        @Test
        void errors() {
            createNode("n", null);
            await(service.publish(HAMLET, "n", atom("x"), null));
            assertRefused(service.retract(HORATIO, "n", List.of("x"), true), PubSubError.FORBIDDEN);
            assertRefused(service.retract(HAMLET, "n", List.of("nope"), true), PubSubError.ITEM_NOT_FOUND);
            assertRefused(service.retract(HAMLET, "n", List.of(), true), PubSubError.ITEM_REQUIRED);
            assertRefused(service.retract(HAMLET, "gone", List.of("x"), true), PubSubError.ITEM_NOT_FOUND);
            assertThat(store.itemCount("n")).isEqualTo(1);
        }

        @Test
        void publishOnlyRetractsOnlyOwnItems() {
            createNode("n", null);
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO.bare(), Affiliation.PUBLISH_ONLY)));
            await(service.publish(HAMLET, "n", atom("hamlets"), null));
            await(service.publish(HORATIO, "n", atom("horatios"), null));
            assertRefused(service.retract(HORATIO, "n", List.of("hamlets"), true), PubSubError.FORBIDDEN);
            await(service.retract(HORATIO, "n", List.of("horatios"), true));
            assertThat(store.itemCount("n")).isEqualTo(1);
        }
    }

    @Nested
    class Subscribe {
        @Test
        void subscribeAndListOwnSubscriptions() {
            createNode("n", null);
            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO));
            assertThat(s.subId()).isNotBlank();
            assertThat(await(service.subscriptionsOf(HORATIO, null))).containsExactly(s);
        }

        @Test
        void bareJidSubscriptionIsAllowed() {
            createNode("n", null);
            assertThat(await(service.subscribe(HORATIO, "n", HORATIO.bare())).jid()).isEqualTo(HORATIO.bare());
        }

        @Test
        void subscribingSomeoneElseIsInvalidJid() {
            createNode("n", null);
            assertRefused(service.subscribe(HORATIO, "n", BERNARDO), PubSubError.INVALID_JID);
        }

        @Test
        void adminMaySubscribeOthers() {
            createNode("n", null);
            assertThat(await(service.subscribe(ADMIN, "n", BERNARDO)).jid()).isEqualTo(BERNARDO);
        }

        @Test
        void subscribingTwiceReturnsTheSameSubscription() {
            createNode("n", null);
            Subscription a = await(service.subscribe(HORATIO, "n", HORATIO));
            Subscription b = await(service.subscribe(HORATIO, "n", HORATIO));
            assertThat(b).isEqualTo(a);
        }

        @Test
        void whitelistClosesToStrangersUntilOwnerAddsMember() {
            createNode("n", Map.of("pubsub#access_model", List.of("whitelist")));
            assertRefused(service.subscribe(HORATIO, "n", HORATIO), PubSubError.CLOSED_NODE);
            assertRefused(service.items(HORATIO, "n", ItemsQuery.all()), PubSubError.CLOSED_NODE);
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO.bare(), Affiliation.MEMBER)));
            assertThat(await(service.subscribe(HORATIO, "n", HORATIO)).node()).isEqualTo("n");
            assertThat(await(service.items(HORATIO, "n", ItemsQuery.all()))).isEmpty();
        }

        @Test
        void outcastIsForbidden() {
            createNode("n", null);
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO.bare(), Affiliation.OUTCAST)));
            assertThat(await(service.subscriptionsOf(HORATIO, "n"))).isEmpty();
            assertRefused(service.subscribe(HORATIO, "n", HORATIO), PubSubError.FORBIDDEN);
            assertRefused(service.items(HORATIO, "n", ItemsQuery.all()), PubSubError.FORBIDDEN);
        }

        @Test
        void subscriptionsCanBeDisabled() {
            createNode("n", Map.of("pubsub#subscribe", List.of("0")));
            assertRefused(service.subscribe(HORATIO, "n", HORATIO), PubSubError.FEATURE_NOT_IMPLEMENTED);
        }

        @Test
        void missingNode() {
            assertRefused(service.subscribe(HORATIO, "nope", HORATIO), PubSubError.ITEM_NOT_FOUND);
        }
    }

    @Nested
    class Unsubscribe {
        @Test
        void unsubscribeEndsDelivery() {
            createNode("n", null);
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.unsubscribe(HORATIO, "n", HORATIO, null));
            await(service.publish(HAMLET, "n", atom("x"), null));
            assertThat(events).isEmpty();
        }

        @Test
        void errors() {
            createNode("n", null);
            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO));
            assertRefused(service.unsubscribe(BERNARDO, "n", HORATIO, null), PubSubError.FORBIDDEN);
            assertRefused(service.unsubscribe(BERNARDO, "n", BERNARDO, null), PubSubError.NOT_SUBSCRIBED);
            assertRefused(service.unsubscribe(HORATIO, "n", HORATIO, "wrong"), PubSubError.INVALID_SUBID);
            assertRefused(service.unsubscribe(HORATIO, "nope", HORATIO, null), PubSubError.ITEM_NOT_FOUND);
            await(service.unsubscribe(HORATIO, "n", HORATIO, s.subId()));
        }

        @Test
        void fullAndBareJidSubscriptionsAreDistinct() {
            createNode("n", null);
            await(service.subscribe(HAMLET, "n", HAMLET));
            await(service.subscribe(HAMLET_PHONE, "n", HAMLET_PHONE));
            await(service.unsubscribe(HAMLET, "n", HAMLET, null));
            assertThat(await(service.subscriptionsOf(HAMLET, "n"))).extracting(Subscription::jid).containsExactly(HAMLET_PHONE);
        }
    }

    @Nested
    class RetrieveItems {
        @Test
        void newestFirstWithMaxItemsAndById() {
            createNode("n", null);
            for (String id : List.of("1", "2", "3")) await(service.publish(HAMLET, "n", atom(id), null));
            assertThat(await(service.items(HORATIO, "n", ItemsQuery.all()))).extracting(Item::id).containsExactly("3", "2", "1");
            assertThat(await(service.items(HORATIO, "n", new ItemsQuery(2, List.of(), null)))).extracting(Item::id)
                    .containsExactly("3", "2");
            assertThat(await(service.items(HORATIO, "n", new ItemsQuery(null, List.of("1"), null)))).extracting(Item::id)
                    .containsExactly("1");
            assertRefused(service.items(HORATIO, "n", new ItemsQuery(null, List.of("nope"), null)), PubSubError.ITEM_NOT_FOUND);
            assertRefused(service.items(HORATIO, "nope", ItemsQuery.all()), PubSubError.ITEM_NOT_FOUND);
        }

        @Test
        void subIdMustBeTheRequestersOwn() {
            createNode("n", null);
            Subscription s = await(service.subscribe(HORATIO, "n", HORATIO));
            assertThat(await(service.items(HORATIO, "n", new ItemsQuery(null, List.of(), s.subId())))).isEmpty();
            assertRefused(service.items(HORATIO, "n", new ItemsQuery(null, List.of(), "other")), PubSubError.INVALID_SUBID);
            assertRefused(service.items(BERNARDO, "n", new ItemsQuery(null, List.of(), s.subId())), PubSubError.NOT_SUBSCRIBED_TO_READ); // §6.5.9.3
        }
    }

    @Nested
    class DeleteAndPurge {
        @Test
        void deleteNotifiesAndRemovesEverything() {
            createNode("n", null);
            await(service.subscribe(HORATIO, "n", HORATIO));
            await(service.publish(HAMLET, "n", atom("x"), null));
            events.clear();
            assertRefused(service.delete(HORATIO, "n", null), PubSubError.FORBIDDEN);
            await(service.delete(HAMLET, "n", "xmpp:pubsub.denmark.lit?;node=elsewhere"));
            assertThat(events).singleElement().isInstanceOfSatisfying(NodeDeleted.class,
                    e -> assertThat(e.redirect()).isEqualTo("xmpp:pubsub.denmark.lit?;node=elsewhere"));
            assertRefused(service.items(HAMLET, "n", ItemsQuery.all()), PubSubError.ITEM_NOT_FOUND);
            assertThat(await(service.subscriptionsOf(HORATIO, null))).isEmpty();
            // the id is free again
            createNode("n", null);
            assertThat(store.itemCount("n")).isZero();
        }

        @Test
        void purgeNotifiesOnceAndEmptiesTheNode() {
            createNode("n", null);
            await(service.subscribe(HORATIO, "n", HORATIO));
            for (String id : List.of("1", "2", "3")) await(service.publish(HAMLET, "n", atom(id), null));
            events.clear();
            assertRefused(service.purge(HORATIO, "n"), PubSubError.FORBIDDEN);
            await(service.purge(HAMLET, "n"));
            assertThat(events).singleElement().isInstanceOf(NodePurged.class);
            assertThat(store.itemCount("n")).isZero();
        }
    }

    @Nested
    class Affiliations {
        @Test
        void ownerListsAndChanges() {
            createNode("n", null);
            await(service.modifyAffiliations(HAMLET, "n", Map.of(HORATIO.bare(), Affiliation.PUBLISHER)));
            assertThat(await(service.affiliations(HAMLET, "n"))).extracting(AffiliationEntry::affiliation)
                    .containsExactlyInAnyOrder(Affiliation.OWNER, Affiliation.PUBLISHER);
            assertRefused(service.affiliations(HORATIO, "n"), PubSubError.FORBIDDEN);
            assertThat(await(service.publish(HORATIO, "n", atom("x"), null)).itemId()).isEqualTo("x");
        }

        @Test
        void lastOwnerCannotLeave() {
            createNode("n", null);
            assertRefused(service.modifyAffiliations(HAMLET, "n", Map.of(HAMLET.bare(), Affiliation.NONE)),
                    PubSubError.NOT_ACCEPTABLE);
            assertThat(await(service.affiliationsOf(HAMLET, "n"))).extracting(AffiliationEntry::affiliation)
                    .containsExactly(Affiliation.OWNER);
        }
    }

    @Nested
    class Discovery {
        @Test
        void whitelistNodesAreListedOnlyToTheirAffiliates() {
            createNode("public", null);
            createNode("private", Map.of("pubsub#access_model", List.of("whitelist")));
            assertThat(await(service.nodeIds(HORATIO))).containsExactly("public");
            assertThat(await(service.nodeIds(HAMLET))).containsExactly("private", "public");
            assertThat(await(service.nodeIds(ADMIN))).containsExactly("private", "public");
        }

        @Test
        void itemIdsFollowTheReadRules() {
            createNode("private", Map.of("pubsub#access_model", List.of("whitelist")));
            await(service.publish(HAMLET, "private", atom("a"), null));
            await(service.publish(HAMLET, "private", atom("b"), null));
            assertThat(await(service.itemIds(HAMLET, "private"))).containsExactly("b", "a");
            assertRefused(service.itemIds(HORATIO, "private"), PubSubError.CLOSED_NODE);
        }

        @Test
        void nodeConfigurationIsShownOnlyToReaders() {
            createNode("private", Map.of("pubsub#access_model", List.of("whitelist")));
            assertThat(await(service.node(HORATIO, "private")).readable()).isFalse();
            assertThat(await(service.node(HAMLET, "private")).readable()).isTrue();
        }
    }

    @Test
    void aFailingNotifierDoesNotTurnACommittedPublishIntoAnError() {
        PubSubService withBrokenSink = new PubSubService(store, e -> {
            throw new IllegalStateException("delivery broke");
        }, new ServiceSettings(DefaultConfig.leaf(limits), limits, Set.of(), Set.of()), Clock.systemUTC(), () -> "x" + counter.incrementAndGet());
        createNode("n", null);
        await(service.subscribe(HORATIO, "n", HORATIO));
        assertThat(await(withBrokenSink.publish(HAMLET, "n", atom("kept"), null)).itemId()).isEqualTo("kept");
        assertThat(await(service.items(HAMLET, "n", ItemsQuery.all()))).extracting(Item::id).containsExactly("kept");
    }

    @Test
    void failedTransactionLeavesNothingBehind() {
        createNode("n", null);
        // a refused precondition comes after the lock and affiliation checks: nothing may be stored
        assertRefused(service.publish(HAMLET, "n", atom("x"), Map.of("pubsub#max_items", List.of("99"))),
                PubSubError.PRECONDITION_NOT_MET);
        assertThat(store.itemCount("n")).isZero();
        assertThat(events).isEmpty();
    }
}
