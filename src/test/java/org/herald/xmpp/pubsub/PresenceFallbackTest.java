package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.testsupport.PubSubClient.assertError;
import static org.herald.xmpp.pubsub.PubSubFixture.ATOM_ENTRY;
import static org.herald.xmpp.pubsub.PubSubFixture.configForm;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;
import static org.herald.xmpp.pubsub.PubSubFixture.publish;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import io.quarkus.vertx.VertxContextSupport;
import org.herald.xmpp.presence.PresenceProbes;
import org.herald.xmpp.presence.PresenceTracker;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Without XEP-0356 privileges (a plain Prosody): Herald cannot read rosters, so presence and roster nodes admit
 * their affiliates only; it still learns presence from users who share theirs with the service (a presence
 * subscription to the service's JID) or send it directed presence, which drives presence-based delivery (§13.6)
 * and on_sub_and_presence (§6.1.7).
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class PresenceFallbackTest extends EndToEnd {
    static final String PUBSUB = PubSubClient.PUBSUB;
    static final String EVENT = PubSubClient.EVENT;

    @Inject
    PresenceTracker tracker;

    @Inject
    PresenceProbes probes;

    String node;
    PubSubClient bernardo;

    @BeforeEach
    void newNode() {
        node = nodeName("fallback");
        bernardo = fx.user();
    }

    void create(String... config) {
        hamlet.set("<create node='" + node + "'/><configure>" + configForm(config) + "</configure>");
    }

    static XmlElement item(XmlElement message) {
        return message.child("event", EVENT).child("items", EVENT).child("item", EVENT);
    }

    @Test
    void withoutRosterAccessPresenceAndRosterNodesAdmitAffiliatesOnly() throws Exception {
        Presences.sharePresence(hamlet, horatio);
        Presences.group(hamlet, bernardo, "friends");
        create("pubsub#access_model", "presence");
        String rosterNode = nodeName("roster");
        hamlet.set("<create node='" + rosterNode + "'/><configure>" + configForm("pubsub#access_model", "roster",
                "pubsub#roster_groups_allowed", "friends") + "</configure>");

        // Herald cannot see Hamlet's roster here, so it does not guess: the access models stay closed.
        assertError(horatio.error(IQ.Type.set, PUBSUB, "<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>"),
                StanzaError.Type.AUTH, StanzaError.Condition.not_authorized, "presence-subscription-required");
        assertError(bernardo.error(IQ.Type.get, PUBSUB, "<items node='" + rosterNode + "'/>"),
                StanzaError.Type.AUTH, StanzaError.Condition.not_authorized, "not-in-roster-group");

        // The owner can always let a contact in by affiliation (§4.1 member).
        hamlet.ownerSet("<affiliations node='" + node + "'><affiliation jid='" + horatio.bareJid()
                + "' affiliation='member'/></affiliations>");
        horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>");
    }

    @Test
    void presenceSharedWithTheServiceDrivesPresenceBasedDelivery_13_6() throws Exception {
        // Horatio subscribes to the service's presence; Herald approves and asks for Horatio's in return.
        Roster roster = Roster.getInstanceFor(horatio.connection);
        roster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        roster.createItemAndRequestSubscription(horatio.service.asBareJid(), "pubsub", null);
        Presences.awaitAvailable(tracker, horatio, true);
        // Bernardo only sends directed presence to the service.
        Presences.directed(bernardo, Presence.Type.available);
        Presences.awaitAvailable(tracker, bernardo, true);

        create("pubsub#presence_based_delivery", "1");
        horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>");
        bernardo.set("<subscribe node='" + node + "' jid='" + bernardo.jid() + "'/>");

        Presences.broadcast(horatio, Presence.Type.unavailable, null);
        Presences.awaitAvailable(tracker, horatio, false);
        hamlet.set(publish(node, "first", ATOM_ENTRY));
        assertThat(item(bernardo.nextEvent()).attr("id")).isEqualTo("first");
        horatio.assertNoEvent();

        Presences.directed(bernardo, Presence.Type.unavailable);
        Presences.awaitAvailable(tracker, bernardo, false);
        Presences.broadcast(horatio, Presence.Type.available, null);
        Presences.awaitAvailable(tracker, horatio, true);
        hamlet.set(publish(node, "second", ATOM_ENTRY));
        assertThat(item(horatio.nextEvent()).attr("id")).isEqualTo("second");
        bernardo.assertNoEvent();
    }

    @Test
    void presenceForgottenIsProbedAgain() throws Throwable {
        Roster roster = Roster.getInstanceFor(horatio.connection);
        roster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        roster.createItemAndRequestSubscription(horatio.service.asBareJid(), "pubsub", null);
        Presences.awaitAvailable(tracker, horatio, true);
        create("pubsub#presence_based_delivery", "1");
        horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>");

        // As after a restart or a reconnection: Herald's view of presence is gone.
        tracker.forgetDomain(prosody.domain());
        assertThat(tracker.isAvailable(org.herald.domain.Jid.parse(horatio.jid()))).isFalse();

        assertThat(VertxContextSupport.subscribeAndAwait(() -> probes.probeWatched())).isGreaterThanOrEqualTo(1);
        Presences.awaitAvailable(tracker, horatio, true);
        hamlet.set(publish(node, "seen-again", ATOM_ENTRY));
        assertThat(item(horatio.nextEvent()).attr("id")).isEqualTo("seen-again");
    }

    @Test
    void directedPresenceTriggersOnSubAndPresence_6_1_7() {
        create("pubsub#send_last_published_item", "on_sub_and_presence");
        hamlet.set(publish(node, "newest", ATOM_ENTRY));
        horatio.set("<subscribe node='" + node + "' jid='" + horatio.bareJid() + "'/>");
        assertThat(item(horatio.nextEvent()).attr("id")).isEqualTo("newest");

        Presences.directed(horatio, Presence.Type.available);
        XmlElement again = horatio.nextEvent();
        assertThat(again.attr("to")).isEqualTo(horatio.jid());
        assertThat(item(again).attr("id")).isEqualTo("newest");
    }
}
