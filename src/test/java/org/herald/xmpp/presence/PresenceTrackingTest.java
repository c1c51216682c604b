package org.herald.xmpp.presence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.herald.domain.Jid;
import org.herald.domain.RosterEntry;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;
import org.junit.jupiter.api.Test;

/** The adapter's pure parts: the presence table, {@code <show/>} reading and roster parsing (RFC 6121). */
class PresenceTrackingTest {
    static final Jid PHONE = Jid.parse("horatio@denmark.lit/phone");
    static final Jid DESK = Jid.parse("horatio@denmark.lit/desk");

    @Test
    void tracksResourcesAndTheirShows() {
        PresenceTracker t = new PresenceTracker();
        assertThat(t.available(PHONE, "away")).isTrue();
        assertThat(t.available(PHONE, "chat")).as("a show change is no new arrival").isFalse();
        assertThat(t.available(DESK, "online")).isTrue();

        assertThat(t.shows(PHONE.bare())).containsExactlyInAnyOrder("chat", "online");
        assertThat(t.shows(PHONE)).containsExactly("chat");

        t.unavailable(PHONE);
        assertThat(t.isAvailable(PHONE)).isFalse();
        assertThat(t.isAvailable(PHONE.bare())).isTrue();
        t.unavailable(DESK.bare());
        assertThat(t.isAvailable(DESK)).isFalse();
        assertThat(t.shows(DESK.bare())).isEmpty();
    }

    @Test
    void forgetsAWholeDomain() {
        PresenceTracker t = new PresenceTracker();
        t.available(PHONE, "online");
        t.available(Jid.parse("romeo@montague.lit/orchard"), "online");
        t.forgetDomain("denmark.lit");
        assertThat(t.isAvailable(PHONE)).isFalse();
        assertThat(t.isAvailable(Jid.parse("romeo@montague.lit"))).isTrue();
    }

    @Test
    void showDefaultsToOnline() {
        XmlElement.Builder p = XmlElement.builder("presence", Namespaces.COMPONENT_ACCEPT);
        assertThat(PresenceStanzas.show(p.build())).isEqualTo("online");
        assertThat(PresenceStanzas.show(XmlElement.builder("presence", Namespaces.COMPONENT_ACCEPT)
                .textChild("show", "dnd").build())).isEqualTo("dnd");
        assertThat(PresenceStanzas.show(XmlElement.builder("presence", Namespaces.COMPONENT_ACCEPT)
                .textChild("show", "sleepy").build())).isEqualTo("online");
    }

    @Test
    void rosterItemsGiveSubscriptionAndGroups() {
        String ns = RosterRelations.ROSTER;
        XmlElement query = XmlElement.builder("query", ns)
                .child(XmlElement.builder("item", ns).attr("jid", "horatio@denmark.lit").attr("subscription", "from")
                        .child(XmlElement.builder("group", ns).text("friends").build()).build())
                .child(XmlElement.builder("item", ns).attr("jid", "bernardo@denmark.lit").attr("subscription", "to").build())
                .child(XmlElement.builder("item", ns).attr("jid", "ophelia@denmark.lit").attr("subscription", "both").build())
                .build();
        Map<Jid, RosterEntry> roster = RosterRelations.parse(query);
        assertThat(roster.get(Jid.parse("horatio@denmark.lit"))).isEqualTo(new RosterEntry(true, Set.of("friends")));
        assertThat(roster.get(Jid.parse("bernardo@denmark.lit")).presenceSubscribed()).isFalse();
        assertThat(roster.get(Jid.parse("ophelia@denmark.lit")).presenceSubscribed()).isTrue();
    }
}
