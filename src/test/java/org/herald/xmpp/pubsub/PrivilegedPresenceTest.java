package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.testsupport.PubSubClient.assertError;
import static org.herald.xmpp.pubsub.PubSubFixture.ATOM_ENTRY;
import static org.herald.xmpp.pubsub.PubSubFixture.configForm;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;
import static org.herald.xmpp.pubsub.PubSubFixture.publish;

import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.herald.testsupport.PrivilegedProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.xmpp.presence.PresenceTracker;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Presence and roster access models (XEP-0060 §4.5), presence-based delivery (§13.6) and send_last_published_item
 * (§6.1.7) with Herald privileged by Prosody's mod_privilege (XEP-0356: roster get, presence roster).
 */
@QuarkusTest
@WithTestResource(PrivilegedProsodyResource.class)
class PrivilegedPresenceTest extends EndToEnd {
    static final String PUBSUB = PubSubClient.PUBSUB;
    static final String EVENT = PubSubClient.EVENT;

    @Inject
    PresenceTracker tracker;

    String node;
    /** A third user, a stranger to Hamlet. */
    PubSubClient bernardo;

    @BeforeEach
    void newNode() {
        node = nodeName("presence");
        bernardo = fx.user();
    }

    void create(String... config) {
        hamlet.set("<create node='" + node + "'/><configure>" + configForm(config) + "</configure>");
    }

    static StanzaError subscribeError(PubSubClient who, String node) {
        return who.error(IQ.Type.set, PUBSUB, "<subscribe node='" + node + "' jid='" + who.jid() + "'/>");
    }

    /** Whether the request is refused as not authorized (false while it still succeeds). */
    static boolean refused(PubSubClient who, String get) {
        try {
            return who.error(IQ.Type.get, PUBSUB, get).getCondition() == StanzaError.Condition.not_authorized;
        } catch (AssertionError stillAllowed) {
            return false;
        }
    }

    static XmlElement item(XmlElement message) {
        return message.child("event", EVENT).child("items", EVENT).child("item", EVENT);
    }

    @Test
    void presenceModelAdmitsWhoReceivesTheOwnersPresence_4_5() throws Exception {
        Presences.sharePresence(hamlet, horatio);
        create("pubsub#access_model", "presence");
        hamlet.set(publish(node, "a", ATOM_ENTRY));

        horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>");
        assertThat(horatio.get("<items node='" + node + "'/>").child("items", PUBSUB).children())
                .extracting(i -> i.attr("id")).containsExactly("a");

        // §6.1.3.2 and §6.5.9.6: the stranger is told what it lacks.
        assertError(subscribeError(bernardo, node), StanzaError.Type.AUTH, StanzaError.Condition.not_authorized,
                "presence-subscription-required");
        assertError(bernardo.error(IQ.Type.get, PUBSUB, "<items node='" + node + "'/>"),
                StanzaError.Type.AUTH, StanzaError.Condition.not_authorized, "presence-subscription-required");
    }

    @Test
    void contactRemovedFromTheRosterStopsHearingAndReading_4_5() throws Exception {
        Presences.sharePresence(hamlet, horatio);
        create("pubsub#access_model", "presence");
        horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>");
        hamlet.ownerSet("<affiliations node='" + node + "'><affiliation jid='" + bernardo.bareJid()
                + "' affiliation='member'/></affiliations>");
        // §8.9.4: Bernardo is told of his new affiliation first.
        assertThat(bernardo.nextEvent().child("pubsub", PUBSUB).child("affiliations", PUBSUB)).isNotNull();
        bernardo.set("<subscribe node='" + node + "' jid='" + bernardo.jid() + "'/>");

        Roster.getInstanceFor(hamlet.connection).removeEntry(
                Roster.getInstanceFor(hamlet.connection).getEntry(Presences.bare(horatio)));
        // Once Herald's cached roster has expired, Horatio may no longer read...
        await().atMost(PubSubClient.TIMEOUT).until(() -> refused(horatio, "<items node='" + node + "'/>"));
        // ...and his subscription carries no more notifications.
        hamlet.set(publish(node, "after", ATOM_ENTRY));
        assertThat(item(bernardo.nextEvent()).attr("id")).isEqualTo("after");
        horatio.assertNoEvent();
    }

