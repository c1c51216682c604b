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
import org.herald.xmpp.stanza.Namespaces;
import org.herald.xmpp.stanza.XmlElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.junit.jupiter.api.Test;

/** XEP-0248 collection nodes through a real Prosody, from Smack clients. */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class CollectionNodesTest extends EndToEnd {
    static final String OWNER = PubSubClient.OWNER;
    static final String EVENT = PubSubClient.EVENT;

    /** hamlet creates a collection, inside the given collections. */
    String collection(String hint, String... parents) {
        String id = nodeName(hint);
        hamlet.set("<create node='" + id + "'/><configure>" + form("collection", parents) + "</configure>");
        return id;
    }

    /** {@code who} creates a leaf inside the given collections, with extra field/value pairs. */
    String leaf(PubSubClient who, String hint, List<String> parents, String... more) {
        String id = nodeName(hint);
        who.set("<create node='" + id + "'/><configure>" + form("leaf", parents.toArray(String[]::new), more) + "</configure>");
        return id;
    }

    static String form(String type, String[] parents, String... more) {
        StringBuilder values = new StringBuilder();
        for (String p : parents) values.append("<value>").append(p).append("</value>");
        String fields = configForm(more);
        return fields.replace("</x>", "<field var='pubsub#node_type'><value>" + type + "</value></field>"
                + "<field var='pubsub#collection'>" + values + "</field></x>");
    }

    void subscribe(PubSubClient who, String node) {
        who.set("<subscribe node='" + node + "' jid='" + who.jid() + "'/>");
    }

    static XmlElement items(XmlElement message) {
        return message.child("event", EVENT).child("items", EVENT);
    }

    static String collectionHeader(XmlElement message) {
        XmlElement headers = message.child("headers", Namespaces.SHIM);
        if (headers == null) return null;
        return headers.children("header", Namespaces.SHIM).stream().filter(h -> "Collection".equals(h.attr("name")))
                .map(XmlElement::text).findFirst().orElse(null);
    }

    List<String> childrenOf(PubSubClient who, String node) throws Exception {
        return ServiceDiscoveryManager.getInstanceFor(who.connection).discoverItems(who.service, node).getItems().stream()
                .map(DiscoverItems.Item::getNode).toList();
    }

    @Test
    void aCollectionSubscriberReceivesItsLeafsItemsWithTheCollectionHeader() {
        String blogs = collection("blogs");
        String musings = leaf(hamlet, "musings", List.of(blogs));
        subscribe(horatio, blogs);

        hamlet.set(publish(musings, "entry-1", ATOM_ENTRY));

        XmlElement message = horatio.nextEvent();
        // XEP-0248 §notify: the items name the leaf, the SHIM header the collection
        assertThat(items(message).attr("node")).isEqualTo(musings);
        assertThat(items(message).child("item", EVENT).attr("id")).isEqualTo("entry-1");
        assertThat(collectionHeader(message)).isEqualTo(blogs);

        // both configurations show the link (XEP-0248 §impl-config)
        XmlElement config = hamlet.ownerGet("<configure node='" + blogs + "'/>");
        assertThat(config.toXml()).contains("pubsub#children").contains(musings);
    }

    @Test
    void depthOneReachesChildrenNotGrandchildren() {
        String top = collection("top");
        String mid = collection("mid", top);
        String deep = leaf(hamlet, "deep", List.of(mid));
        String shallow = leaf(hamlet, "shallow", List.of(top));
        PubSubClient midReader = fx.user();
        subscribe(horatio, top); // default depth 1
        subscribe(midReader, mid);

        hamlet.set(publish(deep, "deep-1", ATOM_ENTRY));
        hamlet.set(publish(shallow, "shallow-1", ATOM_ENTRY));

        XmlElement viaMid = midReader.nextEvent();
        assertThat(items(viaMid).attr("node")).isEqualTo(deep);
        assertThat(collectionHeader(viaMid)).isEqualTo(mid);
        // notifications leave in publish order: the first horatio gets is the shallow leaf's
        XmlElement viaTop = horatio.nextEvent();
        assertThat(items(viaTop).attr("node")).isEqualTo(shallow);
        assertThat(collectionHeader(viaTop)).isEqualTo(top);
        horatio.assertNoEvent();
    }

    @Test
    void depthAllReachesEveryLevel() {
        String top = collection("top");
        String mid = collection("mid", top);
        String deep = leaf(hamlet, "deep", List.of(mid));
        horatio.set("<subscribe node='" + top + "' jid='" + horatio.jid() + "'/><options>"
                + "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
                + "<value>http://jabber.org/protocol/pubsub#subscribe_options</value></field>"
                + "<field var='pubsub#subscription_type'><value>items</value></field>"
                + "<field var='pubsub#subscription_depth'><value>all</value></field></x></options>");

        hamlet.set(publish(deep, "deep-1", ATOM_ENTRY));

        XmlElement message = horatio.nextEvent();
        assertThat(items(message).attr("node")).isEqualTo(deep);
        assertThat(collectionHeader(message)).isEqualTo(top);
    }

    @Test
    void aWhitelistLeafDoesNotLeakToTheSubscribersOfAnOpenCollection() throws Exception {
        String open = collection("open");
        String secret = leaf(hamlet, "secret", List.of(open), "pubsub#access_model", "whitelist");
        String news = leaf(hamlet, "news", List.of(open));
        subscribe(horatio, open);

        hamlet.set(publish(secret, "secret-1", "<plan xmlns='urn:example:plans'>invade Norway</plan>"));
        hamlet.set(publish(news, "news-1", ATOM_ENTRY));

        XmlElement first = horatio.nextEvent();
        assertThat(items(first).attr("node")).isEqualTo(news);
        assertThat(first.toXml()).doesNotContain("invade Norway");
        horatio.assertNoEvent();
        // nor does discovery show the closed child to a stranger; its owner sees both
        assertThat(childrenOf(horatio, open)).containsExactly(news);
        assertThat(childrenOf(hamlet, open)).containsExactlyInAnyOrder(news, secret);
    }

    @Test
    void onlyOwnersOfACollectionPutNodesInIt() {
        String blogs = collection("blogs");
        String mine = leaf(horatio, "mine", List.of());
        assertError(horatio.error(IQ.Type.set, OWNER, "<collection node='" + blogs + "'><associate node='" + mine + "'/></collection>"),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        assertError(horatio.error(IQ.Type.set, PubSubClient.PUBSUB, "<create node='" + nodeName("sneaky") + "'/><configure>"
                        + form("leaf", new String[] {blogs}) + "</configure>"),
                StanzaError.Type.AUTH, StanzaError.Condition.forbidden, null);
        // the collection's owner may (XEP-0248 §associate-node), and the child then names its collection
        hamlet.ownerSet("<collection node='" + blogs + "'><associate node='" + mine + "'/></collection>");
        assertThat(horatio.ownerGet("<configure node='" + mine + "'/>").toXml()).contains(blogs);
        // and may let it go again (XEP-0248 §dissociate-request); a second time it is not associated
        hamlet.ownerSet("<collection node='" + blogs + "'><dissociate node='" + mine + "'/></collection>");
        assertError(hamlet.error(IQ.Type.set, OWNER, "<collection node='" + blogs + "'><dissociate node='" + mine + "'/></collection>"),
                StanzaError.Type.MODIFY, StanzaError.Condition.bad_request, null);
    }

    @Test
    void cyclesAndLeafParentsAreRefused() {
        String outer = collection("outer");
        String inner = collection("inner", outer);
        assertError(hamlet.error(IQ.Type.set, OWNER, "<configure node='" + outer + "'>" + form("collection", new String[] {inner})
                        + "</configure>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.not_allowed, "invalid-options");
        String plain = leaf(hamlet, "plain", List.of());
        assertError(hamlet.error(IQ.Type.set, OWNER, "<collection node='" + plain + "'><associate node='" + inner + "'/></collection>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.not_allowed, "invalid-options");
    }

    @Test
    void aCollectionTakesNoItems() {
        String blogs = collection("blogs");
        StanzaError e = hamlet.error(IQ.Type.set, PubSubClient.PUBSUB, publish(blogs, "x", ATOM_ENTRY));
        assertError(e, StanzaError.Type.CANCEL, StanzaError.Condition.feature_not_implemented, "unsupported");
        assertThat(e.toXML().toString()).contains("feature='publish'");
        assertError(hamlet.error(IQ.Type.get, PubSubClient.PUBSUB, "<items node='" + blogs + "'/>"),
                StanzaError.Type.CANCEL, StanzaError.Condition.feature_not_implemented, "unsupported");
    }

    @Test
    void nestedDiscovery() throws Exception {
        String top = collection("top");
        String mid = collection("mid", top);
        String deep = leaf(hamlet, "deep", List.of(mid));
        hamlet.set(publish(deep, "deep-1", ATOM_ENTRY));
        ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(horatio.connection);

        // XEP-0248 §disco-nodes: the root lists first-level nodes, each collection its children
        List<String> root = disco.discoverItems(horatio.service).getItems().stream().map(DiscoverItems.Item::getNode).toList();
        assertThat(root).contains(top).doesNotContain(mid, deep);
        assertThat(childrenOf(horatio, top)).containsExactly(mid);
        assertThat(childrenOf(horatio, mid)).containsExactly(deep);
        // a leaf still lists its items (§5.5)
        assertThat(disco.discoverItems(horatio.service, deep).getItems()).extracting(DiscoverItems.Item::getName)
                .containsExactly("deep-1");

        DiscoverInfo info = disco.discoverInfo(horatio.service, mid);
        assertThat(info.getIdentities()).anySatisfy(i -> {
            assertThat(i.getCategory()).isEqualTo("pubsub");
            assertThat(i.getType()).isEqualTo("collection");
        });
    }
}
