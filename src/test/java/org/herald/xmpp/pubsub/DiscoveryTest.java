package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.herald.xmpp.pubsub.PubSubFixture.ATOM_ENTRY;
import static org.herald.xmpp.pubsub.PubSubFixture.configForm;
import static org.herald.xmpp.pubsub.PubSubFixture.nodeName;
import static org.herald.xmpp.pubsub.PubSubFixture.publish;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jivesoftware.smackx.pubsub.SimplePayload;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.jupiter.api.Test;

/** XEP-0060 §5 discovery, and Smack's own PubSub API as an ordinary client would use it. */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class DiscoveryTest extends EndToEnd {
    static final String NS = "http://jabber.org/protocol/pubsub";

    ServiceDiscoveryManager disco(PubSubClient c) {
        return ServiceDiscoveryManager.getInstanceFor(c.connection);
    }

    @Test
    void serviceIdentityAndFeatures_5_1() throws Exception {
        DiscoverInfo info = disco(horatio).discoverInfo(horatio.service);
        assertThat(info.getIdentities()).anySatisfy(i -> {
            assertThat(i.getCategory()).isEqualTo("pubsub");
            assertThat(i.getType()).isEqualTo("service");
        });
        assertThat(info.getFeatures()).extracting(DiscoverInfo.Feature::getVar).contains(
                NS, NS + "#create-nodes", NS + "#instant-nodes", NS + "#create-and-configure", NS + "#config-node",
                NS + "#publish", NS + "#publish-options", NS + "#delete-items", NS + "#subscribe",
                NS + "#retrieve-items", NS + "#retrieve-subscriptions", NS + "#retrieve-affiliations",
                NS + "#delete-nodes", NS + "#purge-nodes", NS + "#retrieve-default", NS + "#modify-affiliations",
                NS + "#access-open", NS + "#access-whitelist", NS + "#member-affiliation", NS + "#outcast-affiliation",
                NS + "#collections", NS + "#multi-collections",
                NS + "#subscription-options", NS + "#retrieve-default-sub", NS + "#multi-subscribe", NS + "#leased-subscription",
                NS + "#access-authorize", NS + "#manage-subscriptions", NS + "#subscription-notifications",
                NS + "#get-pending", "http://jabber.org/protocol/commands", NS + "#multi-items",
                "http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/disco#items", "urn:xmpp:ping");
        // the default send_last_published_item is never, so the service must not claim last-published (§6.1.7)
        assertThat(info.getFeatures()).extracting(DiscoverInfo.Feature::getVar).doesNotContain(NS + "#last-published");
    }

    @Test
    void nodesAreListedButWhitelistNodesOnlyToTheirAffiliates_5_2() throws Exception {
        String open = nodeName("open");
        String closed = nodeName("closed");
        hamlet.set("<create node='" + open + "'/>");
        hamlet.set("<create node='" + closed + "'/><configure>" + configForm("pubsub#access_model", "whitelist") + "</configure>");
        List<String> seenByStranger = disco(horatio).discoverItems(horatio.service).getItems().stream()
                .map(DiscoverItems.Item::getNode).toList();
        assertThat(seenByStranger).contains(open).doesNotContain(closed);
        List<String> seenByOwner = disco(hamlet).discoverItems(hamlet.service).getItems().stream()
                .map(DiscoverItems.Item::getNode).toList();
        assertThat(seenByOwner).contains(open, closed);
    }

    @Test
    void nodeInfoAndMetaData_5_3_5_4() throws Exception {
        String node = nodeName("meta");
        hamlet.set("<create node='" + node + "'/><configure>" + configForm("pubsub#title", "Princely Musings") + "</configure>");
        DiscoverInfo info = disco(horatio).discoverInfo(horatio.service, node);
        assertThat(info.getIdentities()).anySatisfy(i -> {
            assertThat(i.getCategory()).isEqualTo("pubsub");
            assertThat(i.getType()).isEqualTo("leaf");
        });
        DataForm meta = DataForm.from(info);
        assertThat(meta.getFormType()).isEqualTo(NS + "#meta-data");
        assertThat(meta.getField("pubsub#title").getFirstValue()).isEqualTo("Princely Musings");
        assertThat(meta.getField("pubsub#creator").getFirstValue()).isEqualTo(hamlet.bareJid());

        assertThatThrownBy(() -> disco(horatio).discoverInfo(horatio.service, nodeName("missing")))
                .isInstanceOfSatisfying(XMPPException.XMPPErrorException.class,
                        e -> assertThat(e.getStanzaError().getCondition()).isEqualTo(StanzaError.Condition.item_not_found));
    }

    @Test
    void whitelistNodeMetaDataIsNotShownToStrangers() throws Exception {
        String node = nodeName("private-meta");
        hamlet.set("<create node='" + node + "'/><configure>"
                + configForm("pubsub#access_model", "whitelist", "pubsub#title", "Secret plans") + "</configure>");
        DiscoverInfo info = disco(horatio).discoverInfo(horatio.service, node);
        assertThat(DataForm.from(info)).isNull();
        assertThat(info.toXML().toString()).doesNotContain("Secret plans");
    }

    @Test
    void itemsOfANode_5_5() throws Exception {
        String node = nodeName("listed");
        hamlet.set("<create node='" + node + "'/>");
        hamlet.set(publish(node, "first", ATOM_ENTRY));
        hamlet.set(publish(node, "second", ATOM_ENTRY));
        List<String> names = disco(horatio).discoverItems(horatio.service, node).getItems().stream()
                .map(DiscoverItems.Item::getName).toList();
        assertThat(names).containsExactly("second", "first");
    }

    @Test
    void smackPubSubManagerWorksAsAnOrdinaryClient() throws Exception {
        String node = nodeName("smack");
        PubSubManager owner = PubSubManager.getInstanceFor(hamlet.connection, hamlet.service);
        LeafNode leaf = owner.createNode(node);
        leaf.publish(new PayloadItem<>("hello", new SimplePayload(
                "<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>45.44</lat><lon>12.33</lon></geoloc>")));

        PubSubManager reader = PubSubManager.getInstanceFor(horatio.connection, horatio.service);
        LeafNode seen = reader.getLeafNode(node);
        List<Item> items = seen.getItems();
        assertThat(items).hasSize(1);
        assertThat(items.get(0).getId()).isEqualTo("hello");
        assertThat(items.get(0).toXML().toString()).contains("<lat>45.44</lat>");
        assertThat(seen.subscribe(horatio.connection.getUser()).getNode()).isEqualTo(node);
    }
}
