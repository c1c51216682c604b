package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.testsupport.PubSubClient.assertError;
import static org.herald.xmpp.pubsub.PubSubFixture.ATOM_ENTRY;
import static org.herald.xmpp.pubsub.PubSubFixture.configForm;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;
import static org.herald.xmpp.pubsub.PubSubFixture.publish;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.TestXml;
import org.herald.testsupport.XmlIq;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The items area end to end, through a real Prosody from Smack clients: XEP-0059 paging of item retrieval
 * (XEP-0060 §6.5.4), XEP-0313 queries on a node, pubsub#item_expire, pubsub#itemreply and the publisher attribute
 * (§7.1.2, §13.17), the meta-data form (§5.4), notification_type and notify_config.
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class ItemsEndToEndTest extends EndToEnd {
    static final String PUBSUB = PubSubClient.PUBSUB;
    static final String EVENT = PubSubClient.EVENT;
    static final String RSM = "http://jabber.org/protocol/rsm";
    static final String MAM = "urn:xmpp:mam:2";
    static final String FORWARD = "urn:xmpp:forward:0";
    static final String DELAY = "urn:xmpp:delay";

    /** Keeps an IQ's child element as received. */
    static final org.jivesoftware.smack.provider.IqProvider<RawIqResult> RAW_IQ = new org.jivesoftware.smack.provider.IqProvider<>() {
        @Override
        public RawIqResult parse(org.jivesoftware.smack.xml.XmlPullParser parser, int depth,
                                 org.jivesoftware.smack.packet.IqData iqData, org.jivesoftware.smack.packet.XmlEnvironment env)
                throws java.io.IOException, org.jivesoftware.smack.xml.XmlPullParserException {
            return new RawIqResult(TestXml.read(parser));
        }
    };

    static {
        // MAM results and answers come back as the trees received (Smack without smack-experimental knows no MAM).
        PubSubClient.keepPayloadsAsReceived("result", MAM);
        org.jivesoftware.smack.provider.ProviderManager.addIQProvider("fin", MAM, RAW_IQ);
        org.jivesoftware.smack.provider.ProviderManager.addIQProvider("query", MAM, RAW_IQ);
    }

    String node;

    @BeforeEach
    void newNode() {
        node = nodeName("items");
    }

    void create(String... config) {
        hamlet.set("<create node='" + node + "'/>" + (config.length == 0 ? "" : "<configure>" + configForm(config) + "</configure>"));
    }

    void subscribe(PubSubClient who) {
        who.set("<subscribe node='" + node + "' jid='" + who.jid() + "'/>");
    }

    void publishItems(int n) {
        for (int i = 1; i <= n; i++) hamlet.set(publish(node, "i" + i, "<entry xmlns='http://www.w3.org/2005/Atom'><title>" + i + "</title></entry>"));
    }

    static List<String> ids(XmlElement items) {
        return items.children("item", PUBSUB).stream().map(i -> i.attr("id")).toList();
    }

    record Page(List<String> ids, XmlElement set) {
        String first() {
            return set.childText("first", RSM);
        }

        String firstIndex() {
            return set.child("first", RSM).attr("index");
        }

        String last() {
            return set.childText("last", RSM);
        }

        String count() {
            return set.childText("count", RSM);
        }
    }

    Page page(PubSubClient who, String rsm) {
        XmlElement pubsub = who.get("<items node='" + node + "'/><set xmlns='" + RSM + "'>" + rsm + "</set>");
        return new Page(ids(pubsub.child("items", PUBSUB)), pubsub.child("set", RSM));
    }

    static List<String> expected(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i >= to; i--) out.add("i" + i);
        return out;
    }

    // ------------------------------------------------------------------ XEP-0059 on item retrieval

    @Test
    void pagesForwardThrough25ItemsTenAtATime_6_5_4() {
        create("pubsub#max_items", "100");
        publishItems(25);
        List<String> seen = new ArrayList<>();
        Page p = page(horatio, "<max>10</max>");
        List<String> indexes = new ArrayList<>();
        while (true) {
            seen.addAll(p.ids());
            assertThat(p.count()).isEqualTo("25");
            indexes.add(p.firstIndex());
            assertThat(p.first()).isEqualTo(p.ids().get(0));
            assertThat(p.last()).isEqualTo(p.ids().get(p.ids().size() - 1));
            if (seen.size() >= 25) break;
            p = page(horatio, "<max>10</max><after>" + p.last() + "</after>");
        }
        assertThat(seen).isEqualTo(expected(25, 1)); // newest first, no gaps, no repeats
        assertThat(indexes).containsExactly("0", "10", "20");
        // past the end: an empty page that still counts the set
        Page after = page(horatio, "<max>10</max><after>i1</after>");
        assertThat(after.ids()).isEmpty();
        assertThat(after.count()).isEqualTo("25");
        assertThat(after.set().child("first", RSM)).isNull();
    }

    @Test
    void pagesBackwardThrough25ItemsFromTheEnd_XEP0059_2_4() {
        create("pubsub#max_items", "100");
        publishItems(25);
        Page last = page(horatio, "<max>10</max><before/>");
        assertThat(last.ids()).isEqualTo(expected(10, 1));
        assertThat(last.firstIndex()).isEqualTo("15");
        Page middle = page(horatio, "<max>10</max><before>" + last.first() + "</before>");
        assertThat(middle.ids()).isEqualTo(expected(20, 11));
        assertThat(middle.firstIndex()).isEqualTo("5");
        Page first = page(horatio, "<max>10</max><before>" + middle.first() + "</before>");
        assertThat(first.ids()).isEqualTo(expected(25, 21));
        assertThat(first.firstIndex()).isEqualTo("0");
        assertThat(first.count()).isEqualTo("25");
        Page count = page(horatio, "<max>0</max>");
        assertThat(count.ids()).isEmpty();
        assertThat(count.count()).isEqualTo("25");
    }

    @Test
    void aCursorNotInTheNodeIsItemNotFound_XEP0059_2_2() {
        create();
        publishItems(3);
        StanzaError e = horatio.error(IQ.Type.get, PUBSUB,
                "<items node='" + node + "'/><set xmlns='" + RSM + "'><max>2</max><after>no-such-item</after></set>");
        assertError(e, StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
        StanzaError bad = horatio.error(IQ.Type.get, PUBSUB,
                "<items node='" + node + "'/><set xmlns='" + RSM + "'><max>many</max></set>");
        assertError(bad, StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
    }

    // ------------------------------------------------------------------ XEP-0313 on a node

    /** A MAM IQ: {@code <query xmlns='urn:xmpp:mam:2' node=... queryid=...>inner</query>}. */
    static final class MamIq extends IQ {
        private final String node;
        private final String inner;

        MamIq(Type type, org.jxmpp.jid.Jid to, String node, String inner) {
            super("query", MAM);
            setType(type);
            setTo(to);
            this.node = node;
            this.inner = inner;
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.optAttribute("node", node);
            xml.attribute("queryid", "q1");
            if (inner.isEmpty()) {
                xml.setEmptyElement();
            } else {
                xml.rightAngleBracket();
                xml.append(inner);
            }
            return xml;
        }
    }

    /** The {@code <fin/>} of a MAM query and the result messages that came before it. */
    record MamAnswer(XmlElement fin, List<XmlElement> results) {
        List<String> itemIds() {
            return results.stream().map(r -> item(r).attr("id")).toList();
        }

        static XmlElement item(XmlElement result) {
            return result.child("forwarded", FORWARD).child("message", "jabber:client")
                    .child("event", EVENT).child("items", EVENT).child("item", EVENT);
        }

        String stamp(int i) {
            return results.get(i).child("forwarded", FORWARD).child("delay", DELAY).attr("stamp");
        }

        XmlElement set() {
            return fin.child("set", RSM);
        }

        boolean complete() {
            return "true".equals(fin.attr("complete"));
        }
    }

    XmlElement mamIq(PubSubClient who, IQ.Type type, String node, String inner) {
        try {
            IQ response = who.connection.sendIqRequestAndWaitForResponse(new MamIq(type, who.service, node, inner));
            return ((RawIqResult) response).tree;
        } catch (XMPPException.XMPPErrorException e) {
            throw new AssertionError("expected a result, got " + e.getStanzaError().toXML(), e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    StanzaError mamError(PubSubClient who, String node, String inner) {
        try {
            IQ response = who.connection.sendIqRequestAndWaitForResponse(new MamIq(IQ.Type.set, who.service, node, inner));
            throw new AssertionError("expected an error, got " + response.toXML());
        } catch (XMPPException.XMPPErrorException e) {
            return e.getStanzaError();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Queries the node's archive, expecting {@code results} result messages before the fin. */
    MamAnswer mam(PubSubClient who, String inner, int results) {
        XmlElement fin = mamIq(who, IQ.Type.set, node, inner);
        assertThat(fin.name()).isEqualTo("fin");
        List<XmlElement> got = new ArrayList<>();
        for (int i = 0; i < results; i++) {
            XmlElement result = who.nextEvent().child("result", MAM);
            assertThat(result.attr("queryid")).isEqualTo("q1");
            got.add(result);
        }
        who.assertNoEvent();
        MamAnswer answer = new MamAnswer(fin, got);
        if (results > 0) {
            assertThat(answer.set().childText("first", RSM)).isEqualTo(got.get(0).attr("id"));
            assertThat(answer.set().childText("last", RSM)).isEqualTo(got.get(results - 1).attr("id"));
        }
        return answer;
    }

    static String mamForm(String... fieldValues) {
        StringBuilder b = new StringBuilder("<x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>" + MAM + "</value></field>");
        for (int i = 0; i < fieldValues.length; i += 2) {
            b.append("<field var='").append(fieldValues[i]).append("'><value>").append(fieldValues[i + 1]).append("</value></field>");
        }
        return b.append("</x>").toString();
    }

    @Test
    void archiveByTimeRangeWithPagingBothWays_XEP0313() {
        create("pubsub#max_items", "100");
        publishItems(10);
        MamAnswer all = mam(horatio, "", 10);
        assertThat(all.itemIds()).containsExactly("i1", "i2", "i3", "i4", "i5", "i6", "i7", "i8", "i9", "i10");
        assertThat(all.complete()).isTrue();
        assertThat(MamAnswer.item(all.results().get(0)).child("entry", "http://www.w3.org/2005/Atom")).isNotNull();
        // i3..i8 by their publication stamps, both ends inclusive
        String range = mamForm("start", all.stamp(2), "end", all.stamp(7));
        MamAnswer first = mam(horatio, range + "<set xmlns='" + RSM + "'><max>4</max></set>", 4);
        assertThat(first.itemIds()).containsExactly("i3", "i4", "i5", "i6");
        assertThat(first.complete()).isFalse();
        assertThat(first.set().childText("count", RSM)).isEqualTo("6");
        MamAnswer rest = mam(horatio, range + "<set xmlns='" + RSM + "'><max>4</max><after>"
                + first.set().childText("last", RSM) + "</after></set>", 2);
        assertThat(rest.itemIds()).containsExactly("i7", "i8");
        assertThat(rest.complete()).isTrue();
        assertThat(rest.set().child("first", RSM).attr("index")).isEqualTo("4");
        // the last page, then the page before it
        MamAnswer end = mam(horatio, range + "<set xmlns='" + RSM + "'><max>4</max><before/></set>", 4);
        assertThat(end.itemIds()).containsExactly("i5", "i6", "i7", "i8");
        MamAnswer before = mam(horatio, range + "<set xmlns='" + RSM + "'><max>4</max><before>"
                + end.set().childText("first", RSM) + "</before></set>", 2);
        assertThat(before.itemIds()).containsExactly("i3", "i4");
        assertThat(before.complete()).isTrue();
    }

    @Test
    void archiveRefusesUnknownIdsAndFields() {
        create();
        publishItems(1);
        assertError(mamError(horatio, node, "<set xmlns='" + RSM + "'><after>12345678901</after></set>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.item_not_found, null);
        assertError(mamError(horatio, node, mamForm("{urn:example}full-text", "Denmark")),
                StanzaError.Type.CANCEL, StanzaError.Condition.feature_not_implemented, null);
        assertError(mamError(horatio, node, mamForm("start", "yesterday")),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
    }

    @Test
    void archiveIsClosedToWhoMayNotReadTheNode() {
        create("pubsub#access_model", "whitelist");
        publishItems(2);
        assertError(mamError(horatio, node, ""), StanzaError.Type.CANCEL, StanzaError.Condition.not_allowed, "closed-node");
        horatio.assertNoEvent();
        assertThat(mam(hamlet, "", 2).itemIds()).containsExactly("i1", "i2");
    }

    @Test
    void archiveFormIsDiscoverable_XEP0313_4_1_5() {
        create();
        XmlElement query = mamIq(horatio, IQ.Type.get, node, "");
        XmlElement x = query.child("x", "jabber:x:data");
        assertThat(x.attr("type")).isEqualTo("form");
        assertThat(x.children("field", "jabber:x:data")).extracting(f -> f.attr("var"))
                .containsExactly("FORM_TYPE", "with", "start", "end");
    }

    // ------------------------------------------------------------------ pubsub#item_expire

    @Test
    void anExpiredItemIsRetractedAndSubscribersAreTold_17_4_4() {
        create("pubsub#item_expire", "1");
        subscribe(horatio);
        hamlet.set(publish(node, "fleeting", ATOM_ENTRY));
        assertThat(horatio.nextEvent().child("event", EVENT).child("items", EVENT).child("item", EVENT).attr("id"))
                .isEqualTo("fleeting");
        XmlElement retraction = horatio.nextEvent().child("event", EVENT).child("items", EVENT);
        assertThat(retraction.attr("node")).isEqualTo(node);
        assertThat(retraction.child("retract", EVENT).attr("id")).isEqualTo("fleeting");
        assertThat(ids(hamlet.get("<items node='" + node + "'/>").child("items", PUBSUB))).isEmpty();
    }

    // ------------------------------------------------------------------ itemreply and the publisher attribute

    @Test
    void itemsNameTheirPublisherUnlessItemReplySaysOtherwise_7_1_2_13_17() throws Exception {
        create("pubsub#max_items", "100");
        subscribe(horatio);
        hamlet.set(publish(node, "signed", ATOM_ENTRY));
        assertThat(horatio.nextEvent().child("event", EVENT).child("items", EVENT).child("item", EVENT).attr("publisher"))
                .isEqualTo(hamlet.bareJid());
        assertThat(rawItems(horatio).child("item", PUBSUB).attr("publisher")).isEqualTo(hamlet.bareJid());
        assertThat(MamAnswer.item(mam(horatio, "", 1).results().get(0)).attr("publisher")).isEqualTo(hamlet.bareJid());

        hamlet.ownerSet("<configure node='" + node + "'>" + configForm("pubsub#itemreply", "none") + "</configure>");
        hamlet.set(publish(node, "anonymous", ATOM_ENTRY));
        XmlElement event = horatio.nextEvent().child("event", EVENT).child("items", EVENT).child("item", EVENT);
        assertThat(event.attr("id")).isEqualTo("anonymous");
        assertThat(event.attr("publisher")).isNull();
        assertThat(rawItems(horatio).children("item", PUBSUB)).hasSize(2)
                .allSatisfy(i -> assertThat(i.attr("publisher")).isNull());
        // a publisher-asserted attribute is never taken over (§7.1.2: the service stamps it)
        hamlet.ownerSet("<configure node='" + node + "'>" + configForm("pubsub#itemreply", "publisher") + "</configure>");
        hamlet.set("<publish node='" + node + "'><item id='spoof' publisher='king@denmark.lit'>" + ATOM_ENTRY + "</item></publish>");
        assertThat(horatio.nextEvent().child("event", EVENT).child("items", EVENT).child("item", EVENT).attr("publisher"))
                .isEqualTo(hamlet.bareJid());
    }

    /** A raw IQ result as received: Smack's pubsub model drops the 'publisher' attribute of retrieved items. */
    static final class RawIqResult extends IQ {
        final XmlElement tree;

        RawIqResult(XmlElement tree) {
            super(tree.name(), tree.namespace());
            this.tree = tree;
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.rightAngleBracket();
            tree.children().forEach(c -> xml.append(c.toXml()));
            return xml;
        }
    }

    /** Retrieves items with Smack's pubsub IQ parsing swapped for a raw one for the duration of the request. */
    XmlElement rawItems(PubSubClient who) throws Exception {
        var original = org.jivesoftware.smack.provider.ProviderManager.getIQProvider("pubsub", PUBSUB);
        org.jivesoftware.smack.provider.ProviderManager.addIQProvider("pubsub", PUBSUB, RAW_IQ);
        try {
            IQ response = who.connection.sendIqRequestAndWaitForResponse(
                    new XmlIq(IQ.Type.get, who.service, "pubsub", PUBSUB, "<items node='" + node + "'/>"));
            return ((RawIqResult) response).tree.child("items", PUBSUB);
        } finally {
            org.jivesoftware.smack.provider.ProviderManager.addIQProvider("pubsub", PUBSUB, original);
        }
    }

    // ------------------------------------------------------------------ meta-data and discovery

    ServiceDiscoveryManager disco(PubSubClient c) {
        return ServiceDiscoveryManager.getInstanceFor(c.connection);
    }

    @Test
    void metaDataFormShowsConfigurationOwnersAndSubscriberCount_5_4() throws Exception {
        create("pubsub#title", "Princely Musings", "pubsub#description", "Hamlet's thoughts", "pubsub#item_expire", "604800");
        PubSubClient bernardo = fx.user();
        hamlet.ownerSet("<affiliations node='" + node + "'><affiliation jid='" + bernardo.bareJid() + "' affiliation='publisher'/></affiliations>");
        subscribe(horatio);
        subscribe(bernardo);
        DiscoverInfo info = disco(horatio).discoverInfo(horatio.service, node);
        assertThat(info.getFeatures()).extracting(DiscoverInfo.Feature::getVar).contains(PUBSUB, MAM);
        DataForm meta = DataForm.from(info);
        assertThat(meta.getFormType()).isEqualTo(PUBSUB + "#meta-data");
        assertThat(meta.getField("pubsub#title").getFirstValue()).isEqualTo("Princely Musings");
        assertThat(meta.getField("pubsub#description").getFirstValue()).isEqualTo("Hamlet's thoughts");
        assertThat(meta.getField("pubsub#creator").getFirstValue()).isEqualTo(hamlet.bareJid());
        assertThat(meta.getField("pubsub#creation_date").getFirstValue()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(meta.getField("pubsub#owner").getValuesAsString()).containsExactly(hamlet.bareJid());
        assertThat(meta.getField("pubsub#publisher").getValuesAsString()).containsExactly(bernardo.bareJid());
        assertThat(meta.getField("pubsub#num_subscribers").getFirstValue()).isEqualTo("2");
        assertThat(meta.getField("pubsub#access_model").getFirstValue()).isEqualTo("open");
        assertThat(meta.getField("pubsub#publish_model").getFirstValue()).isEqualTo("publishers");
        assertThat(meta.getField("pubsub#max_items").getFirstValue()).isEqualTo("10");
        assertThat(meta.getField("pubsub#item_expire").getFirstValue()).isEqualTo("604800");
        assertThat(meta.getField("pubsub#itemreply").getFirstValue()).isEqualTo("publisher");
        assertThat(meta.getField("pubsub#owner").getType()).isEqualTo(org.jivesoftware.smackx.xdata.FormField.Type.jid_multi);
    }

    @Test
    void strangersToAWhitelistNodeSeeNeitherMetaDataNorNodeFeatures() throws Exception {
        create("pubsub#access_model", "whitelist", "pubsub#title", "Secret plans");
        DiscoverInfo info = disco(horatio).discoverInfo(horatio.service, node);
        assertThat(DataForm.from(info)).isNull();
        assertThat(info.getFeatures()).extracting(DiscoverInfo.Feature::getVar).containsExactly(PUBSUB);
    }

    @Test
    void serviceFeaturesComeFromWhatIsImplemented() throws Exception {
        DiscoverInfo info = disco(horatio).discoverInfo(horatio.service);
        assertThat(info.getFeatures()).extracting(DiscoverInfo.Feature::getVar)
                .contains(PUBSUB + "#rsm", RSM, PUBSUB + "#retrieve-items", PUBSUB + "#meta-data")
                // the archive is per node: the service itself has none
                .doesNotContain(MAM, MAM + "#extended");
    }

    // ------------------------------------------------------------------ notification_type, notify_config

    @Test
    void notificationTypeNormalIsApplied_17_4_4() {
        create("pubsub#notification_type", "normal");
        subscribe(horatio);
        hamlet.set(publish(node, "n1", ATOM_ENTRY));
        assertThat(horatio.nextEvent().attr("type")).isEqualTo("normal");
    }

    @Test
    void noConfigurationNotificationWithoutNotifyConfig_8_2_5() {
        create("pubsub#notify_config", "0");
        subscribe(horatio);
        hamlet.ownerSet("<configure node='" + node + "'>" + configForm("pubsub#title", "Quietly renamed") + "</configure>");
        hamlet.set(publish(node, "after", ATOM_ENTRY));
        // the publish is the first thing the subscriber hears of
        XmlElement event = horatio.nextEvent().child("event", EVENT);
        assertThat(event.child("configuration", EVENT)).isNull();
        assertThat(event.child("items", EVENT).child("item", EVENT).attr("id")).isEqualTo("after");
    }
}
