package org.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.testsupport.PubSubClient.assertError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.herald.testsupport.HeraldProcess;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.TestXml;
import org.herald.testsupport.XmppClients;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The requirement, as an operator would check it: stop Herald, start it again — nodes, items and
 * subscriptions are still there. Herald runs as a real process ({@code java -jar quarkus-run.jar}) attached to a
 * real Prosody; users are Smack clients that stay logged in to Prosody across the restart.
 */
class RestartIT {
    static final String DOMAIN = "localhost";
    static final String COMPONENT = "pubsub." + DOMAIN;
    static final String PUBSUB = PubSubClient.PUBSUB;
    static final String OWNER = PubSubClient.OWNER;
    static final String EVENT = PubSubClient.EVENT;
    static final String FORMS = "jabber:x:data";
    static final Duration START_UP = Duration.ofSeconds(60);
    static final Duration SHUTDOWN = Duration.ofSeconds(30);
    static final Path LOGS = Path.of("target", "restart-it");

    static final String TITLE = "Tagebuch — Grüße aus Köln ✓";

    /** Payloads by item id, in publishing order; compact XML so every character is content. */
    static final Map<String, String> PAYLOADS = new LinkedHashMap<>();

    static {
        PAYLOADS.put("first", "<entry xmlns='http://www.w3.org/2005/Atom'><title>Grüße aus Köln — ½ € · naïve café</title>"
                + "<summary>  leading and trailing spaces stay  </summary></entry>");
        PAYLOADS.put("second", "<place xmlns='urn:example:herald:place' xml:lang='ja'><locality>東京都</locality>"
                + "<text>🗼 &lt;tower&gt; &amp; \"quotes\" 'apostrophes'</text></place>");
        PAYLOADS.put("third", "<data xmlns='urn:example:herald:restart' seq='3' note='Ωμέγα ∑ 𝄞'>Ελληνικά, русский, עברית, हिन्दी</data>");
        PAYLOADS.put("fourth", "<note xmlns='urn:example:herald:note'>before<b>bold ☕</b>after<i/>tail</note>");
    }

    static {
        // Smack would read this payload's xml:lang as plain 'lang'; read it as it arrives instead.
        PubSubClient.keepPayloadsAsReceived("place", "urn:example:herald:place");
    }

