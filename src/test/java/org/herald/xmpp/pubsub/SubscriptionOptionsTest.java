package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.herald.testsupport.PubSubClient.assertError;
import static org.herald.xmpp.pubsub.PubSubFixture.ATOM_ENTRY;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;
import static org.herald.xmpp.pubsub.PubSubFixture.publish;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.herald.testsupport.ProsodyResource;
import org.herald.domain.Jid;
import org.herald.testsupport.PubSubClient;
import org.herald.xmpp.presence.PresenceTracker;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * XEP-0060 §6.3 subscription options, §6.4 default options, §6.3.7 subscribe-and-configure, §6.1.6 multiple
 * subscriptions with SHIM SubID headers (§13.16), and the delivery options deliver, include_body (§13.8), digest and
 * expire (§13.19) — through a real Prosody, from Smack clients. Tests run with a 500 ms minimum digest period and
 * jobs ticking every 200 ms (application.properties, %test).
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class SubscriptionOptionsTest extends EndToEnd {
    @Inject
    PresenceTracker tracker;

    static final String PUBSUB = PubSubClient.PUBSUB;
    static final String EVENT = PubSubClient.EVENT;
    static final String FORMS = "jabber:x:data";
    static final String SHIM = "http://jabber.org/protocol/shim";
    static final String OPTIONS_FORM_TYPE = "http://jabber.org/protocol/pubsub#subscribe_options";

    static {
        // Smack's own pubsub parsing drops the 'jid' and 'subid' of <options/> and cannot read <default/> in the
        // pubsub namespace (it knows the #owner one); keep both exactly as received.
        PubSubClient.keepPayloadsAsReceived("options", PUBSUB);
        PubSubClient.keepPayloadsAsReceived("default", PUBSUB);
    }

    String node;

    @BeforeEach
    void newNode() {
        node = nodeName("options");
        hamlet.set("<create node='" + node + "'/>");
    }

    static String optionsForm(String... fieldValues) {
        StringBuilder b = new StringBuilder("<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>"
                + OPTIONS_FORM_TYPE + "</value></field>");
        for (int i = 0; i < fieldValues.length; i += 2) {
            b.append("<field var='").append(fieldValues[i]).append("'><value>").append(fieldValues[i + 1]).append("</value></field>");
        }
        return b.append("</x>").toString();
    }

    /** Subscribes (with options when given, §6.3.7) and returns the {@code <subscription/>} of the result. */
    XmlElement subscribe(PubSubClient who, String... fieldValues) {
        String options = fieldValues.length == 0 ? "" : "<options>" + optionsForm(fieldValues) + "</options>";
        return who.set("<subscribe node='" + node + "' jid='" + who.jid() + "'/>" + options).child("subscription", PUBSUB);
    }

    XmlElement getOptions(PubSubClient who, String subId) {
        return who.get("<options node='" + node + "' jid='" + who.jid() + "'" + (subId == null ? "" : " subid='" + subId + "'") + "/>")
                .child("options", PUBSUB);
    }

    StanzaError optionsError(PubSubClient who, IQ.Type type, String attrs, String form) {
        return who.error(type, PUBSUB, "<options " + attrs + ">" + form + "</options>");
    }

    /** Field var → values of a data form. */
    static Map<String, List<String>> values(XmlElement x) {
        return x.children("field", FORMS).stream().collect(Collectors.toMap(f -> f.attr("var"),
                f -> f.children("value", FORMS).stream().map(XmlElement::text).toList()));
    }

    static Map<String, String> types(XmlElement x) {
        return x.children("field", FORMS).stream().collect(Collectors.toMap(f -> f.attr("var"),
                f -> f.attr("type") == null ? "" : f.attr("type"), (a, b) -> a));
    }

    static XmlElement itemsOf(XmlElement message) {
        return message.child("event", EVENT).child("items", EVENT);
    }

    static List<String> subIdHeaders(XmlElement message) {
        XmlElement headers = message.child("headers", SHIM);
        if (headers == null) return List.of();
        return headers.children("header", SHIM).stream().filter(h -> "SubID".equals(h.attr("name"))).map(XmlElement::text).toList();
    }

    // ------------------------------------------------------------------ §6.3 configure subscription options

    @Test
    void subscriberGetsTheOptionsForm_6_3_2() {
        XmlElement sub = subscribe(horatio);
        XmlElement options = getOptions(horatio, null);
        assertThat(options.attr("node")).isEqualTo(node);
        assertThat(options.attr("jid")).isEqualTo(horatio.jid());
        assertThat(options.attr("subid")).isEqualTo(sub.attr("subid"));
        XmlElement x = options.child("x", FORMS);
        assertThat(x.attr("type")).isEqualTo("form");
        Map<String, List<String>> v = values(x);
        assertThat(v).containsEntry("FORM_TYPE", List.of(OPTIONS_FORM_TYPE))
                .containsEntry("pubsub#deliver", List.of("1"))
                .containsEntry("pubsub#digest", List.of("0"))
                .containsEntry("pubsub#include_body", List.of("0"))
                .containsKeys("pubsub#digest_frequency", "pubsub#expire", "pubsub#show-values",
                        "pubsub#subscription_type", "pubsub#subscription_depth");
        assertThat(types(x)).containsEntry("pubsub#deliver", "boolean").containsEntry("pubsub#show-values", "list-multi");
    }

    @Test
    void submittedOptionsAreKeptAndDeliverFalseStopsNotifications_6_3_5() {
        subscribe(horatio);
        subscribe(hamlet);
        XmlElement result = horatio.set("<options node='" + node + "' jid='" + horatio.jid() + "'>"
                + optionsForm("pubsub#deliver", "0", "pubsub#show-values", "chat") + "</options>");
        assertThat(result).isNull(); // §6.3.6.1: an empty IQ result
        assertThat(values(getOptions(horatio, null).child("x", FORMS)))
                .containsEntry("pubsub#deliver", List.of("0"))
                .containsEntry("pubsub#show-values", List.of("chat"));

        hamlet.set(publish(node, "quiet", ATOM_ENTRY));
        // hamlet's notification arriving shows the publish was delivered; horatio, deliver off, gets none
        assertThat(itemsOf(hamlet.nextEvent()).child("item", EVENT).attr("id")).isEqualTo("quiet");
        horatio.set("<options node='" + node + "' jid='" + horatio.jid() + "'>" + optionsForm("pubsub#deliver", "1") + "</options>");
        // show-values (still "chat") filters by presence: Horatio lets the service see him chatting.
        Presences.directed(horatio, Presence.Type.available, Presence.Mode.chat);
        await().atMost(PubSubClient.TIMEOUT).until(() -> tracker.shows(Jid.parse(horatio.jid())).contains("chat"));
        hamlet.set(publish(node, "loud", ATOM_ENTRY));
        assertThat(itemsOf(horatio.nextEvent()).child("item", EVENT).attr("id")).isEqualTo("loud");
    }

    @Test
    void someoneElsesOptionsAreForbidden_6_3_4_1() {
        subscribe(horatio);
        StanzaError e = optionsError(hamlet, IQ.Type.get, "node='" + node + "' jid='" + horatio.jid() + "'", "");
        assertError(e, StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        e = optionsError(hamlet, IQ.Type.set, "node='" + node + "' jid='" + horatio.jid() + "'", optionsForm("pubsub#deliver", "0"));
        assertError(e, StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        assertThat(values(getOptions(horatio, null).child("x", FORMS))).containsEntry("pubsub#deliver", List.of("1"));
    }

    @Test
    void noSuchSubscriber_6_3_4_2() {
        StanzaError e = optionsError(horatio, IQ.Type.get, "node='" + node + "' jid='" + horatio.jid() + "'", "");
        assertError(e, StanzaError.Type.CANCEL, StanzaError.Condition.unexpected_request, "not-subscribed");
    }

    @Test
    void subscriberJidRequiredOrMalformed_6_3_4_3() {
        subscribe(horatio);
        assertError(optionsError(horatio, IQ.Type.get, "node='" + node + "'", ""),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "jid-required");
        assertError(optionsError(horatio, IQ.Type.get, "node='" + node + "' jid='@denmark.lit'", ""),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "invalid-jid");
        assertError(optionsError(horatio, IQ.Type.get, "jid='" + horatio.jid() + "'", ""),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "nodeid-required");
    }

    @Test
    void subIdRequiredAndInvalidSubId_6_3_4_4_and_5() {
        XmlElement first = subscribe(horatio);
        assertError(optionsError(horatio, IQ.Type.get, "node='" + node + "' jid='" + horatio.jid() + "' subid='bogus'", ""),
                StanzaError.Type.MODIFY, StanzaError.Condition.not_acceptable, "invalid-subid");
        XmlElement second = subscribe(horatio, "pubsub#digest_frequency", "5000");
        assertThat(second.attr("subid")).isNotEqualTo(first.attr("subid"));
        assertError(optionsError(horatio, IQ.Type.get, "node='" + node + "' jid='" + horatio.jid() + "'", ""),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "subid-required");
        assertError(optionsError(horatio, IQ.Type.set, "node='" + node + "' jid='" + horatio.jid() + "'", optionsForm("pubsub#deliver", "0")),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "subid-required");
        assertThat(values(getOptions(horatio, second.attr("subid")).child("x", FORMS)))
                .containsEntry("pubsub#digest_frequency", List.of("5000"));
        assertThat(values(getOptions(horatio, first.attr("subid")).child("x", FORMS)))
                .containsEntry("pubsub#digest_frequency", List.of("86400000"));
    }

    @Test
    void noSuchNode_6_3_4_7() {
        assertError(optionsError(horatio, IQ.Type.get, "node='no-such-node' jid='" + horatio.jid() + "'", ""),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
    }

    @Test
    void badFormValuesAreInvalidOptionsNamingTheField_6_3_6_2() {
        subscribe(horatio);
        String attrs = "node='" + node + "' jid='" + horatio.jid() + "'";
        Map<String, String> bad = Map.of(
                "pubsub#deliver", "maybe",
                "pubsub#digest_frequency", "10",
                "pubsub#expire", "next tuesday",
                "pubsub#show-values", "asleep",
                "pubsub#subscription_depth", "7",
                "pubsub#subscription_type", "everything",
                "pubsub#unknown_option", "1");
        bad.forEach((field, value) -> {
            StanzaError e = optionsError(horatio, IQ.Type.set, attrs, optionsForm("pubsub#include_body", "1", field, value));
            assertError(e, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "invalid-options");
            assertThat(e.getDescriptiveText()).as("text for %s", field).contains(field);
        });
        StanzaError wrongType = optionsError(horatio, IQ.Type.set, attrs,
                "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
                        + "<value>http://jabber.org/protocol/pubsub#node_config</value></field></x>");
        assertError(wrongType, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "invalid-options");
        assertThat(wrongType.getDescriptiveText()).contains("FORM_TYPE");
        StanzaError noForm = optionsError(horatio, IQ.Type.set, attrs, "");
        assertError(noForm, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "invalid-options");
        // nothing of the refused forms was applied, not even their valid include_body
        assertThat(values(getOptions(horatio, null).child("x", FORMS))).containsEntry("pubsub#include_body", List.of("0"));
    }

    // ------------------------------------------------------------------ §6.4 default subscription options

    @Test
    void defaultOptionsOfTheServiceAndOfANode_6_4() {
        XmlElement service = horatio.get("<default/>").child("default", PUBSUB);
        assertThat(service.attr("node")).isNull();
        XmlElement x = service.child("x", FORMS);
        assertThat(x.attr("type")).isEqualTo("result");
        assertThat(values(x)).containsEntry("FORM_TYPE", List.of(OPTIONS_FORM_TYPE)).containsEntry("pubsub#deliver", List.of("1"))
                .containsEntry("pubsub#digest", List.of("0")).containsEntry("pubsub#include_body", List.of("0"));

        XmlElement atNode = horatio.get("<default node='" + node + "'/>").child("default", PUBSUB);
        assertThat(atNode.attr("node")).isEqualTo(node);
        assertThat(values(atNode.child("x", FORMS))).isEqualTo(values(x));

        assertError(horatio.error(IQ.Type.get, PUBSUB, "<default node='no-such-node'/>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
    }

    // ------------------------------------------------------------------ §6.3.7 subscribe and configure

    @Test
    void subscribeAndConfigureInOneRequest_6_3_7() {
        XmlElement result = horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>"
                + "<options>" + optionsForm("pubsub#include_body", "1", "pubsub#digest_frequency", "3000") + "</options>");
        XmlElement sub = result.child("subscription", PUBSUB);
        assertThat(sub.attr("subscription")).isEqualTo("subscribed");
        assertThat(sub.attr("subid")).isNotBlank();
        XmlElement x = result.child("options", PUBSUB).child("x", FORMS);
        assertThat(x.attr("type")).isEqualTo("result");
        assertThat(values(x)).containsEntry("pubsub#include_body", List.of("1")).containsEntry("pubsub#digest_frequency", List.of("3000"));
        assertThat(values(getOptions(horatio, null).child("x", FORMS))).containsEntry("pubsub#include_body", List.of("1"));
    }

    @Test
    void subscribeAndConfigureErrors_6_3_7() {
        StanzaError withNode = horatio.error(IQ.Type.set, PUBSUB, "<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>"
                + "<options node='" + node + "'>" + optionsForm("pubsub#deliver", "1") + "</options>");
        assertError(withNode, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
        StanzaError badValue = horatio.error(IQ.Type.set, PUBSUB, "<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>"
                + "<options>" + optionsForm("pubsub#digest", "often") + "</options>");
        assertError(badValue, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "invalid-options");
        assertThat(badValue.getDescriptiveText()).contains("pubsub#digest");
        StanzaError optionsFirst = horatio.error(IQ.Type.set, PUBSUB, "<options>" + optionsForm("pubsub#deliver", "1") + "</options>"
                + "<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>");
        assertError(optionsFirst, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
        // none of the refused requests left a subscription behind
        assertThat(horatio.get("<subscriptions node='" + node + "'/>").child("subscriptions", PUBSUB).children()).isEmpty();
    }

    // ------------------------------------------------------------------ §6.1.6 multiple subscriptions, §13.16 SHIM

    @Test
    void aJidWithSeveralSubscriptionsGetsOneNotificationWithEverySubId_6_1_6() {
        String a = subscribe(horatio).attr("subid");
        assertThat(subscribe(horatio).attr("subid")).as("a plain subscribe again returns the subscription").isEqualTo(a);
        String b = subscribe(horatio, "pubsub#digest_frequency", "5000").attr("subid");
        assertThat(b).isNotEqualTo(a);
        // every <subscription/> the service sends names its SubID
        assertThat(horatio.get("<subscriptions node='" + node + "'/>").child("subscriptions", PUBSUB).children())
                .extracting(s -> s.attr("subid")).containsExactlyInAnyOrder(a, b);

        hamlet.set(publish(node, "one", ATOM_ENTRY));
        XmlElement message = horatio.nextEvent();
        assertThat(itemsOf(message).child("item", EVENT).attr("id")).isEqualTo("one");
        assertThat(subIdHeaders(message)).containsExactlyInAnyOrder(a, b);

        hamlet.set(publish(node, "two", ATOM_ENTRY));
        // the next message is about the next item: "one" came once, not once per subscription
        assertThat(itemsOf(horatio.nextEvent()).child("item", EVENT).attr("id")).isEqualTo("two");

        // §13.16: retraction notifications carry the headers too
        hamlet.set("<retract node='" + node + "' notify='true'><item id='one'/></retract>");
        XmlElement retraction = horatio.nextEvent();
        assertThat(itemsOf(retraction).child("retract", EVENT).attr("id")).isEqualTo("one");
        assertThat(subIdHeaders(retraction)).containsExactlyInAnyOrder(a, b);

        // unsubscribing one leaves a single subscription, whose notifications need no header
        horatio.set("<unsubscribe node='" + node + "' jid='" + horatio.jid() + "' subid='" + b + "'/>");
        hamlet.set(publish(node, "three", ATOM_ENTRY));
        XmlElement third = horatio.nextEvent();
        assertThat(itemsOf(third).child("item", EVENT).attr("id")).isEqualTo("three");
        assertThat(subIdHeaders(third)).isEmpty();
    }

    // ------------------------------------------------------------------ delivery options

    @Test
    void includeBodyAddsAHumanReadableBody_13_8() {
        subscribe(horatio, "pubsub#include_body", "1");
        subscribe(hamlet);
        hamlet.set(publish(node, "entry", ATOM_ENTRY));
        XmlElement message = horatio.nextEvent();
        assertThat(message.childText("body", "jabber:client")).isEqualTo("Soliloquy: To be, or not to be: that is the question");
        assertThat(itemsOf(message).child("item", EVENT).attr("id")).isEqualTo("entry");
        assertThat(hamlet.nextEvent().child("body", "jabber:client")).as("without include_body").isNull();
    }

    @Test
    void aDigestBatchesThePublishesOfAPeriodIntoOneMessage() {
        // warm the publish path up, so the three publishes below fit well inside one 5 s period
        hamlet.set(publish(node, "d0", ATOM_ENTRY));
        subscribe(horatio, "pubsub#digest", "1", "pubsub#digest_frequency", "5000");
        hamlet.set(publish(node, "d1", ATOM_ENTRY));
        hamlet.set(publish(node, "d2", ATOM_ENTRY));
        hamlet.set(publish(node, "d3", ATOM_ENTRY));
        // had anything been sent per publish, the first message would hold one item
        XmlElement digest = horatio.nextEvent();
        assertThat(itemsOf(digest).attr("node")).isEqualTo(node);
        assertThat(itemsOf(digest).children("item", EVENT)).extracting(i -> i.attr("id")).containsExactly("d1", "d2", "d3");

        hamlet.set(publish(node, "d4", ATOM_ENTRY));
        assertThat(itemsOf(horatio.nextEvent()).children("item", EVENT)).extracting(i -> i.attr("id")).containsExactly("d4");
    }

    @Test
    void anEndedLeaseRemovesTheSubscriptionAndTellsTheSubscriber_13_19() {
        Instant end = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS);
        String subId = subscribe(horatio, "pubsub#expire", end.toString()).attr("subid");
        assertThat(values(getOptions(horatio, null).child("x", FORMS))).containsEntry("pubsub#expire", List.of(end.toString()));

        XmlElement notice = horatio.nextEvent();
        XmlElement subscription = notice.child("event", EVENT).child("subscription", EVENT);
        assertThat(subscription.attr("node")).isEqualTo(node);
        assertThat(subscription.attr("jid")).isEqualTo(horatio.jid());
        assertThat(subscription.attr("subid")).isEqualTo(subId);
        assertThat(subscription.attr("subscription")).isEqualTo("none");
        assertThat(Instant.parse(subscription.attr("expiry"))).isEqualTo(end);
        assertThat(horatio.get("<subscriptions node='" + node + "'/>").child("subscriptions", PUBSUB).children()).isEmpty();
        assertError(optionsError(horatio, IQ.Type.get, "node='" + node + "' jid='" + horatio.jid() + "'", ""),
                StanzaError.Type.CANCEL, StanzaError.Condition.unexpected_request, "not-subscribed");
    }

}
