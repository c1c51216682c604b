package org.herald.xmpp.pubsub;

import static org.awaitility.Awaitility.await;

import org.herald.domain.Jid;
import org.herald.testsupport.PubSubClient;
import org.herald.xmpp.presence.PresenceTracker;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/** Presence and roster moves of test users, and waits on what Herald has seen of them. */
final class Presences {
    private Presences() {
    }

    /** Broadcast presence (no 'to'): available with a show, or unavailable. */
    static void broadcast(PubSubClient who, Presence.Type type, Presence.Mode mode) {
        PresenceBuilder b = who.connection.getStanzaFactory().buildPresenceStanza().ofType(type);
        if (mode != null) b.setMode(mode);
        send(who, b.build());
    }

    /** Directed presence to the pubsub service (RFC 6121 §4.6). */
    static void directed(PubSubClient who, Presence.Type type) {
        directed(who, type, null);
    }

    /** Directed presence to the pubsub service with a {@code <show/>}. */
    static void directed(PubSubClient who, Presence.Type type, Presence.Mode mode) {
        PresenceBuilder b = who.connection.getStanzaFactory().buildPresenceStanza().ofType(type).to(who.service);
        if (mode != null) b.setMode(mode);
        send(who, b.build());
    }

    static void send(PubSubClient who, Presence p) {
        try {
            who.connection.sendStanza(p);
        } catch (SmackException.NotConnectedException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code contact} asks for {@code owner}'s presence and the owner approves: the owner's roster says "from". */
    static void sharePresence(PubSubClient owner, PubSubClient contact) throws Exception {
        Roster ownerRoster = Roster.getInstanceFor(owner.connection);
        ownerRoster.setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        BareJid contactJid = bare(contact);
        Roster.getInstanceFor(contact.connection).createItemAndRequestSubscription(bare(owner), "owner", null);
        await().atMost(PubSubClient.TIMEOUT).until(() -> {
            RosterEntry e = ownerRoster.getEntry(contactJid);
            return e != null && (e.getType() == RosterPacket.ItemType.from || e.getType() == RosterPacket.ItemType.both);
        });
    }

    /** The owner puts the contact in roster groups, without any presence subscription. */
    static void group(PubSubClient owner, PubSubClient contact, String... groups) throws Exception {
        Roster.getInstanceFor(owner.connection).createItem(bare(contact), "contact", groups);
    }

    static void awaitAvailable(PresenceTracker tracker, PubSubClient who, boolean available) {
        Jid jid = Jid.parse(who.jid());
        await().atMost(PubSubClient.TIMEOUT).until(() -> tracker.isAvailable(jid) == available);
    }

    static BareJid bare(PubSubClient c) {
        return JidCreate.bareFromOrThrowUnchecked(c.bareJid());
    }
}
