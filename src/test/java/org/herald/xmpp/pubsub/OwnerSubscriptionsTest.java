package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.testsupport.PubSubClient.assertError;
import static org.herald.xmpp.pubsub.PubSubFixture.ATOM_ENTRY;
import static org.herald.xmpp.pubsub.PubSubFixture.configForm;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;
import static org.herald.xmpp.pubsub.PubSubFixture.publish;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.TestXml;
import org.herald.testsupport.XmlIq;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * XEP-0060 §8.8 Manage Subscriptions and the notifications of subscription and affiliation changes (§8.8.4,
 * §8.9.4, §13.14, pubsub#notify_sub) through a real Prosody, from Smack clients.
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class OwnerSubscriptionsTest extends EndToEnd {
    static final String PUBSUB = PubSubClient.PUBSUB;
    static final String OWNER = PubSubClient.OWNER;
    static final String EVENT = PubSubClient.EVENT;

    String node;

    @BeforeEach
    void newNode() {
        node = nodeName("managed");
    }

    void create(String... config) {
        hamlet.set("<create node='" + node + "'/>" + (config.length == 0 ? "" : "<configure>" + configForm(config) + "</configure>"));
    }

    XmlElement subscribe(PubSubClient who) {
        return who.set("<subscribe node='" + node + "' jid='" + who.jid() + "'/>").child("subscription", PUBSUB);
    }

    XmlElement listed() {
        return hamlet.ownerGet("<subscriptions node='" + node + "'/>").child("subscriptions", OWNER);
    }

    static XmlElement subscriptionEvent(XmlElement message) {
        XmlElement event = message.child("event", EVENT);
        assertThat(event).as("event in %s", message).isNotNull();
        return event.child("subscription", EVENT);
    }

    @Test
    void ownerRetrievesTheSubscriptionList_8_8_1() {
        create();
        String subId = subscribe(horatio).attr("subid");
        XmlElement subs = listed();
        assertThat(subs.attr("node")).isEqualTo(node);
        assertThat(subs.children()).singleElement().satisfies(s -> {
            assertThat(s.attr("jid")).isEqualTo(horatio.jid());
            assertThat(s.attr("subscription")).isEqualTo("subscribed");
            assertThat(s.attr("subid")).isEqualTo(subId);
        });
    }

    @Test
    void retrieveErrors_8_8_1_3() {
        create();
        assertError(horatio.error(IQ.Type.get, OWNER, "<subscriptions node='" + node + "'/>"),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        assertError(hamlet.error(IQ.Type.get, OWNER, "<subscriptions node='" + nodeName("nowhere") + "'/>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
    }

    @Test
    void pendingRequestsAreNotListed_8_8_1_2() {
        create("pubsub#access_model", "authorize");
        subscribe(horatio);
        assertThat(listed().children()).isEmpty();
    }

    @Test
    void ownerSubscribesSomeoneWhoIsToldAndNotified_8_8_2_and_8_8_4() {
        create();
        hamlet.ownerSet("<subscriptions node='" + node + "'><subscription jid='" + horatio.jid()
                + "' subscription='subscribed'/></subscriptions>");
        XmlElement told = subscriptionEvent(horatio.nextEvent());
        assertThat(told.attr("node")).isEqualTo(node);
        assertThat(told.attr("jid")).isEqualTo(horatio.jid());
        assertThat(told.attr("subscription")).isEqualTo("subscribed");
        assertThat(listed().children()).extracting(s -> s.attr("jid")).containsExactly(horatio.jid());
        hamlet.set(publish(node, "one", ATOM_ENTRY));
        assertThat(horatio.nextEvent().child("event", EVENT).child("items", EVENT).child("item", EVENT).attr("id")).isEqualTo("one");
    }

    @Test
    void ownerDeletesASubscriber_8_8_3() {
        create();
        subscribe(horatio);
        hamlet.ownerSet("<subscriptions node='" + node + "'><subscription jid='" + horatio.jid()
                + "' subscription='none'/></subscriptions>");
        XmlElement told = subscriptionEvent(horatio.nextEvent());
        assertThat(told.attr("subscription")).isEqualTo("none");
        assertThat(listed().children()).isEmpty();
        // no longer subscribed: the next publish reaches nobody; a later subscription gets the one after
        hamlet.set(publish(node, "unseen", ATOM_ENTRY));
        subscribe(horatio);
        hamlet.set(publish(node, "seen", ATOM_ENTRY));
        assertThat(horatio.nextEvent().child("event", EVENT).child("items", EVENT).child("item", EVENT).attr("id")).isEqualTo("seen");
    }

    @Test
    void ownerApprovesAPendingRequestBySettingSubscribed_8_8_2() {
        create("pubsub#access_model", "authorize");
        subscribe(horatio);
        hamlet.nextEvent(); // the §8.6 approval request
        hamlet.ownerSet("<subscriptions node='" + node + "'><subscription jid='" + horatio.jid()
                + "' subscription='subscribed'/></subscriptions>");
        assertThat(subscriptionEvent(horatio.nextEvent()).attr("subscription")).isEqualTo("subscribed");
        assertThat(horatio.get("<items node='" + node + "'/>").child("items", PUBSUB)).isNotNull();
    }

    @Test
    void modifyErrors_8_8_2_3() {
        create();
        String change = "<subscriptions node='%s'><subscription jid='" + horatio.jid() + "' subscription='subscribed'/></subscriptions>";
        assertError(horatio.error(IQ.Type.set, OWNER, change.formatted(node)),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        assertError(hamlet.error(IQ.Type.set, OWNER, change.formatted(nodeName("nowhere"))),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
        assertThat(listed().children()).isEmpty();
    }

    @Test
    void oneInvalidEntryRefusesAllAndReturnsItUnchanged_8_8_2_4() throws Exception {
        create();
        String subId = subscribe(horatio).attr("subid");
        PubSubClient bernardo = fx.user();
        hamlet.ownerSet("<affiliations node='" + node + "'><affiliation jid='" + bernardo.bareJid()
                + "' affiliation='outcast'/></affiliations>");
        String request = "<subscriptions node='" + node + "'>"
                + "<subscription jid='" + horatio.jid() + "' subscription='none'/>"
                + "<subscription jid='" + bernardo.jid() + "' subscription='subscribed'/>"
                + "</subscriptions>";
        try {
            hamlet.connection.sendIqRequestAndWaitForResponse(new XmlIq(IQ.Type.set, hamlet.service, "pubsub", OWNER, request));
            throw new AssertionError("expected an error");
        } catch (XMPPException.XMPPErrorException e) {
            assertError(e.getStanzaError(), StanzaError.Type.MODIFY, StanzaError.Condition.not_acceptable, null);
            // the error carries the refused entry with the state it keeps
            XmlElement iq = TestXml.parse(e.getStanza().toXML().toString());
            XmlElement returned = iq.child("pubsub", OWNER).child("subscriptions", OWNER);
            assertThat(returned.attr("node")).isEqualTo(node);
            assertThat(returned.children()).singleElement().satisfies(s -> {
                assertThat(s.attr("jid")).isEqualTo(bernardo.jid());
                assertThat(s.attr("subscription")).isEqualTo("none");
            });
        }
        // nothing changed: horatio is still subscribed
        assertThat(listed().children()).extracting(s -> s.attr("subid")).containsExactly(subId);
    }

    @Test
    void badStateIsBadRequest() {
        create();
        assertError(hamlet.error(IQ.Type.set, OWNER, "<subscriptions node='" + node + "'><subscription jid='"
                        + horatio.jid() + "' subscription='maybe'/></subscriptions>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
    }

    @Test
    void affectedEntityIsToldOfItsNewAffiliation_8_9_4() {
        create();
        hamlet.ownerSet("<affiliations node='" + node + "'><affiliation jid='" + horatio.bareJid()
                + "' affiliation='publisher'/></affiliations>");
        XmlElement affiliations = horatio.nextEvent().child("pubsub", PUBSUB).child("affiliations", PUBSUB);
        assertThat(affiliations.attr("node")).isEqualTo(node);
        XmlElement a = affiliations.child("affiliation", PUBSUB);
        assertThat(a.attr("jid")).isEqualTo(horatio.bareJid());
        assertThat(a.attr("affiliation")).isEqualTo("publisher");
    }

    @Test
    void outcastLosesItsSubscriptionAndIsTold() {
        create();
        subscribe(horatio);
        hamlet.ownerSet("<affiliations node='" + node + "'><affiliation jid='" + horatio.bareJid()
                + "' affiliation='outcast'/></affiliations>");
        XmlElement a = horatio.nextEvent();
        XmlElement b = horatio.nextEvent();
        XmlElement sub = a.child("event", EVENT) != null ? a : b;
        XmlElement aff = a.child("event", EVENT) != null ? b : a;
        assertThat(subscriptionEvent(sub).attr("subscription")).isEqualTo("none");
        assertThat(aff.child("pubsub", PUBSUB).child("affiliations", PUBSUB).child("affiliation", PUBSUB).attr("affiliation"))
                .isEqualTo("outcast");
        assertThat(listed().children()).isEmpty();
    }

    @Test
    void notifySubTellsOwnersOfSubscribesAndUnsubscribes() {
        create("pubsub#notify_sub", "1");
        String subId = subscribe(horatio).attr("subid");
        XmlElement joined = subscriptionEvent(hamlet.nextEvent());
        assertThat(joined.attr("jid")).isEqualTo(horatio.jid());
        assertThat(joined.attr("subscription")).isEqualTo("subscribed");

        horatio.set("<unsubscribe node='" + node + "' jid='" + horatio.jid() + "' subid='" + subId + "'/>");
        XmlElement left = subscriptionEvent(hamlet.nextEvent());
        assertThat(left.attr("jid")).isEqualTo(horatio.jid());
        assertThat(left.attr("subscription")).isEqualTo("none");
    }

    @Test
    void notifySubIsAConfigurationField() {
        create();
        XmlElement x = hamlet.ownerGet("<configure node='" + node + "'/>").child("configure", OWNER).child("x", "jabber:x:data");
        assertThat(OwnerStanzas.field(x, "pubsub#notify_sub")).containsExactly("0");
        hamlet.ownerSet("<configure node='" + node + "'>" + configForm("pubsub#notify_sub", "true") + "</configure>");
        x = hamlet.ownerGet("<configure node='" + node + "'/>").child("configure", OWNER).child("x", "jabber:x:data");
        assertThat(OwnerStanzas.field(x, "pubsub#notify_sub")).containsExactly("1");
    }

    @Test
    void withoutNotifySubOwnersHearNothing() {
        create();
        subscribe(horatio);
        // the owner's next message is the notification of its own publish, not news of horatio
        subscribe(hamlet);
        hamlet.set(publish(node, "x", ATOM_ENTRY));
        assertThat(hamlet.nextEvent().child("event", EVENT).child("items", EVENT)).isNotNull();
    }
}
