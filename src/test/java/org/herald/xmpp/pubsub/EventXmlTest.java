package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.herald.domain.Item;
import org.herald.domain.Jid;
import org.herald.domain.Node;
import org.herald.domain.NodeConfig;
import org.herald.service.config.DefaultConfig;
import org.herald.service.config.NodeConfigForm;
import org.herald.service.config.ServiceLimits;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.NodeConfigured;
import org.herald.service.event.NodeDeleted;
import org.herald.service.event.NodePurged;
import org.herald.service.event.PubSubEvent;
import org.herald.testsupport.TestXml;
import org.herald.xmpp.stanza.XmlElement;
import org.herald.xmpp.stanza.XmlNode;
import org.herald.xmpp.stanza.XmlText;
import org.junit.jupiter.api.Test;

/** Notifications as Herald renders them, against the literal {@code <event/>}s of XEP-0060's examples. */
class EventXmlTest {
    static final ServiceLimits LIMITS = new ServiceLimits(1000, 65536);
    static final NodeConfigForm FORM = new NodeConfigForm(LIMITS);
    static final NodeConfig CONFIG = DefaultConfig.leaf(LIMITS);
    static final Jid HAMLET = Jid.parse("hamlet@denmark.lit/elsinore");
    static final List<Delivery> TO = List.of(new Delivery(Jid.parse("francisco@denmark.lit")));
    static final String ID = "ae890ac52d0df67ed7cfdf51b644e901";

    static Node node(NodeConfig config) {
        return new Node("princely_musings", config, HAMLET.bare(), Instant.parse("2003-12-13T18:30:02Z"));
    }

    static Item item(String payload) {
        return new Item("princely_musings", ID, payload, HAMLET, Instant.now());
    }

    /** The example's event, without the whitespace between elements that the XEP uses for layout. */
    static XmlElement example(String xml) {
        return compact(TestXml.parse(xml));
    }

    static XmlElement compact(XmlElement e) {
        XmlElement.Builder b = XmlElement.builder(e.name(), e.namespace());
        e.attributes().forEach(b::attr);
        for (XmlNode n : e.content()) {
            if (n instanceof XmlElement c) b.child(compact(c));
            else if (n instanceof XmlText t && !t.text().isBlank()) b.child(t);
        }
        return b.build();
    }

    static XmlElement render(PubSubEvent event) {
        // parse what was rendered, as a receiver would, so raw payload text becomes a tree again
        return compact(TestXml.parse(EventXml.render(event, FORM).toXml()));
    }

    @Test
    void notificationOnly_7_1_2_2() {
        NodeConfig c = CONFIG.with().deliverPayloads(false).build();
        XmlElement ours = render(new ItemsPublished(node(c), stored(item("<x xmlns='urn:x'/>")), false, List.of(), TO));
        XmlElement theirs = example("""
                <event xmlns='http://jabber.org/protocol/pubsub#event'>
                  <items node='princely_musings'>
                    <item id='ae890ac52d0df67ed7cfdf51b644e901' publisher='hamlet@denmark.lit'/>
                  </items>
                </event>""");
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void withPayload_7_1_2_1() {
        String entry = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry>";
        XmlElement ours = render(new ItemsPublished(node(CONFIG), stored(item(entry)), true, List.of(), TO));
        XmlElement theirs = example("""
                <event xmlns='http://jabber.org/protocol/pubsub#event'>
                  <items node='princely_musings'>
                    <item id='ae890ac52d0df67ed7cfdf51b644e901' publisher='hamlet@denmark.lit'>
                      <entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title></entry>
                    </item>
                  </items>
                </event>""");
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void retraction_7_2_2_1() {
        XmlElement ours = render(new ItemsRetracted(node(CONFIG), List.of(ID), TO));
        XmlElement theirs = example("""
                <event xmlns='http://jabber.org/protocol/pubsub#event'>
                  <items node='princely_musings'>
                    <retract id='ae890ac52d0df67ed7cfdf51b644e901'/>
                  </items>
                </event>""");
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void configurationNotificationOnly_8_2_5_4() {
        XmlElement ours = render(new NodeConfigured(node(CONFIG), false, TO));
        assertThat(ours).isEqualTo(example("""
                <event xmlns='http://jabber.org/protocol/pubsub#event'>
                  <configuration node='princely_musings'/>
                </event>"""));
    }

    @Test
    void deletionWithRedirect_8_4_2() {
        XmlElement ours = render(new NodeDeleted(node(CONFIG), "xmpp:hamlet@denmark.lit?;node=blog", TO));
        assertThat(ours).isEqualTo(example("""
                <event xmlns='http://jabber.org/protocol/pubsub#event'>
                  <delete node='princely_musings'>
                    <redirect uri='xmpp:hamlet@denmark.lit?;node=blog'/>
                  </delete>
                </event>"""));
    }

    @Test
    void purge_8_5_2() {
        assertThat(render(new NodePurged(node(CONFIG), TO))).isEqualTo(example("""
                <event xmlns='http://jabber.org/protocol/pubsub#event'>
                  <purge node='princely_musings'/>
                </event>"""));
    }

    @Test
    void transientNotificationOnlyCarriesAnEmptyItems_4_3() {
        NodeConfig c = CONFIG.with().persistItems(false).deliverPayloads(false).build();
        XmlElement ours = render(new ItemsPublished(node(c), stored(item(null)), false, List.of(), TO));
        assertThat(ours).isEqualTo(example("""
                <event xmlns='http://jabber.org/protocol/pubsub#event'>
                  <items node='princely_musings'/>
                </event>"""));
    }

    @Test
    void nodeAssociation_xep0248() {
        Node collection = new Node("some-collection", CONFIG.with().nodeType(org.herald.domain.NodeType.COLLECTION).build(),
                HAMLET.bare(), Instant.parse("2003-12-13T18:30:02Z"));
        assertThat(render(new org.herald.service.event.CollectionChanged(collection, "new-node-id", true, TO))).isEqualTo(example("""
                <event xmlns='http://jabber.org/protocol/pubsub#event'>
                  <collection node='some-collection'>
                    <associate node='new-node-id'/>
                  </collection>
                </event>"""));
        assertThat(render(new org.herald.service.event.CollectionChanged(collection, "old-node-id", false, TO))).isEqualTo(example("""
                <event xmlns='http://jabber.org/protocol/pubsub#event'>
                  <collection node='some-collection'>
                    <dissociate node='old-node-id'/>
                  </collection>
                </event>"""));
    }

    @Test
    void collectionAndSubIdHeaders_xep0248_notify() {
        Jid to = Jid.parse("francisco@denmark.lit");
        assertThat(ShimHeaders.of(new Delivery(to))).isNull();
        assertThat(compact(TestXml.parse(ShimHeaders.of(new Delivery(to, List.of("sub-1"), "blogs")).toXml()))).isEqualTo(example("""
                <headers xmlns='http://jabber.org/protocol/shim'>
                  <header name='Collection'>blogs</header>
                  <header name='SubID'>sub-1</header>
                </headers>"""));
    }

    private static List<org.herald.domain.StoredItem> stored(org.herald.domain.Item... items) {
        return java.util.Arrays.stream(items).map(i -> new org.herald.domain.StoredItem(1, i)).toList();
    }
}