    Prosody prosody;
    XmppClients clients;
    final List<HeraldProcess> heralds = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        heralds.forEach(HeraldProcess::close);
        if (clients != null) clients.close();
        if (prosody != null) prosody.close();
    }

    HeraldProcess startHerald(String name, PubSubClient probe) throws Exception {
        Path log = LOGS.resolve("herald-" + name + ".log");
        Files.deleteIfExists(log);
        HeraldProcess h = HeraldProcess.start(prosody, COMPONENT, log);
        heralds.add(h);
        h.awaitServing(probe.connection, COMPONENT, START_UP);
        return h;
    }

    @Test
    void nodesItemsAndSubscriptionsSurviveARestart() throws Exception {
        prosody = Prosody.start(DOMAIN, COMPONENT);
        clients = new XmppClients(prosody);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        PubSubClient owner = new PubSubClient(clients.connect("owner-" + suffix), COMPONENT);
        PubSubClient member = new PubSubClient(clients.connect("member-" + suffix), COMPONENT);
        PubSubClient stranger = new PubSubClient(clients.connect("stranger-" + suffix), COMPONENT);
        String node = "restart-" + suffix;

        // --- First life: a configured node, a member who subscribes, some items.
        HeraldProcess first = startHerald("first", owner);
        owner.set("<create node='" + node + "'/><configure>" + configForm(
                "pubsub#access_model", "whitelist", "pubsub#max_items", "5", "pubsub#title", TITLE) + "</configure>");
        owner.ownerSet("<affiliations node='" + node + "'><affiliation jid='" + member.bareJid()
                + "' affiliation='member'/></affiliations>");
        // XEP-0060 §8.9.4: the member is told of its new affiliation before anything else
        assertThat(member.nextEvent().child("pubsub", PUBSUB).child("affiliations", PUBSUB)).isNotNull();
        XmlElement subscribed = member.set("<subscribe node='" + node + "' jid='" + member.jid() + "'/>")
                .child("subscription", PUBSUB);
        assertThat(subscribed.attr("subscription")).isEqualTo("subscribed");
        String subid = subscribed.attr("subid");
        for (Map.Entry<String, String> e : PAYLOADS.entrySet()) {
            owner.set(publish(node, e.getKey(), e.getValue()));
            XmlElement item = notifiedItem(member.nextEvent(), node);
            assertThat(item.attr("id")).isEqualTo(e.getKey());
            assertThat(item.firstChild()).isEqualTo(TestXml.parse(e.getValue()));
        }

        // --- Stop it as a service manager would (SIGTERM) and start a new process.
        Duration took = first.stopGracefully(SHUTDOWN);
        assertThat(took).as("Herald exits within %s of SIGTERM; log:\n%s", SHUTDOWN, first.logTail()).isNotNull();
        assertThat(first.logText()).as("shutdown is logged").contains("stopped in");
        HeraldProcess second = startHerald("second", owner);
        assertThat(second.pid()).isNotEqualTo(first.pid());

        // The configuration form shows what the owner set.
        XmlElement form = owner.ownerGet("<configure node='" + node + "'/>").child("configure", OWNER).child("x", FORMS);
        assertThat(field(form, "pubsub#access_model")).containsExactly("whitelist");
        assertThat(field(form, "pubsub#max_items")).containsExactly("5");
        assertThat(field(form, "pubsub#title")).containsExactly(TITLE);

        // The node is still discoverable to its owner and the membership stands.
        XmlElement affiliations = owner.ownerGet("<affiliations node='" + node + "'/>").child("affiliations", OWNER);
        assertThat(affiliations.children()).extracting(a -> a.attr("jid") + "=" + a.attr("affiliation"))
                .contains(owner.bareJid() + "=owner", member.bareJid() + "=member");

        // Every item is there, newest first, payloads unchanged to the character.
        XmlElement items = member.get("<items node='" + node + "'/>").child("items", PUBSUB);
        assertThat(items.children()).extracting(i -> i.attr("id")).containsExactly("fourth", "third", "second", "first");
        for (XmlElement item : items.children()) {
            assertThat(item.firstChild()).as("payload of %s", item.attr("id"))
                    .isEqualTo(TestXml.parse(PAYLOADS.get(item.attr("id"))));
        }

        // The subscription is listed for the subscriber, with the same SubID.
        XmlElement mine = member.get("<subscriptions node='" + node + "'/>").child("subscriptions", PUBSUB);
        assertThat(mine.children()).extracting(s -> s.attr("node") + " " + s.attr("jid") + " " + s.attr("subscription") + " " + s.attr("subid"))
                .containsExactly(node + " " + member.jid() + " subscribed " + subid);

        // The whitelist still keeps strangers out.
        assertError(stranger.error(IQ.Type.get, PUBSUB, "<items node='" + node + "'/>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.not_allowed, "closed-node");

        // The subscription works: a new publish reaches the subscriber, with its payload.
        String fifth = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Nach dem Neustart — ещё здесь 🎉</title></entry>";
        owner.set(publish(node, "fifth", fifth));
        XmlElement notified = notifiedItem(member.nextEvent(), node);
        assertThat(notified.attr("id")).isEqualTo("fifth");
        assertThat(notified.firstChild()).isEqualTo(TestXml.parse(fifth));

        // max_items = 5 still holds: a sixth item pushes out the oldest.
        owner.set(publish(node, "sixth", "<n xmlns='urn:example:herald:restart'>6</n>"));
        member.nextEvent();
        XmlElement kept = member.get("<items node='" + node + "'/>").child("items", PUBSUB);
        assertThat(kept.children()).extracting(i -> i.attr("id"))
                .containsExactly("sixth", "fifth", "fourth", "third", "second");

        // The second process stops cleanly too, and neither ever logged the component secret.
        assertThat(second.stopGracefully(SHUTDOWN)).as("second Herald exits on SIGTERM; log:\n%s", second.logTail()).isNotNull();
        String secret = prosody.componentSecret(COMPONENT);
        for (HeraldProcess h : heralds) {
            assertThat(h.logText()).as("log %s", h.log()).contains("Component " + COMPONENT).doesNotContain(secret);
        }
    }

    static String publish(String node, String id, String payload) {
        return "<publish node='" + node + "'><item id='" + id + "'>" + payload + "</item></publish>";
    }

    static XmlElement notifiedItem(XmlElement message, String node) {
        XmlElement items = message.child("event", EVENT).child("items", EVENT);
        assertThat(items.attr("node")).isEqualTo(node);
        return items.child("item", EVENT);
    }

    /** A submitted node_config form with the given field/value pairs. */
    static String configForm(String... fieldValues) {
        StringBuilder b = new StringBuilder("<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#node_config</value></field>");
        for (int i = 0; i < fieldValues.length; i += 2) {
            b.append("<field var='").append(fieldValues[i]).append("'><value>").append(fieldValues[i + 1]).append("</value></field>");
        }
        return b.append("</x>").toString();
    }

    /** The values of a data form's field. */
    static List<String> field(XmlElement x, String var) {
        for (XmlElement f : x.children("field", FORMS)) {
            if (var.equals(f.attr("var"))) return f.children("value", FORMS).stream().map(XmlElement::text).toList();
        }
        return List.of();
    }
}
