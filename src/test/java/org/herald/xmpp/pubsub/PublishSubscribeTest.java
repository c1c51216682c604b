package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.testsupport.PubSubClient.assertError;
import static org.herald.xmpp.pubsub.PubSubFixture.ATOM_ENTRY;
import static org.herald.xmpp.pubsub.PubSubFixture.configForm;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;
import static org.herald.xmpp.pubsub.PubSubFixture.publish;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** XEP-0060 §6 and §7 — subscribe, retrieve, publish, retract — through a real Prosody, from Smack clients. */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class PublishSubscribeTest extends EndToEnd {
    static final String PUBSUB = PubSubClient.PUBSUB;
    static final String EVENT = "http://jabber.org/protocol/pubsub#event";
    static final String ATOM = "http://www.w3.org/2005/Atom";

    String node;

    @BeforeEach
    void newNode() {
        node = nodeName("musings");
    }

    void create(String... config) {
        hamlet.set("<create node='" + node + "'/>" + (config.length == 0 ? "" : "<configure>" + configForm(config) + "</configure>"));
    }

    void subscribe(PubSubClient who) {
        who.set("<subscribe node='" + node + "' jid='" + who.jid() + "'/>");
    }

    static XmlElement itemsOf(XmlElement message) {
        return message.child("event", EVENT).child("items", EVENT);
    }

    @Test
    void publishWithIdNotifiesSubscriberWithPayload_7_1() {
        create();
        subscribe(horatio);
        XmlElement result = hamlet.set(publish(node, "ae890ac52d0df67ed7cfdf51b644e901", ATOM_ENTRY));
        assertThat(result.child("publish", PUBSUB).child("item", PUBSUB).attr("id")).isEqualTo("ae890ac52d0df67ed7cfdf51b644e901");

        XmlElement message = horatio.nextEvent();
        assertThat(message.attr("type")).isEqualTo("headline");
        XmlElement item = itemsOf(message).child("item", EVENT);
        assertThat(itemsOf(message).attr("node")).isEqualTo(node);
        assertThat(item.attr("id")).isEqualTo("ae890ac52d0df67ed7cfdf51b644e901");
        assertThat(item.attr("publisher")).isEqualTo(hamlet.bareJid());
        assertThat(item.child("entry", ATOM).childText("title", ATOM)).isEqualTo("Soliloquy");
    }

    @Test
    void publishWithoutIdGetsGeneratedId_7_1_2() {
        create();
        String id = hamlet.set(publish(node, null, ATOM_ENTRY)).child("publish", PUBSUB).child("item", PUBSUB).attr("id");
        assertThat(id).isNotBlank();
        XmlElement items = hamlet.get("<items node='" + node + "'/>").child("items", PUBSUB);
        assertThat(items.children()).extracting(i -> i.attr("id")).containsExactly(id);
    }

    @Test
    void republishingAnIdReplacesTheItem() {
        create();
        hamlet.set(publish(node, "same", ATOM_ENTRY));
        hamlet.set(publish(node, "same", "<entry xmlns='" + ATOM + "'><title>Second thoughts</title></entry>"));
        XmlElement items = hamlet.get("<items node='" + node + "'/>").child("items", PUBSUB);
        assertThat(items.children()).hasSize(1);
        assertThat(items.firstChild().child("entry", ATOM).childText("title", ATOM)).isEqualTo("Second thoughts");
    }

    @Test
    void notificationOnlyNodeSendsNoPayload_7_1_2_2() {
        create("pubsub#deliver_payloads", "0");
        subscribe(horatio);
        hamlet.set(publish(node, "quiet", ATOM_ENTRY));
        XmlElement item = itemsOf(horatio.nextEvent()).child("item", EVENT);
        assertThat(item.attr("id")).isEqualTo("quiet");
        assertThat(item.children()).isEmpty();
    }

    @Test
    void transientNotificationOnlyNode_7_1_3_6() {
        create("pubsub#persist_items", "0", "pubsub#deliver_payloads", "0");
        subscribe(horatio);
        assertError(hamlet.error(IQ.Type.set, PUBSUB, publish(node, "x", ATOM_ENTRY)),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "item-forbidden");
        hamlet.set("<publish node='" + node + "'/>");
        XmlElement items = itemsOf(horatio.nextEvent());
        assertThat(items.attr("node")).isEqualTo(node);
        assertThat(items.children()).isEmpty();
    }

    @Test
    void persistentNodeRequiresAnItem() {
        create();
        assertError(hamlet.error(IQ.Type.set, PUBSUB, "<publish node='" + node + "'/>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "item-required");
    }

    @Test
    void publishOptionsPreconditions_7_1_5() {
        create("pubsub#access_model", "whitelist");
        String options = "<publish-options><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
                + "<field var='pubsub#access_model'><value>%s</value></field></x></publish-options>";
        hamlet.set(publish(node, "met", ATOM_ENTRY) + options.formatted("whitelist"));
        assertError(hamlet.error(IQ.Type.set, PUBSUB, publish(node, "unmet", ATOM_ENTRY) + options.formatted("open")),
                StanzaError.Type.CANCEL, StanzaError.Condition.conflict, "precondition-not-met");
        XmlElement items = hamlet.get("<items node='" + node + "'/>").child("items", PUBSUB);
        assertThat(items.children()).extracting(i -> i.attr("id")).containsExactly("met");
    }

    @Test
    void payloadOverNodeLimitIsRefusedAndNothingIsStored_7_1_3_5() {
        create("pubsub#max_payload_size", "1024");
        String big = "<blob xmlns='urn:example:blob'>" + "x".repeat(2000) + "</blob>";
        StanzaError e = hamlet.error(IQ.Type.set, PUBSUB, publish(node, "big", big));
        assertError(e, StanzaError.Type.MODIFY, StanzaError.Condition.not_acceptable, "payload-too-big");
        assertThat(hamlet.get("<items node='" + node + "'/>").child("items", PUBSUB).children()).isEmpty();
        // the same user carries on
        hamlet.set(publish(node, "small", "<blob xmlns='urn:example:blob'>ok</blob>"));
    }

    @Test
    void twoPayloadElementsAreInvalid_7_1_3_6() {
        create();
        assertError(hamlet.error(IQ.Type.set, PUBSUB, publish(node, "two", ATOM_ENTRY + ATOM_ENTRY)),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "invalid-payload");
    }

    @Test
    void strangerMayNotPublish_7_1_3_1() {
        create();
        assertError(horatio.error(IQ.Type.set, PUBSUB, publish(node, "x", ATOM_ENTRY)),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
    }

    @Test
    void publishToMissingNode_7_1_3_3() {
        assertError(hamlet.error(IQ.Type.set, PUBSUB, publish(node, "x", ATOM_ENTRY)),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
    }

    @Test
    void publishModelsOpenAndSubscribers() {
        create("pubsub#publish_model", "subscribers");
        assertError(horatio.error(IQ.Type.set, PUBSUB, publish(node, "x", ATOM_ENTRY)),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        subscribe(horatio);
        horatio.set(publish(node, "by-subscriber", ATOM_ENTRY));

        String open = nodeName("open");
        hamlet.set("<create node='" + open + "'/><configure>" + configForm("pubsub#publish_model", "open") + "</configure>");
        horatio.set(publish(open, "by-anyone", ATOM_ENTRY));
    }

    @Test
    void maxItemsIsEnforcedOnStorageAndDroppedItemsAreRetracted() {
        create("pubsub#max_items", "2");
        subscribe(horatio);
        for (String id : List.of("1", "2", "3")) hamlet.set(publish(node, id, ATOM_ENTRY));
        XmlElement items = hamlet.get("<items node='" + node + "'/>").child("items", PUBSUB);
        assertThat(items.children()).extracting(i -> i.attr("id")).containsExactly("3", "2");
        horatio.nextEvent();
        horatio.nextEvent();
        XmlElement third = itemsOf(horatio.nextEvent());
        assertThat(third.child("item", EVENT).attr("id")).isEqualTo("3");
        assertThat(third.child("retract", EVENT).attr("id")).isEqualTo("1");
    }

    @Test
    void retractWithNotify_7_2() {
        create();
        hamlet.set(publish(node, "gone-soon", ATOM_ENTRY));
        subscribe(horatio);
        assertError(horatio.error(IQ.Type.set, PUBSUB, "<retract node='" + node + "'><item id='gone-soon'/></retract>"),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        hamlet.set("<retract node='" + node + "' notify='true'><item id='gone-soon'/></retract>");
        XmlElement retract = itemsOf(horatio.nextEvent()).child("retract", EVENT);
        assertThat(retract.attr("id")).isEqualTo("gone-soon");
        assertError(hamlet.error(IQ.Type.set, PUBSUB, "<retract node='" + node + "'><item id='gone-soon'/></retract>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
        assertError(hamlet.error(IQ.Type.set, PUBSUB, "<retract node='" + node + "'/>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "item-required");
        assertError(hamlet.error(IQ.Type.set, PUBSUB, "<retract><item id='x'/></retract>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "nodeid-required");
    }

    @Test
    void subscribeBareAndFullJids_6_1() {
        create();
        XmlElement sub = horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>")
                .child("subscription", PUBSUB);
        assertThat(sub.attr("subscription")).isEqualTo("subscribed");
        assertThat(sub.attr("subid")).isNotBlank();
        assertThat(sub.attr("jid")).isEqualTo(horatio.jid());
        XmlElement bare = horatio.set("<subscribe node='" + node + "' jid='" + horatio.bareJid() + "'/>")
                .child("subscription", PUBSUB);
        assertThat(bare.attr("subid")).isNotEqualTo(sub.attr("subid"));
        XmlElement mine = horatio.get("<subscriptions/>").child("subscriptions", PUBSUB);
        assertThat(mine.children()).extracting(s -> s.attr("jid")).containsExactlyInAnyOrder(horatio.jid(), horatio.bareJid());
    }

    @Test
    void subscribingSomeoneElseIsInvalidJid_6_1_3_1() {
        create();
        assertError(horatio.error(IQ.Type.set, PUBSUB, "<subscribe node='" + node + "' jid='" + hamlet.jid() + "'/>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "invalid-jid");
    }

    @Test
    void subscribeToMissingNode_6_1_3_12() {
        assertError(horatio.error(IQ.Type.set, PUBSUB, "<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
    }

    @Test
    void unsubscribe_6_2() {
        create();
        subscribe(horatio);
        horatio.set("<unsubscribe node='" + node + "' jid='" + horatio.jid() + "'/>");
        assertThat(horatio.get("<subscriptions node='" + node + "'/>").child("subscriptions", PUBSUB).children()).isEmpty();
        assertError(horatio.error(IQ.Type.set, PUBSUB, "<unsubscribe node='" + node + "' jid='" + horatio.jid() + "'/>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.unexpected_request, "not-subscribed");
        subscribe(horatio);
        assertError(horatio.error(IQ.Type.set, PUBSUB,
                        "<unsubscribe node='" + node + "' jid='" + horatio.jid() + "' subid='not-mine'/>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.not_acceptable, "invalid-subid");
        assertError(hamlet.error(IQ.Type.set, PUBSUB, "<unsubscribe node='" + node + "' jid='" + horatio.jid() + "'/>"),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        // after unsubscribing, publishes reach nobody
        horatio.set("<unsubscribe node='" + node + "' jid='" + horatio.jid() + "'/>");
        hamlet.set(publish(node, "unheard", ATOM_ENTRY));
        assertThat(hamlet.get("<items node='" + node + "'/>").child("items", PUBSUB).children()).hasSize(1);
        horatio.assertNoEvent();
    }

    @Test
    void retrieveItems_6_5() {
        create();
        for (String id : List.of("a", "b", "c")) hamlet.set(publish(node, id, ATOM_ENTRY));
        XmlElement all = horatio.get("<items node='" + node + "'/>").child("items", PUBSUB);
        assertThat(all.children()).extracting(i -> i.attr("id")).containsExactly("c", "b", "a");
        assertThat(all.firstChild().child("entry", ATOM)).isNotNull();
        XmlElement newest = horatio.get("<items node='" + node + "' max_items='2'/>").child("items", PUBSUB);
        assertThat(newest.children()).extracting(i -> i.attr("id")).containsExactly("c", "b");
        XmlElement one = horatio.get("<items node='" + node + "'><item id='a'/></items>").child("items", PUBSUB);
        assertThat(one.children()).extracting(i -> i.attr("id")).containsExactly("a");
        assertError(horatio.error(IQ.Type.get, PUBSUB, "<items node='" + node + "'><item id='nope'/></items>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
        assertError(horatio.error(IQ.Type.get, PUBSUB, "<items node='" + nodeName("missing") + "'/>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
        assertError(horatio.error(IQ.Type.get, PUBSUB, "<items node='" + node + "' max_items='-1'/>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
    }

    @Test
    void ownSubscriptionsAndAffiliations_5_6_5_7() {
        create();
        subscribe(horatio);
        XmlElement subs = horatio.get("<subscriptions/>").child("subscriptions", PUBSUB);
        assertThat(subs.children()).extracting(s -> s.attr("node")).containsExactly(node);
        XmlElement affs = hamlet.get("<affiliations/>").child("affiliations", PUBSUB);
        assertThat(affs.children()).extracting(a -> a.attr("node") + "=" + a.attr("affiliation")).contains(node + "=owner");
        assertThat(horatio.get("<affiliations/>").child("affiliations", PUBSUB).children()).isEmpty();
    }

    @Test
    void whitelistNodeIsClosedToStrangersAndOpenToMembers_4_5() {
        create("pubsub#access_model", "whitelist");
        hamlet.set(publish(node, "secret", ATOM_ENTRY));
        assertError(horatio.error(IQ.Type.set, PUBSUB, "<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.not_allowed, "closed-node");
        assertError(horatio.error(IQ.Type.get, PUBSUB, "<items node='" + node + "'/>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.not_allowed, "closed-node");
        hamlet.ownerSet("<affiliations node='" + node + "'><affiliation jid='" + horatio.bareJid()
                + "' affiliation='member'/></affiliations>");
        // §8.9.4: the new member is told of its affiliation
        assertThat(horatio.nextEvent().child("pubsub", PUBSUB).child("affiliations", PUBSUB).child("affiliation", PUBSUB)
                .attr("affiliation")).isEqualTo("member");
        subscribe(horatio);
        assertThat(horatio.get("<items node='" + node + "'/>").child("items", PUBSUB).children()).hasSize(1);
        hamlet.set(publish(node, "for-members", ATOM_ENTRY));
        assertThat(itemsOf(horatio.nextEvent()).child("item", EVENT).attr("id")).isEqualTo("for-members");
    }
}