    @Test
    void rosterModelAdmitsAllowedGroupsOnly_4_5() throws Exception {
        Presences.group(hamlet, horatio, "friends");
        Presences.group(hamlet, bernardo, "enemies");
        create("pubsub#access_model", "roster", "pubsub#roster_groups_allowed", "friends");

        horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>");
        // §6.1.3.3 and §6.5.9.7
        assertError(subscribeError(bernardo, node), StanzaError.Type.AUTH, StanzaError.Condition.not_authorized,
                "not-in-roster-group");
        assertError(bernardo.error(IQ.Type.get, PUBSUB, "<items node='" + node + "'/>"),
                StanzaError.Type.AUTH, StanzaError.Condition.not_authorized, "not-in-roster-group");
    }

    @Test
    void presenceBasedDeliverySkipsUnavailableSubscribers_13_6() {
        create("pubsub#presence_based_delivery", "1");
        Presences.awaitAvailable(tracker, horatio, true);
        Presences.awaitAvailable(tracker, bernardo, true);
        horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>");
        bernardo.set("<subscribe node='" + node + "' jid='" + bernardo.jid() + "'/>");

        Presences.broadcast(horatio, Presence.Type.unavailable, null);
        Presences.awaitAvailable(tracker, horatio, false);
        hamlet.set(publish(node, "while-away", ATOM_ENTRY));
        assertThat(item(bernardo.nextEvent()).attr("id")).isEqualTo("while-away");
        horatio.assertNoEvent();

        Presences.broadcast(horatio, Presence.Type.available, Presence.Mode.away);
        Presences.awaitAvailable(tracker, horatio, true);
        hamlet.set(publish(node, "back", ATOM_ENTRY));
        assertThat(item(horatio.nextEvent()).attr("id")).isEqualTo("back");
    }

    @Test
    void lastItemIsSentOnSubscription_6_1_7() {
        create("pubsub#send_last_published_item", "on_sub");
        hamlet.set(publish(node, "old", ATOM_ENTRY));
        hamlet.set(publish(node, "newest", ATOM_ENTRY));
        List<String> arrivals = new CopyOnWriteArrayList<>();
        horatio.connection.addSyncStanzaListener(s -> arrivals.add(s instanceof IQ ? "iq-result" : "message"),
                s -> horatio.service.equals(s.getFrom()));

        horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>");

        XmlElement message = horatio.nextEvent();
        // The recording listener may run just after the one that handed over the event: wait for both arrivals.
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> arrivals.size() >= 2);
        assertThat(arrivals).as("the subscriber hears the result before the item").containsExactly("iq-result", "message");
        assertThat(item(message).attr("id")).isEqualTo("newest");
        assertThat(message.child("delay", "urn:xmpp:delay").attr("stamp")).isNotBlank();
    }

    @Test
    void lastItemIsSentAgainWhenTheSubscriberComesOnline_6_1_7() {
        create("pubsub#send_last_published_item", "on_sub_and_presence");
        hamlet.set(publish(node, "newest", ATOM_ENTRY));
        horatio.set("<subscribe node='" + node + "' jid='" + horatio.bareJid() + "'/>");
        assertThat(item(horatio.nextEvent()).attr("id")).isEqualTo("newest");

        Presences.broadcast(horatio, Presence.Type.unavailable, null);
        Presences.awaitAvailable(tracker, horatio, false);
        Presences.broadcast(horatio, Presence.Type.available, null);

        XmlElement again = horatio.nextEvent();
        assertThat(again.attr("to")).isEqualTo(horatio.jid());
        assertThat(item(again).attr("id")).isEqualTo("newest");
        assertThat(again.child("delay", "urn:xmpp:delay")).isNotNull();
    }
}
