package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.xmpp.pubsub.PubSubFixture.ATOM_ENTRY;
import static org.herald.xmpp.pubsub.PubSubFixture.configForm;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;
import static org.herald.xmpp.pubsub.PubSubFixture.publish;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.herald.conformance.SpecAccessTable;
import org.herald.domain.AccessModel;
import org.herald.domain.Action;
import org.herald.domain.Affiliation;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.TestXml;
import org.herald.testsupport.XmlIq;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The access-control matrix, end-to-end tier: for each access model × affiliation, a real Smack client with that
 * affiliation tries every action on Herald through Prosody, and the outcome (result or error, on the wire) must be
 * the one {@link SpecAccessTable} takes from XEP-0060 §4.1/§4.5. Reading is checked on every path through which a
 * node's content could leak: notifications, items by id, disco#items of the node (item ids), disco#info (meta-data)
 * and the node list.
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class AccessMatrixEndToEndTest extends EndToEnd {
    static final String PUBSUB = PubSubClient.PUBSUB;
    static final String OWNER_NS = PubSubClient.OWNER;
    static final String EVENT = PubSubClient.EVENT;
    static final String SECRET_TITLE = "Elsinore battlements rota";

    /**
     * Managing subscriptions (§8.8) belongs to the owner area and is not offered yet: today every request is
     * answered feature-not-implemented with {@code <unsupported feature='manage-subscriptions'/>}, which this
     * checks so it fails the day that changes. Set to true when the owner area is merged: the column then follows
     * the table (owners only).
     */
    static final boolean MANAGE_SUBSCRIPTIONS_OFFERED = true;

    /** Usually horatio: the entity whose affiliation the pair sets. */
    PubSubClient actor;
    /** A member subscribed to every node, who must hear of every accepted change. */
    PubSubClient bystander;
    String osric;

    @BeforeEach
    void roles() {
        actor = horatio;
        bystander = fx.user();
        osric = "osric@" + ProsodyResource.DOMAIN;
    }

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (AccessModel m : SpecAccessTable.SUPPORTED) {
            for (Affiliation a : Affiliation.values()) out.add(Arguments.of(m, a));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} node, {1}")
    @MethodSource("pairs")
    void everyActionFollowsTheSpec(AccessModel model, Affiliation affiliation) throws Exception {
        for (Action action : Action.values()) {
            String node = nodeFor(model, affiliation, action);
            String expected = SpecAccessTable.expected(model, affiliation, action);
            if (action == Action.MANAGE_SUBSCRIPTIONS && !MANAGE_SUBSCRIPTIONS_OFFERED) {
                expected = "unsupported:manage-subscriptions";
            }
            String because = model.wire() + " node, " + affiliation.wire() + " does " + action
                    + (action == Action.SUBSCRIBE || action == Action.RETRIEVE_ITEMS
                            ? " (XEP-0060 " + SpecAccessTable.readCitation(model, affiliation) + ")" : " (XEP-0060 §4.1)");

            String outcome = perform(action, node);
            assertThat(outcome).as(because).isEqualTo(expected);
            assertEffect(action, node, outcome, because);
            if (action == Action.SUBSCRIBE) assertNotificationsFollowSubscription(node, outcome, because);
            if (action == Action.RETRIEVE_ITEMS) assertReadPathsAgree(node, expected, because);
        }
    }

    /**
     * Models Herald does not offer yet are refused when a node is created with one, on the wire: feature-not-
     * implemented with {@code <unsupported feature='access-MODEL'/>}, and no node is created. This fails on purpose
     * when a model lands; then add it to {@link SpecAccessTable#SUPPORTED}.
     */
    @ParameterizedTest
    @EnumSource(AccessModel.class)
    void notYetSupportedModelsAreRefusedAtConfiguration(AccessModel model) throws Exception {
        String node = nodeName("model-" + model.wire());
        if (SpecAccessTable.SUPPORTED.contains(model)) {
            hamlet.set("<create node='" + node + "'/><configure>" + configForm("pubsub#access_model", model.wire()) + "</configure>");
            return;
        }
        StanzaError e = hamlet.error(IQ.Type.set, PUBSUB,
                "<create node='" + node + "'/><configure>" + configForm("pubsub#access_model", model.wire()) + "</configure>");
        assertThat(condition(e)).isEqualTo("unsupported:access-" + model.wire());
        assertThat(e.getCondition()).isEqualTo(StanzaError.Condition.feature_not_implemented);
        assertThat(listedTo(hamlet)).doesNotContain(node);
    }

    /**
     * Losing access ends delivery: an entity subscribed while it could read stops getting notifications, and its
     * subscription ends, once the owner changes its affiliation or the node's access model so that the tables say it
     * may no longer subscribe (§4.1 rows "Publish-Only" and "Outcast": Subscribe No; §4.5 whitelist; §4.2: the
     * service MUST NOT send notifications to an entity without a subscription).
     */
    @ParameterizedTest(name = "{0} node, {1} becomes {2} / model {3}")
    @MethodSource("accessLosses")
    void losingAccessEndsNotifications(AccessModel model, Affiliation before, Affiliation after, AccessModel newModel) {
        String node = nodeName("loss");
        hamlet.set("<create node='" + node + "'/><configure>" + configForm("pubsub#access_model", model.wire()) + "</configure>");
        setAffiliation(node, actor, before);
        setAffiliation(node, bystander, Affiliation.MEMBER);
        bystander.set("<subscribe node='" + node + "' jid='" + bystander.jid() + "'/>");
        actor.set("<subscribe node='" + node + "' jid='" + actor.jid() + "'/>");
        hamlet.set(publish(node, "while-allowed", ATOM_ENTRY));
        assertThat(notificationsTo(actor, node)).contains("while-allowed");
        assertThat(notificationsTo(bystander, node)).contains("while-allowed");

        if (after != before) setAffiliation(node, actor, after);
        if (newModel != model) hamlet.ownerSet("<configure node='" + node + "'>" + configForm("pubsub#access_model", newModel.wire()) + "</configure>");
        String retrieve = SpecAccessTable.expected(newModel, after, Action.RETRIEVE_ITEMS);
        assertThat(SpecAccessTable.accepted(retrieve)).as("the case loses access").isFalse();

        drain(actor);
        hamlet.set(publish(node, "after-loss", ATOM_ENTRY));
        assertThat(notificationsTo(bystander, node)).contains("after-loss");
        assertThat(itemIdsIn(drain(actor), node)).as("no notification after losing access").isEmpty();
        assertThat(actor.get("<subscriptions node='" + node + "'/>").child("subscriptions", PUBSUB).children())
                .as("the subscription ended").isEmpty();
        assertThat(outcome(IQ.Type.get, PUBSUB, "<items node='" + node + "'/>")).isEqualTo(retrieve);
    }

    static Stream<Arguments> accessLosses() {
        return Stream.of(
                Arguments.of(AccessModel.WHITELIST, Affiliation.MEMBER, Affiliation.NONE, AccessModel.WHITELIST),
                Arguments.of(AccessModel.WHITELIST, Affiliation.MEMBER, Affiliation.OUTCAST, AccessModel.WHITELIST),
                Arguments.of(AccessModel.WHITELIST, Affiliation.PUBLISHER, Affiliation.PUBLISH_ONLY, AccessModel.WHITELIST),
                Arguments.of(AccessModel.OPEN, Affiliation.NONE, Affiliation.OUTCAST, AccessModel.OPEN),
                Arguments.of(AccessModel.OPEN, Affiliation.NONE, Affiliation.PUBLISH_ONLY, AccessModel.OPEN),
                Arguments.of(AccessModel.OPEN, Affiliation.NONE, Affiliation.NONE, AccessModel.WHITELIST));
    }

    // ------------------------------------------------------------------ one node per action

    /**
     * A node of the model with SECRET_TITLE, an item of the owner's and one of the actor's (published while the
     * actor was a publisher), the actor then given the pair's affiliation, and the bystander subscribed as a member.
     */
    String nodeFor(AccessModel model, Affiliation affiliation, Action action) {
        String node = nodeName(action.name().toLowerCase());
        hamlet.set("<create node='" + node + "'/><configure>"
                + configForm("pubsub#access_model", model.wire(), "pubsub#title", SECRET_TITLE) + "</configure>");
        hamlet.set(publish(node, "owner-item", ATOM_ENTRY));
        setAffiliation(node, actor, Affiliation.PUBLISHER);
        actor.set(publish(node, "actor-item", ATOM_ENTRY));
        setAffiliation(node, actor, affiliation);
        setAffiliation(node, bystander, Affiliation.MEMBER);
        bystander.set("<subscribe node='" + node + "' jid='" + bystander.jid() + "'/>");
        return node;
    }

    void setAffiliation(String node, PubSubClient who, Affiliation a) {
        hamlet.ownerSet("<affiliations node='" + node + "'><affiliation jid='" + who.bareJid() + "' affiliation='"
                + a.wire() + "'/></affiliations>");
    }

    /** The actor's request on the wire; its outcome as {@link SpecAccessTable} spells them. */
    String perform(Action action, String node) {
        return switch (action) {
            case SUBSCRIBE -> outcome(IQ.Type.set, PUBSUB, "<subscribe node='" + node + "' jid='" + actor.jid() + "'/>");
            case RETRIEVE_ITEMS -> outcome(IQ.Type.get, PUBSUB, "<items node='" + node + "'/>");
            case PUBLISH -> outcome(IQ.Type.set, PUBSUB, publish(node, "new-item", ATOM_ENTRY));
            case RETRACT_OWN_ITEM -> outcome(IQ.Type.set, PUBSUB, "<retract node='" + node + "'><item id='actor-item'/></retract>");
            case RETRACT_ANY_ITEM -> outcome(IQ.Type.set, PUBSUB, "<retract node='" + node + "'><item id='owner-item'/></retract>");
            case PURGE -> outcome(IQ.Type.set, OWNER_NS, "<purge node='" + node + "'/>");
            case CONFIGURE -> both(outcome(IQ.Type.get, OWNER_NS, "<configure node='" + node + "'/>"),
                    () -> outcome(IQ.Type.set, OWNER_NS, "<configure node='" + node + "'>"
                            + configForm("pubsub#title", "changed") + "</configure>"));
            case DELETE -> outcome(IQ.Type.set, OWNER_NS, "<delete node='" + node + "'/>");
            case MANAGE_SUBSCRIPTIONS -> outcome(IQ.Type.get, OWNER_NS, "<subscriptions node='" + node + "'/>");
            case MANAGE_AFFILIATIONS -> both(outcome(IQ.Type.get, OWNER_NS, "<affiliations node='" + node + "'/>"),
                    () -> outcome(IQ.Type.set, OWNER_NS, "<affiliations node='" + node + "'><affiliation jid='" + osric
                            + "' affiliation='member'/></affiliations>"));
        };
    }

    /** The get and the set of one owner use case must be allowed or refused alike. */
    static String both(String get, Supplier<String> set) {
        String s = set.get();
        assertThat(s).as("the set agrees with the get").isEqualTo(get);
        return s;
    }

    String outcome(IQ.Type type, String ns, String inner) {
        try {
            IQ response = actor.connection.sendIqRequestAndWaitForResponse(
                    new XmlIq(type, actor.service, "pubsub", ns, inner));
            String xml = response.toXML().toString();
            XmlElement pubsub = TestXml.parse(xml).firstChild();
            XmlElement sub = pubsub == null ? null : pubsub.child("subscription", PUBSUB);
            return sub != null && sub.attr("subscription") != null ? sub.attr("subscription") : "ok";
        } catch (XMPPException.XMPPErrorException e) {
            String c = condition(e.getStanzaError());
            assertWireOfRefusal(e.getStanzaError(), c);
            return c;
        } catch (SmackException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The pubsub#errors condition if there is one (with the feature for unsupported), else the stanza condition. */
    static String condition(StanzaError e) {
        for (String name : PUBSUB_CONDITIONS) {
            ExtensionElement x = e.getExtension(name, PubSubClient.ERRORS);
            if (x == null) continue;
            if (name.equals("unsupported") && x instanceof StandardExtensionElement s) {
                return "unsupported:" + s.getAttributeValue("feature");
            }
            return name;
        }
        return e.getCondition().toString();
    }

    /** The pubsub#errors conditions a refusal in the matrix may carry (§12 of XEP-0060). */
    static final List<String> PUBSUB_CONDITIONS = List.of("closed-node", "not-subscribed", "presence-subscription-required",
            "not-in-roster-group", "pending-subscription", "unsupported");

    /** The stanza error the spec pairs with each refusal of the table. */
    static void assertWireOfRefusal(StanzaError e, String condition) {
        record Wire(StanzaError.Type type, StanzaError.Condition condition) {
        }
        Wire expected = switch (condition) {
            case "forbidden" -> new Wire(StanzaError.Type.AUTH, StanzaError.Condition.forbidden);
            case "closed-node" -> new Wire(StanzaError.Type.CANCEL, StanzaError.Condition.not_allowed); // §6.1.3.4
            // §6.5.9.3, §6.1.3.2, §6.1.3.3, §6.5.9.6, §6.5.9.7
            case "not-subscribed", "presence-subscription-required", "not-in-roster-group" ->
                    new Wire(StanzaError.Type.AUTH, StanzaError.Condition.not_authorized);
            default -> null;
        };
        if (expected == null) return;
        assertThat(new Wire(e.getType(), e.getCondition())).as("stanza error of %s", e.toXML()).isEqualTo(expected);
    }

    // ------------------------------------------------------------------ what the outcome did, or did not do

    void assertEffect(Action action, String node, String outcome, String because) throws Exception {
        boolean accepted = SpecAccessTable.accepted(outcome);
        String what = (accepted ? "effect of " : "nothing changed after refused ") + because;
        switch (action) {
            case SUBSCRIBE -> {
                XmlElement mine = actor.get("<subscriptions node='" + node + "'/>").child("subscriptions", PUBSUB);
                if (accepted) {
                    assertThat(mine.children()).as(what).singleElement()
                            .satisfies(s -> assertThat(s.attr("subscription")).isEqualTo(outcome));
                } else {
                    assertThat(mine.children()).as(what).isEmpty();
                }
            }
            case RETRIEVE_ITEMS -> {
                if (accepted) assertThat(actorItems(node)).as(what).containsExactlyInAnyOrder("owner-item", "actor-item");
            }
            case PUBLISH -> {
                assertThat(ownerItems(node).contains("new-item")).as(what).isEqualTo(accepted);
                if (accepted) assertThat(notificationsTo(bystander, node)).as("bystander hears: " + what).contains("new-item");
            }
            case RETRACT_OWN_ITEM -> assertThat(ownerItems(node).contains("actor-item")).as(what).isEqualTo(!accepted);
            case RETRACT_ANY_ITEM -> assertThat(ownerItems(node).contains("owner-item")).as(what).isEqualTo(!accepted);
            case PURGE -> assertThat(ownerItems(node).isEmpty()).as(what).isEqualTo(accepted);
            case CONFIGURE -> assertThat(title(node)).as(what).isEqualTo(accepted ? "changed" : SECRET_TITLE);
            case DELETE -> assertThat(listedTo(hamlet).contains(node)).as(what).isEqualTo(!accepted);
            case MANAGE_SUBSCRIPTIONS -> {
                // Nothing to change: the request is a get.
            }
            case MANAGE_AFFILIATIONS -> {
                String affs = hamlet.ownerGet("<affiliations node='" + node + "'/>").toXml();
                assertThat(affs.contains(osric)).as(what).isEqualTo(accepted);
            }
        }
    }

    /**
     * Notifications go to subscribers only (§4.2: never to pending ones): after the owner publishes, the bystander
     * is told; the actor is told too exactly when the subscription was accepted as subscribed.
     */
    void assertNotificationsFollowSubscription(String node, String outcome, String because) {
        drain(actor);
        drain(bystander);
        hamlet.set(publish(node, "later-item", ATOM_ENTRY));
        assertThat(notificationsTo(bystander, node)).contains("later-item");
        if (outcome.equals("subscribed")) {
            assertThat(notificationsTo(actor, node)).as("notified: " + because).contains("later-item");
        } else {
            // The bystander's notification has arrived, so the actor's would have by now (same publish, same path).
            assertThat(itemIdsIn(drain(actor), node)).as("no notification leaks: " + because).isEmpty();
        }
    }

    /**
     * Every other way of reading the node agrees with retrieving its items: items by id (§6.5.8), disco#items of
     * the node (§5.5), disco#info meta-data (§5.4, only for readers; the title must not leak), and the node list
     * (§5.2: nodes "accessible to the requesting entity"; a node closed to the entity is not named).
     */
    void assertReadPathsAgree(String node, String expected, String because) throws Exception {
        boolean readable = SpecAccessTable.accepted(expected);
        assertThat(outcome(IQ.Type.get, PUBSUB, "<items node='" + node + "'><item id='owner-item'/></items>"))
                .as("items by id: " + because).isEqualTo(expected);

        ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(actor.connection);
        try {
            List<String> names = disco.discoverItems(actor.service, node).getItems().stream().map(DiscoverItems.Item::getName).toList();
            assertThat(readable).as("disco#items of the node answered: " + because).isTrue();
            assertThat(names).containsExactlyInAnyOrder("owner-item", "actor-item");
        } catch (XMPPException.XMPPErrorException e) {
            assertThat(condition(e.getStanzaError())).as("disco#items of the node: " + because).isEqualTo(expected);
        }

        DiscoverInfo info = disco.discoverInfo(actor.service, node);
        assertThat(DataForm.from(info) != null).as("meta-data shown: " + because).isEqualTo(readable);
        assertThat(info.toXML().toString().contains(SECRET_TITLE)).as("title shown: " + because).isEqualTo(readable);

        List<String> listed = listedTo(actor);
        if (readable) assertThat(listed).as("node listed: " + because).contains(node);
        if (expected.equals("closed-node")) assertThat(listed).as("node not listed: " + because).doesNotContain(node);
    }

    // ------------------------------------------------------------------ reading helpers

    List<String> ownerItems(String node) {
        return hamlet.get("<items node='" + node + "'/>").child("items", PUBSUB).children().stream().map(i -> i.attr("id")).toList();
    }

    List<String> actorItems(String node) {
        return actor.get("<items node='" + node + "'/>").child("items", PUBSUB).children().stream().map(i -> i.attr("id")).toList();
    }

    String title(String node) {
        XmlElement x = hamlet.ownerGet("<configure node='" + node + "'/>").child("configure", OWNER_NS).child("x", "jabber:x:data");
        return x.children("field", "jabber:x:data").stream().filter(f -> "pubsub#title".equals(f.attr("var")))
                .findFirst().map(f -> f.childText("value", "jabber:x:data")).orElse(null);
    }

    List<String> listedTo(PubSubClient who) throws Exception {
        return ServiceDiscoveryManager.getInstanceFor(who.connection).discoverItems(who.service).getItems().stream()
                .map(DiscoverItems.Item::getNode).toList();
    }

    /** Waits for the next notification about {@code node} and returns the item ids it announces. */
    static List<String> notificationsTo(PubSubClient who, String node) {
        while (true) {
            List<String> ids = itemIdsIn(List.of(who.nextEvent()), node);
            if (!ids.isEmpty()) return ids;
        }
    }

    static List<XmlElement> drain(PubSubClient who) {
        List<XmlElement> out = new ArrayList<>();
        while (who.pendingEvents() > 0) out.add(who.nextEvent());
        return out;
    }

    static List<String> itemIdsIn(List<XmlElement> messages, String node) {
        List<String> out = new ArrayList<>();
        for (XmlElement m : messages) {
            XmlElement event = m.child("event", EVENT);
            XmlElement items = event == null ? null : event.child("items", EVENT);
            if (items == null || !node.equals(items.attr("node"))) continue;
            items.children("item", EVENT).forEach(i -> out.add(i.attr("id")));
        }
        return out;
    }
}
