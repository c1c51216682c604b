package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.testsupport.PubSubClient.assertError;
import static org.herald.xmpp.pubsub.PubSubFixture.ATOM_ENTRY;
import static org.herald.xmpp.pubsub.PubSubFixture.configForm;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;
import static org.herald.xmpp.pubsub.PubSubFixture.publish;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.Test;

/** XEP-0060 §8 owner use cases through a real Prosody, from Smack clients. */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class OwnerUseCasesTest extends EndToEnd {
    static final String OWNER = PubSubClient.OWNER;
    static final String FORMS = "jabber:x:data";

    /** The values of a data form, by field var. */
    static List<String> field(XmlElement x, String var) {
        for (XmlElement f : x.children("field", FORMS)) {
            if (var.equals(f.attr("var"))) return f.children("value", FORMS).stream().map(XmlElement::text).toList();
        }
        return null;
    }

    @Test
    void createNamedNode_8_1_1() {
        String node = nodeName("princely_musings");
        XmlElement result = hamlet.set("<create node='" + node + "'/>");
        assertThat(result.child("create", PubSubClient.PUBSUB).attr("node")).isEqualTo(node);
        // the creator is its owner (§8.1.1)
        XmlElement affs = hamlet.get("<affiliations node='" + node + "'/>").child("affiliations", PubSubClient.PUBSUB);
        assertThat(affs.children().get(0).attr("affiliation")).isEqualTo("owner");
    }

    @Test
    void createExistingNodeConflicts_8_1_3() {
        String node = nodeName("taken");
        hamlet.set("<create node='" + node + "'/>");
        assertError(horatio.error(IQ.Type.set, PubSubClient.PUBSUB, "<create node='" + node + "'/>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.conflict, null);
    }

    @Test
    void createInstantNode_8_1_2() {
        XmlElement result = hamlet.set("<create/>");
        String node = result.child("create", PubSubClient.PUBSUB).attr("node");
        assertThat(node).isNotBlank();
        assertThat(hamlet.ownerGet("<configure node='" + node + "'/>")).isNotNull();
    }

    @Test
    void createAndConfigure_8_1_3() {
        String node = nodeName("configured");
        hamlet.set("<create node='" + node + "'/><configure>" + configForm("pubsub#max_items", "3",
                "pubsub#access_model", "whitelist", "pubsub#title", "Princely Musings (Atom)") + "</configure>");
        XmlElement x = hamlet.ownerGet("<configure node='" + node + "'/>")
                .child("configure", OWNER).child("x", FORMS);
        assertThat(field(x, "pubsub#max_items")).containsExactly("3");
        assertThat(field(x, "pubsub#access_model")).containsExactly("whitelist");
        assertThat(field(x, "pubsub#title")).containsExactly("Princely Musings (Atom)");
    }

    @Test
    void createWithMalformedFormIsBadRequestNamingTheFieldAndCreatesNothing() {
        String node = nodeName("bad");
        StanzaError e = hamlet.error(IQ.Type.set, PubSubClient.PUBSUB,
                "<create node='" + node + "'/><configure>" + configForm("pubsub#max_items", "ten") + "</configure>");
        assertError(e, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
        assertThat(e.getDescriptiveText()).contains("pubsub#max_items");
        assertError(hamlet.error(IQ.Type.get, OWNER, "<configure node='" + node + "'/>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
    }

    @Test
    void configureFormAndSubmit_8_2() {
        String node = nodeName("cfg");
        hamlet.set("<create node='" + node + "'/>");
        XmlElement x = hamlet.ownerGet("<configure node='" + node + "'/>").child("configure", OWNER).child("x", FORMS);
        assertThat(x.attr("type")).isEqualTo("form");
        assertThat(field(x, "FORM_TYPE")).containsExactly("http://jabber.org/protocol/pubsub#node_config");
        assertThat(field(x, "pubsub#deliver_payloads")).containsExactly("1");

        hamlet.ownerSet("<configure node='" + node + "'>" + configForm("pubsub#deliver_payloads", "0") + "</configure>");
        x = hamlet.ownerGet("<configure node='" + node + "'/>").child("configure", OWNER).child("x", FORMS);
        assertThat(field(x, "pubsub#deliver_payloads")).containsExactly("0");
        assertThat(field(x, "pubsub#max_items")).as("untouched fields keep their value").containsExactly("10");
    }

    @Test
    void configureErrors_8_2_3() {
        String node = nodeName("cfgerr");
        hamlet.set("<create node='" + node + "'/>");
        assertError(horatio.error(IQ.Type.get, OWNER, "<configure node='" + node + "'/>"),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        assertError(hamlet.error(IQ.Type.get, OWNER, "<configure/>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, "nodeid-required");
        StanzaError bad = hamlet.error(IQ.Type.set, OWNER,
                "<configure node='" + node + "'>" + configForm("pubsub#notify_retract", "perhaps") + "</configure>");
        assertError(bad, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
        assertThat(bad.getDescriptiveText()).contains("pubsub#notify_retract");
    }

    @Test
    void configurationChangeNotifiesSubscribersWhenAsked_8_2_5_4() {
        String node = nodeName("notifycfg");
        hamlet.set("<create node='" + node + "'/><configure>" + configForm("pubsub#notify_config", "1") + "</configure>");
        horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>");
        hamlet.ownerSet("<configure node='" + node + "'>" + configForm("pubsub#title", "Renamed") + "</configure>");
        XmlElement configuration = horatio.nextEvent().child("event", "http://jabber.org/protocol/pubsub#event")
                .child("configuration", "http://jabber.org/protocol/pubsub#event");
        assertThat(configuration.attr("node")).isEqualTo(node);
        assertThat(field(configuration.child("x", FORMS), "pubsub#title")).containsExactly("Renamed");
    }

    @Test
    void defaultConfiguration_8_3() {
        XmlElement x = hamlet.ownerGet("<default/>").child("default", OWNER).child("x", FORMS);
        assertThat(field(x, "pubsub#access_model")).containsExactly("open");
        assertThat(field(x, "pubsub#max_items")).containsExactly("10");
    }

    @Test
    void deleteNotifiesSubscribers_8_4() {
        String node = nodeName("doomed");
        hamlet.set("<create node='" + node + "'/>");
        horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>");
        assertError(horatio.error(IQ.Type.set, OWNER, "<delete node='" + node + "'/>"),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        hamlet.ownerSet("<delete node='" + node + "'><redirect uri='xmpp:pubsub.localhost?;node=elsewhere'/></delete>");
        XmlElement delete = horatio.nextEvent().child("event", "http://jabber.org/protocol/pubsub#event")
                .child("delete", "http://jabber.org/protocol/pubsub#event");
        assertThat(delete.attr("node")).isEqualTo(node);
        assertError(hamlet.error(IQ.Type.get, PubSubClient.PUBSUB, "<items node='" + node + "'/>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
        assertError(hamlet.error(IQ.Type.set, OWNER, "<delete node='" + node + "'/>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
    }

    @Test
    void purgeNotifiesSubscribersOnce_8_5() {
        String node = nodeName("purged");
        hamlet.set("<create node='" + node + "'/>");
        for (String id : List.of("a", "b", "c")) hamlet.set(publish(node, id, ATOM_ENTRY));
        horatio.set("<subscribe node='" + node + "' jid='" + horatio.jid() + "'/>");
        assertError(horatio.error(IQ.Type.set, OWNER, "<purge node='" + node + "'/>"),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        hamlet.ownerSet("<purge node='" + node + "'/>");
        XmlElement purge = horatio.nextEvent().child("event", "http://jabber.org/protocol/pubsub#event")
                .child("purge", "http://jabber.org/protocol/pubsub#event");
        assertThat(purge.attr("node")).isEqualTo(node);
        XmlElement items = hamlet.get("<items node='" + node + "'/>").child("items", PubSubClient.PUBSUB);
        assertThat(items.children()).isEmpty();
    }

    @Test
    void manageAffiliations_8_9() {
        String node = nodeName("affs");
        hamlet.set("<create node='" + node + "'/>");
        hamlet.ownerSet("<affiliations node='" + node + "'><affiliation jid='" + horatio.bareJid()
                + "' affiliation='publisher'/></affiliations>");
        XmlElement affs = hamlet.ownerGet("<affiliations node='" + node + "'/>").child("affiliations", OWNER);
        assertThat(affs.children()).extracting(a -> a.attr("jid") + "=" + a.attr("affiliation"))
                .containsExactlyInAnyOrder(hamlet.bareJid() + "=owner", horatio.bareJid() + "=publisher");
        // the new publisher may now publish
        horatio.set(publish(node, "by-horatio", ATOM_ENTRY));
        assertError(horatio.error(IQ.Type.get, OWNER, "<affiliations node='" + node + "'/>"),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
    }
}
