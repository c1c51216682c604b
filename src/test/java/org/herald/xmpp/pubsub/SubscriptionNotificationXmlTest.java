package org.herald.xmpp.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.herald.xmpp.pubsub.EventXmlTest.CONFIG;
import static org.herald.xmpp.pubsub.EventXmlTest.TO;
import static org.herald.xmpp.pubsub.EventXmlTest.example;
import static org.herald.xmpp.pubsub.EventXmlTest.item;
import static org.herald.xmpp.pubsub.EventXmlTest.node;
import static org.herald.xmpp.pubsub.EventXmlTest.render;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.herald.domain.Jid;
import org.herald.domain.Subscription;
import org.herald.domain.SubscriptionOptions;
import org.herald.domain.SubscriptionState;
import org.herald.domain.SubscriptionType;
import org.herald.service.event.Delivery;
import org.herald.service.event.ItemsPublished;
import org.herald.service.event.ItemsRetracted;
import org.herald.service.event.LeaseExpired;
import org.herald.service.event.NodePurged;
import org.herald.testsupport.TestXml;
import org.junit.jupiter.api.Test;

/** The parts of notifications that subscription options add: lease end (§13.19), SHIM headers (§13.16), body (§13.8). */
class SubscriptionNotificationXmlTest {

    @Test
    void leaseEndIsASubscriptionNoneWithExpiry_13_19() {
        SubscriptionOptions leased = new SubscriptionOptions(true, false, 60_000, Instant.parse("2006-02-28T23:59:59Z"), false,
                Set.of(), SubscriptionType.ITEMS, 1);
        Subscription s = new Subscription("princely_musings", Jid.parse("francisco@denmark.lit"),
                "ba49252aaa4f5d320c24d3766f0bdcade78c78d3", SubscriptionState.SUBSCRIBED, Instant.EPOCH, leased);
        assertThat(render(new LeaseExpired(node(CONFIG), s, TO))).isEqualTo(example("""
                <event xmlns='http://jabber.org/protocol/pubsub#event'>
                  <subscription
                      node='princely_musings'
                      jid='francisco@denmark.lit'
                      subid='ba49252aaa4f5d320c24d3766f0bdcade78c78d3'
                      subscription='none'
                      expiry='2006-02-28T23:59:59Z'/>
                </event>"""));
    }

    @Test
    void subIdHeaders_13_16() {
        assertThat(TestXml.parse(ShimHeaders.of(new Delivery(Jid.parse("francisco@denmark.lit"), List.of("123-abc", "004-yyy"))).toXml())).isEqualTo(example("""
                <headers xmlns='http://jabber.org/protocol/shim'>
                  <header name='SubID'>123-abc</header>
                  <header name='SubID'>004-yyy</header>
                </headers>"""));
    }

    @Test
    void bodyOfAnAtomEntryIsTitleAndSummary_13_8() {
        String entry = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Soliloquy</title>"
                + "<summary>To be, or not\n   to be</summary><id>tag:x</id></entry>";
        assertThat(NotificationBody.of(new ItemsPublished(node(CONFIG), stored(item(entry)), true, List.of(), TO)))
                .isEqualTo("Soliloquy: To be, or not to be");
    }

    @Test
    void bodyOfAnyOtherPayloadIsItsText() {
        String geo = "<geoloc xmlns='http://jabber.org/protocol/geoloc'><description>Venice</description><lat>45.44</lat></geoloc>";
        assertThat(NotificationBody.of(new ItemsPublished(node(CONFIG), stored(item(geo), item("<empty xmlns='urn:x'/>")),
                true, List.of(), TO))).isEqualTo("Venice 45.44\nNew item ae890ac52d0df67ed7cfdf51b644e901 at princely_musings");
    }

    @Test
    void bodyWithoutPayloadNamesTheItemAndIsCut() {
        assertThat(NotificationBody.of(new ItemsPublished(node(CONFIG), stored(item(null)), false, List.of(), TO)))
                .isEqualTo("New item ae890ac52d0df67ed7cfdf51b644e901 at princely_musings");
        String longText = "<p xmlns='urn:x'>" + "word ".repeat(400) + "</p>";
        assertThat(NotificationBody.of(new ItemsPublished(node(CONFIG), stored(item(longText)), true, List.of(), TO)))
                .hasSize(NotificationBody.MAX_CHARS).endsWith("…");
    }

    @Test
    void retractionsHaveABodyAndNodeEventsNone() {
        assertThat(NotificationBody.of(new ItemsRetracted(node(CONFIG), List.of("a", "b"), TO)))
                .isEqualTo("Deleted from princely_musings: a, b");
        assertThat(NotificationBody.of(new NodePurged(node(CONFIG), TO))).isNull();
    }

    private static List<org.herald.domain.StoredItem> stored(org.herald.domain.Item... items) {
        return java.util.Arrays.stream(items).map(i -> new org.herald.domain.StoredItem(1, i)).toList();
    }
}
