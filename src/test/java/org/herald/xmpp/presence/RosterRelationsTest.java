package org.herald.xmpp.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.herald.config.PresenceConfig;
import org.herald.domain.Jid;
import org.herald.domain.RosterEntry;
import org.herald.xmpp.component.IqRequests;
import org.herald.xmpp.component.IqType;
import org.herald.xmpp.component.StanzaErrorException;
import org.herald.xmpp.component.StanzaErrorType;
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Roster queries under the XEP-0356 grant: who is asked, what is cached, what a failure means. */
class RosterRelationsTest {
    static final Jid HAMLET = Jid.parse("hamlet@denmark.lit");
    static final Jid HORATIO = Jid.parse("horatio@denmark.lit/castle");
    static final String NS = RosterRelations.ROSTER;

    /** Answers roster gets from a script and records who was asked. */
    static final class ScriptedIqs extends IqRequests {
        final List<Jid> asked = new ArrayList<>();
        Uni<XmlElement> next;

        @Override
        public Uni<XmlElement> send(IqType type, Jid to, XmlElement payload, Duration timeout) {
            asked.add(to);
            return next;
        }
    }

    final ScriptedIqs iqs = new ScriptedIqs();
    final RosterRelations relations = new RosterRelations();

    @BeforeEach
    void wire() {
        relations.iqs = iqs;
        relations.privileges = new Privileges();
        relations.privileges.tracker = new PresenceTracker();
        relations.config = new PresenceConfig() {
            @Override public Duration rosterCacheTtl() { return Duration.ofMinutes(5); }
            @Override public Duration rosterTimeout() { return Duration.ofSeconds(1); }
            @Override public int rosterCacheSize() { return 100; }
        };
        iqs.next = Uni.createFrom().item(XmlElement.builder("query", NS)
                .child(XmlElement.builder("item", NS).attr("jid", "horatio@denmark.lit").attr("subscription", "both")
                        .child(XmlElement.builder("group", NS).text("friends").build()).build())
                .build());
    }

    void grant(String domain, String roster) {
        relations.privileges.handle(XmlElement.builder("message", Namespaces.COMPONENT_ACCEPT).attr("from", domain)
                .child(XmlElement.builder("privilege", Privileges.NS)
                        .child(XmlElement.builder("perm", Privileges.NS).attr("access", "roster").attr("type", roster).build())
                        .build())
                .build()).await().indefinitely();
    }

    RosterEntry ask() {
        return relations.contact(HAMLET, HORATIO).await().indefinitely();
    }

    @Test
    void withoutAGrantNobodyIsAskedAndTheRosterIsEmpty() {
        grant("elsinore.lit", "get");
        assertThat(ask()).isEqualTo(RosterEntry.NONE);
        assertThat(iqs.asked).isEmpty();
    }

    @Test
    void theOwnersRosterIsAskedOnceAndForgottenOnAPush() {
        grant("denmark.lit", "get");
        assertThat(ask()).isEqualTo(new RosterEntry(true, Set.of("friends")));
        assertThat(relations.contact(HAMLET, Jid.parse("bernardo@denmark.lit")).await().indefinitely()).isEqualTo(RosterEntry.NONE);
        assertThat(iqs.asked).containsExactly(HAMLET);

        relations.forget(HAMLET);
        ask();
        assertThat(iqs.asked).containsExactly(HAMLET, HAMLET);
    }

    @Test
    void aFailedQueryRefusesAndIsNotRemembered() {
        grant("denmark.lit", "both");
        iqs.next = Uni.createFrom().failure(new StanzaErrorException(StanzaErrorType.AUTH, "forbidden"));
        assertThat(ask()).isEqualTo(RosterEntry.NONE);

        iqs.next = Uni.createFrom().item(XmlElement.builder("query", NS)
                .child(XmlElement.builder("item", NS).attr("jid", "horatio@denmark.lit").attr("subscription", "from").build())
                .build());
        assertThat(ask().presenceSubscribed()).isTrue();
        assertThat(iqs.asked).hasSize(2);
    }

    @Test
    void onlyAServerCanGrantNotOneOfItsUsers() {
        relations.privileges.handle(XmlElement.builder("message", Namespaces.COMPONENT_ACCEPT).attr("from", "mallory@denmark.lit")
                .child(XmlElement.builder("privilege", Privileges.NS)
                        .child(XmlElement.builder("perm", Privileges.NS).attr("access", "roster").attr("type", "get").build())
                        .build())
                .build()).await().indefinitely();
        assertThat(ask()).isEqualTo(RosterEntry.NONE);
        assertThat(iqs.asked).isEmpty();
    }
}
