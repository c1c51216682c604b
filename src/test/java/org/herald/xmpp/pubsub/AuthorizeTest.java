package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.testsupport.PubSubClient.assertError;
import static org.herald.xmpp.pubsub.OwnerStanzas.AUTH_FORM_TYPE;
import static org.herald.xmpp.pubsub.OwnerStanzas.FORMS;
import static org.herald.xmpp.pubsub.OwnerStanzas.GET_PENDING;
import static org.herald.xmpp.pubsub.OwnerStanzas.authorizationAnswer;
import static org.herald.xmpp.pubsub.OwnerStanzas.command;
import static org.herald.xmpp.pubsub.OwnerStanzas.commandError;
import static org.herald.xmpp.pubsub.OwnerStanzas.field;
import static org.herald.xmpp.pubsub.OwnerStanzas.options;
import static org.herald.xmpp.pubsub.OwnerStanzas.sendForm;
import static org.herald.xmpp.pubsub.PubSubFixture.ATOM_ENTRY;
import static org.herald.xmpp.pubsub.PubSubFixture.configForm;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;
import static org.herald.xmpp.pubsub.PubSubFixture.publish;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "authorize" access model through a real Prosody: pending subscriptions (§4.5, §6.1.4, §6.1.3.7, §6.5.9.3),
 * the owner's approval form (§8.6) and the get-pending ad-hoc command (§8.7).
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class AuthorizeTest extends EndToEnd {
    static final String PUBSUB = PubSubClient.PUBSUB;
    static final String EVENT = PubSubClient.EVENT;
    static final String STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

    String node;

    @BeforeEach
    void authorizeNode() {
        node = nodeName("guarded");
        hamlet.set("<create node='" + node + "'/><configure>" + configForm("pubsub#access_model", "authorize") + "</configure>");
    }

    XmlElement subscribe(PubSubClient who) {
        return who.set("<subscribe node='" + node + "' jid='" + who.jid() + "'/>").child("subscription", PUBSUB);
    }

    /** The data form of the next message to {@code owner}, which must be an approval request. */
    static XmlElement nextApprovalForm(PubSubClient owner) {
        XmlElement message = owner.nextEvent();
        XmlElement x = message.child("x", FORMS);
        assertThat(x).as("approval form in %s", message).isNotNull();
        assertThat(field(x, "FORM_TYPE")).containsExactly(AUTH_FORM_TYPE);
        return x;
    }

    /** The {@code <subscription/>} of the next subscription-change event. */
    static XmlElement nextSubscriptionEvent(PubSubClient who) {
        XmlElement message = who.nextEvent();
        XmlElement event = message.child("event", EVENT);
        assertThat(event).as("event in %s", message).isNotNull();
        return event.child("subscription", EVENT);
    }

    static XmlElement errorOf(XmlElement message) {
        assertThat(message.attr("type")).as("error reply %s", message).isEqualTo("error");
        return message.child("error", message.namespace());
    }

    @Test
    void openingTheNodeSubscribesPendingRequestersAndTellsThem_13_14() {
        XmlElement sub = subscribe(horatio);
        nextApprovalForm(hamlet);

        hamlet.ownerSet("<configure node='" + node + "'>" + configForm("pubsub#access_model", "open") + "</configure>");

        XmlElement told = nextSubscriptionEvent(horatio);
        assertThat(told.attr("subscription")).isEqualTo("subscribed");
        assertThat(told.attr("subid")).isEqualTo(sub.attr("subid"));
        assertThat(told.attr("jid")).isEqualTo(horatio.jid());
        // no longer pending: the subscriber now hears of new items
        hamlet.set(publish(node, "after-opening", ATOM_ENTRY));
        XmlElement item = horatio.nextEvent().child("event", EVENT).child("items", EVENT).child("item", EVENT);
        assertThat(item.attr("id")).isEqualTo("after-opening");
    }

    @Test
    void subscribingIsPendingAndTheOwnerIsAsked_6_1_4_and_8_6() {
        XmlElement sub = subscribe(horatio);
        assertThat(sub.attr("subscription")).isEqualTo("pending");
        assertThat(sub.attr("node")).isEqualTo(node);

        XmlElement message = hamlet.nextEvent();
        assertThat(message.attr("type")).as("kept offline for an absent owner").isIn(null, "normal");
        assertThat(message.childText("body", message.namespace())).contains(horatio.jid());
        XmlElement x = message.child("x", FORMS);
        assertThat(x.attr("type")).isEqualTo("form");
        assertThat(field(x, "FORM_TYPE")).containsExactly(AUTH_FORM_TYPE);
        assertThat(field(x, "pubsub#node")).containsExactly(node);
        assertThat(field(x, "pubsub#subscriber_jid")).containsExactly(horatio.jid());
        assertThat(field(x, "pubsub#allow")).containsExactly("false");
        assertThat(field(x, "pubsub#subid")).containsExactly(sub.attr("subid"));
    }

    @Test
    void askingAgainWhilePendingIsNotAuthorized_6_1_3_7() {
        subscribe(horatio);
        assertError(horatio.error(IQ.Type.set, PUBSUB, "<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>"),
                StanzaError.Type.AUTH, StanzaError.Condition.not_authorized, "pending-subscription");
    }

    @Test
    void pendingSubscriberGetsNoItems_6_5_9_3() {
        hamlet.set(publish(node, "secret", ATOM_ENTRY));
        subscribe(horatio);
        assertError(horatio.error(IQ.Type.get, PUBSUB, "<items node='" + node + "'/>"),
                StanzaError.Type.AUTH, StanzaError.Condition.not_authorized, "not-subscribed");
        // a stranger who never asked is refused the same way
        PubSubClient bernardo = fx.user();
        assertError(bernardo.error(IQ.Type.get, PUBSUB, "<items node='" + node + "'/>"),
                StanzaError.Type.AUTH, StanzaError.Condition.not_authorized, "not-subscribed");
    }

    @Test
    void approvalSubscribesAndTellsTheSubscriber_8_6() {
        String subId = subscribe(horatio).attr("subid");
        nextApprovalForm(hamlet);
        hamlet.set(publish(node, "while-pending", ATOM_ENTRY)); // must not reach the pending subscriber

        sendForm(hamlet, authorizationAnswer(node, horatio.jid(), subId, "true"));

        XmlElement approved = nextSubscriptionEvent(horatio);
        assertThat(approved.attr("node")).isEqualTo(node);
        assertThat(approved.attr("jid")).isEqualTo(horatio.jid());
        assertThat(approved.attr("subscription")).isEqualTo("subscribed");
        XmlElement items = horatio.get("<items node='" + node + "'/>").child("items", PUBSUB);
        assertThat(items.children()).extracting(i -> i.attr("id")).containsExactly("while-pending");
        hamlet.set(publish(node, "after", ATOM_ENTRY));
        XmlElement item = horatio.nextEvent().child("event", EVENT).child("items", EVENT).child("item", EVENT);
        assertThat(item.attr("id")).isEqualTo("after");
    }

    @Test
    void denialRemovesTheRequestAndTellsTheSubscriber_8_6() {
        subscribe(horatio);
        nextApprovalForm(hamlet);
        sendForm(hamlet, authorizationAnswer(node, horatio.jid(), null, "0"));

        XmlElement denied = nextSubscriptionEvent(horatio);
        assertThat(denied.attr("subscription")).isEqualTo("none");
        assertThat(denied.attr("jid")).isEqualTo(horatio.jid());
        XmlElement subs = horatio.get("<subscriptions node='" + node + "'/>").child("subscriptions", PUBSUB);
        assertThat(subs.children()).isEmpty();
    }

    @Test
    void cancelledFormLeavesTheRequestPending_8_6() {
        String subId = subscribe(horatio).attr("subid");
        nextApprovalForm(hamlet);
        sendForm(hamlet, "<x xmlns='jabber:x:data' type='cancel'><field var='FORM_TYPE' type='hidden'><value>"
                + AUTH_FORM_TYPE + "</value></field></x>");
        // had the cancel decided anything, horatio would hear of that before this approval
        sendForm(hamlet, authorizationAnswer(node, horatio.jid(), subId, "true"));
        assertThat(nextSubscriptionEvent(horatio).attr("subscription")).isEqualTo("subscribed");
    }

    @Test
    void answerFromSomeoneNotAnOwnerIsForbidden() {
        String subId = subscribe(horatio).attr("subid");
        sendForm(horatio, authorizationAnswer(node, horatio.jid(), subId, "true"));
        XmlElement error = errorOf(horatio.nextEvent());
        assertThat(error.attr("type")).isEqualTo("auth");
        assertThat(error.child("forbidden", STANZAS)).isNotNull();
        XmlElement subs = horatio.get("<subscriptions node='" + node + "'/>").child("subscriptions", PUBSUB);
        assertThat(subs.children()).extracting(s -> s.attr("subscription")).containsExactly("pending");
    }

    @Test
    void answerForAnUnknownRequestOrNodeIsItemNotFound() {
        sendForm(hamlet, authorizationAnswer(node, horatio.jid(), null, "true"));
        assertThat(errorOf(hamlet.nextEvent()).child("item-not-found", STANZAS)).isNotNull();
        sendForm(hamlet, authorizationAnswer(nodeName("nowhere"), horatio.jid(), null, "true"));
        assertThat(errorOf(hamlet.nextEvent()).child("item-not-found", STANZAS)).isNotNull();
    }

    @Test
    void answerWithoutTheAllowFieldIsBadRequest() {
        subscribe(horatio);
        nextApprovalForm(hamlet);
        sendForm(hamlet, "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>"
                + AUTH_FORM_TYPE + "</value></field><field var='pubsub#node'><value>" + node + "</value></field>"
                + "<field var='pubsub#subscriber_jid'><value>" + horatio.jid() + "</value></field></x>");
        XmlElement error = errorOf(hamlet.nextEvent());
        assertThat(error.child("bad-request", STANZAS)).isNotNull();
    }

    @Test
    void getPendingListsNodesThenResendsTheirForms_8_7() {
        String subId = subscribe(horatio).attr("subid");
        nextApprovalForm(hamlet);

        XmlElement first = command(hamlet, Map.of("node", GET_PENDING, "action", "execute"), "");
        assertThat(first.attr("status")).isEqualTo("executing");
        assertThat(first.attr("sessionid")).isNotBlank();
        XmlElement form = first.child("x", FORMS);
        assertThat(options(form, "pubsub#node")).containsExactly(node);

        XmlElement done = command(hamlet, Map.of("node", GET_PENDING, "sessionid", first.attr("sessionid"), "action", "execute"),
                "<x xmlns='jabber:x:data' type='submit'><field var='pubsub#node'><value>" + node + "</value></field></x>");
        assertThat(done.attr("status")).isEqualTo("completed");

        XmlElement again = nextApprovalForm(hamlet);
        assertThat(field(again, "pubsub#subscriber_jid")).containsExactly(horatio.jid());
        assertThat(field(again, "pubsub#subid")).containsExactly(subId);
        // the re-sent form works like the first one
        sendForm(hamlet, authorizationAnswer(node, horatio.jid(), subId, "1"));
        assertThat(nextSubscriptionEvent(horatio).attr("subscription")).isEqualTo("subscribed");
    }

    @Test
    void getPendingErrors_8_7_3() {
        subscribe(horatio);
        // §8.7.3.3: who owns no node has nothing to approve
        assertError(commandError(horatio, Map.of("node", GET_PENDING, "action", "execute"), ""),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        // ... nor may an owner of another node ask for this one
        PubSubClient bernardo = fx.user();
        bernardo.set("<create node='" + nodeName("own") + "'/>");
        String submit = "<x xmlns='jabber:x:data' type='submit'><field var='pubsub#node'><value>%s</value></field></x>";
        assertError(commandError(bernardo, Map.of("node", GET_PENDING, "sessionid", "s1"), submit.formatted(node)),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        // §8.7.3.4: unknown node
        assertError(commandError(hamlet, Map.of("node", GET_PENDING, "sessionid", "s1"), submit.formatted(nodeName("nowhere"))),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
        // XEP-0050: a command Herald does not have
        assertError(commandError(hamlet, Map.of("node", "urn:example:nothing", "action", "execute"), ""),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
    }

    @Test
    void getPendingWithNothingWaitingCompletesAtOnce() {
        XmlElement reply = command(hamlet, Map.of("node", GET_PENDING, "action", "execute"), "");
        assertThat(reply.attr("status")).isEqualTo("completed");
    }

    @Test
    void affiliatingAPendingSubscriberApprovesIt_8_7_note() {
        subscribe(horatio);
        hamlet.ownerSet("<affiliations node='" + node + "'><affiliation jid='" + horatio.bareJid()
                + "' affiliation='member'/></affiliations>");
        // §8.9.4 affiliation notice and §13.14 approval, in either order
        XmlElement a = horatio.nextEvent();
        XmlElement b = horatio.nextEvent();
        XmlElement subEvent = a.child("event", EVENT) != null ? a : b;
        XmlElement affMessage = a.child("event", EVENT) != null ? b : a;
        assertThat(subEvent.child("event", EVENT).child("subscription", EVENT).attr("subscription")).isEqualTo("subscribed");
        XmlElement aff = affMessage.child("pubsub", PUBSUB).child("affiliations", PUBSUB).child("affiliation", PUBSUB);
        assertThat(aff.attr("affiliation")).isEqualTo("member");
        assertThat(horatio.get("<items node='" + node + "'/>").child("items", PUBSUB)).isNotNull();
    }

    @Test
    void theCommandIsDiscoverable_xep0050() throws Exception {
        var items = org.jivesoftware.smackx.disco.ServiceDiscoveryManager.getInstanceFor(hamlet.connection)
                .discoverItems(hamlet.service, OwnerStanzas.COMMANDS);
        assertThat(items.getItems()).singleElement().satisfies(i -> {
            assertThat(i.getNode()).isEqualTo(GET_PENDING);
            assertThat(i.getEntityID().toString()).isEqualTo(hamlet.service.toString());
        });
    }
}
