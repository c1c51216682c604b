package org.herald.http.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.herald.http.rest.RestFixture.anonymous;
import static org.herald.http.rest.RestFixture.as;
import static org.herald.http.rest.RestFixture.create;
import static org.herald.http.rest.RestFixture.node;
import static org.herald.http.rest.RestFixture.nodeName;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.herald.testsupport.HttpTokens;
import org.herald.testsupport.InjectProsody;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.ProsodyResource;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.XmppClients;
import org.herald.xmpp.component.ComponentLink;
import org.herald.xmpp.stanza.XmlElement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One service, two protocols: an item published over HTTP reaches a Smack subscriber through a real Prosody, and
 * one published over XMPP is read over HTTP. HTTP tokens are bound to JIDs of Prosody's domain, so an HTTP actor
 * and an XMPP user with the same bare JID are the same entity to the service.
 */
@QuarkusTest
@WithTestResource(ProsodyResource.class)
class CrossProtocolTest {
    static final String EVENT = PubSubClient.EVENT;

    @InjectProsody
    Prosody prosody;

    @Inject
    ComponentLink link;

    @Inject
    HttpTokens tokens;

    XmppClients clients;
    PubSubClient hamlet;
    PubSubClient horatio;

    @BeforeEach
    void connect() {
        await().atMost(PubSubClient.TIMEOUT).until(link::isConnected);
        clients = new XmppClients(prosody);
        hamlet = new PubSubClient(clients.connectNewUser(), ProsodyResource.COMPONENT);
        horatio = new PubSubClient(clients.connectNewUser(), ProsodyResource.COMPONENT);
    }

    @AfterEach
    void disconnect() {
        clients.close();
    }

    @Test
    void anItemPublishedOverHttpReachesASmackSubscriber() {
        String publisher = tokens.issue(hamlet.bareJid());
        String id = nodeName("to-xmpp");
        create(publisher, id, null);
        horatio.set("<subscribe node='" + id + "' jid='" + horatio.jid() + "'/>");

        as(publisher).contentType(ContentType.JSON).body("{\"text\":\"a < b & c\"}").put(node(id) + "/items/first")
                .then().statusCode(200);
        XmlElement item = item(horatio.nextEvent());
        assertThat(item.attr("id")).isEqualTo("first");
        XmlElement json = item.child("json", "urn:xmpp:json:0");
        assertThat(json).as("XEP-0335 container in %s", item).isNotNull();
        assertThat(json.text()).isEqualTo("{\"text\":\"a < b & c\"}");

        as(publisher).contentType("application/atom+xml")
                .body("<entry xmlns='http://www.w3.org/2005/Atom'><title>From HTTP</title></entry>").post(node(id) + "/items")
                .then().statusCode(201);
        XmlElement entry = item(horatio.nextEvent()).child("entry", "http://www.w3.org/2005/Atom");
        assertThat(entry.childText("title", "http://www.w3.org/2005/Atom")).isEqualTo("From HTTP");

        // A subscription made over HTTP for the same bare JID is the XMPP user's subscription.
        String horatioToken = tokens.issue(horatio.bareJid());
        as(horatioToken).get("/api/v1/subscriptions").then().statusCode(200)
                .body("subscriptions.find { it.node == '" + id + "' }.jid", equalTo(horatio.jid()));
    }

    @Test
    void anItemPublishedOverXmppIsReadOverHttp() {
        String id = nodeName("from-xmpp");
        hamlet.set("<create node='" + id + "'/>");
        hamlet.set("<publish node='" + id + "'><item id='soliloquy'><entry xmlns='http://www.w3.org/2005/Atom'>"
                + "<title>To be</title></entry></item></publish>");

        anonymous().get(node(id) + "/items").then().statusCode(200).body("count", equalTo(1))
                .body("items[0].id", equalTo("soliloquy")).body("items[0].publisher", equalTo(hamlet.bareJid()))
                .body("items[0].contentType", equalTo("application/atom+xml"))
                .body("items[0].payload", containsString("<title>To be</title>"));
        // The XMPP creator owns the node over HTTP too.
        as(tokens.issue(hamlet.bareJid())).get(node(id) + "/config").then().statusCode(200);
        as(tokens.issue(horatio.bareJid())).get(node(id) + "/config").then().statusCode(403);
    }

    private static XmlElement item(XmlElement message) {
        XmlElement items = message.child("event", EVENT).child("items", EVENT);
        return items.child("item", EVENT);
    }
}
