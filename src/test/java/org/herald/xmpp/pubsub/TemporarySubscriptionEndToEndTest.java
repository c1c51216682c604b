package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.herald.testsupport.PubSubClient.assertError;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.xmpp.presence.PresenceTracker;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Temporary subscriptions (XEP-0060 §13.5) through a real Prosody without privileges: the subscriber lets Herald
 * see its presence by directed presence (RFC 6121 §4.6), subscribes with pubsub#expire = presence, and when it
 * disconnects Prosody sends Herald its unavailable presence (RFC 6121 §4.6.3), which ends the subscription.
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class TemporarySubscriptionEndToEndTest extends EndToEnd {
    static final String PUBSUB = PubSubClient.PUBSUB;
    static final String OWNER = PubSubClient.OWNER;
    static final String TEMPORARY = "<options><x xmlns='jabber:x:data' type='submit'>"
            + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#subscribe_options</value></field>"
            + "<field var='pubsub#expire'><value>presence</value></field></x></options>";

    @Inject
    PresenceTracker tracker;

    String node;

    @BeforeEach
    void openNode() {
        node = nodeName("tempsub");
        hamlet.set("<create node='" + node + "'/>");
    }

    /** The subscribed JIDs as the owner lists them (§8.8.1). */
    List<String> subscribers() {
        return hamlet.ownerGet("<subscriptions node='" + node + "'/>").child("subscriptions", OWNER)
                .children().stream().map(s -> s.attr("jid")).toList();
    }

    @Test
    void endsWhenTheSubscriberDisconnectsAndTheAccountsLastingSubscriptionSurvives() {
        Presences.directed(horatio, Presence.Type.available);
        Presences.awaitAvailable(tracker, horatio, true);

        XmlElement temporary = horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>" + TEMPORARY)
                .child("subscription", PUBSUB);
        assertThat(temporary.attr("subscription")).isEqualTo("subscribed");
        horatio.set("<subscribe node='" + node + "' jid='" + horatio.bareJid() + "'/>");
        // the options show the subscription as temporary
        XmlElement options = horatio.get("<options node='" + node + "' jid='" + horatio.jid() + "'/>").child("options", PUBSUB);
        assertThat(options.toString()).contains("<value>presence</value>");
        assertThat(subscribers()).containsExactlyInAnyOrder(horatio.jid(), horatio.bareJid());

        horatio.connection.disconnect();

        await().atMost(PubSubClient.TIMEOUT).until(() -> subscribers().equals(List.of(horatio.bareJid())));
    }

    @Test
    void refusedWhileHeraldDoesNotSeeTheSubscribersPresence() {
        StanzaError e = horatio.error(IQ.Type.set, PUBSUB, "<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>" + TEMPORARY);
        assertError(e, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "invalid-options");
        assertThat(e.getDescriptiveText()).contains("pubsub#expire");
        assertThat(subscribers()).isEmpty();
    }
}
