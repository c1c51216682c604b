package org.herald.http.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.herald.http.rest.RestFixture.anonymous;
import static org.herald.http.rest.RestFixture.as;
import static org.herald.http.rest.RestFixture.create;
import static org.herald.http.rest.RestFixture.node;
import static org.herald.http.rest.RestFixture.nodeName;
import static org.herald.http.rest.RestFixture.publishJson;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.herald.http.PathSegments;
import org.herald.testsupport.HttpTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Items over REST: publish by content type, read, page with cursors, retract (XEP-0060 §6.5, §7). */
@QuarkusTest
class ItemsApiTest {
    static final String ATOM_ENTRY = "<entry xmlns='http://www.w3.org/2005/Atom' xml:lang='en'><title>Soliloquy</title>"
            + "<id>tag:example.org,2003:3.2397</id><updated>2003-12-13T18:30:02Z</updated></entry>";

    @Inject
    HttpTokens tokens;

    String alice;
    String bob;
    String id;

    @BeforeEach
    void newNode() {
        alice = tokens.issue("alice@localhost");
        bob = tokens.issue("bob@localhost");
        id = nodeName("items");
        create(alice, id, "{\"max_items\":50}");
    }

    String items() {
        return node(id) + "/items";
    }

    @Test
    void aJsonBodyIsStoredAsAJsonContainerAndReadBackAsJson() {
        String location = as(alice).contentType(ContentType.JSON).body("{\"temp\": 21.5, \"tags\": [\"<&>\", \"ü\"]}")
                .post(items())
                .then().statusCode(201).body("node", equalTo(id)).extract().header("Location");
        String itemId = as(alice).get(location).then().statusCode(200)
                .body("contentType", equalTo("application/json"))
                .body("payload.temp", equalTo(21.5f)).body("payload.tags[0]", equalTo("<&>")).body("payload.tags[1]", equalTo("ü"))
                .body("publisher", equalTo("alice@localhost")).body("node", equalTo(id))
                .extract().path("id");
        assertThat(location).endsWith(node(id) + "/items/" + PathSegments.encode(itemId));
        // A bare JSON string is a JSON value too.
        as(alice).contentType(ContentType.JSON).body("\"just text\"").put(items() + "/s").then().statusCode(200);
        anonymous().get(items() + "/s").then().statusCode(200).body("payload", equalTo("just text"));
    }

    @Test
    void atomAndXmlBodiesAreStoredAsTheirElement() {
        as(alice).contentType("application/atom+xml").body("<?xml version='1.0' encoding='UTF-8'?>" + ATOM_ENTRY)
                .put(items() + "/entry").then().statusCode(200).body("id", equalTo("entry"));
        anonymous().get(items() + "/entry").then().statusCode(200).body("contentType", equalTo("application/atom+xml"))
                .body("payload", containsString("<title>Soliloquy</title>"))
                .body("payload", containsString("xmlns='http://www.w3.org/2005/Atom'"));

        as(alice).contentType("text/xml; charset=utf-8")
                .body("<g:geoloc xmlns:g='http://jabber.org/protocol/geoloc'><g:lat>45.44</g:lat><g:lon>12.33</g:lon></g:geoloc>")
                .put(items() + "/geo").then().statusCode(200);
        anonymous().get(items() + "/geo").then().statusCode(200).body("contentType", equalTo("application/xml"))
                .body("payload", equalTo("<geoloc xmlns='http://jabber.org/protocol/geoloc'><lat>45.44</lat><lon>12.33</lon></geoloc>"));

        // application/atom+xml promises an Atom entry.
        as(alice).contentType("application/atom+xml").body("<feed xmlns='http://www.w3.org/2005/Atom'/>").post(items())
                .then().statusCode(422).body("field", equalTo("body"));
        // Other XML must say what it is.
        as(alice).contentType(ContentType.XML).body("<plain>no namespace</plain>").post(items())
                .then().statusCode(422).body("field", equalTo("body"));
    }

    @Test
    void badBodiesAreRefusedPrecisely() {
        as(alice).contentType(ContentType.JSON).body("{\"a\":").post(items()).then().statusCode(400)
                .contentType("application/problem+json");
        as(alice).contentType(ContentType.JSON).body("{} {}").post(items()).then().statusCode(400);
        as(alice).contentType(ContentType.XML).body("<a xmlns='urn:x'><b></a>").post(items()).then().statusCode(400);
        as(alice).contentType(ContentType.XML).body("<a xmlns='urn:x'/><b xmlns='urn:x'/>").post(items()).then().statusCode(400);
        as(alice).contentType("text/plain").body("hello").post(items())
                .then().statusCode(415).contentType("application/problem+json").body("field", equalTo("Content-Type"));
        as(alice).contentType("application/json; charset=x-no-such-charset").body("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).post(items()).then().statusCode(415);
        // Nothing was stored by any of them.
        as(alice).get(items()).then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void hostileXmlIsRefusedWithoutBeingExpanded() {
        String laughs = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
                + "<!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>"
                + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>"
                + "<!ENTITY lol4 '&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;'>"
                + "<!ENTITY lol5 '&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;'>"
                + "<!ENTITY lol6 '&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;'>"
                + "<!ENTITY lol7 '&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;'>"
                + "<!ENTITY lol8 '&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;'>"
                + "<!ENTITY lol9 '&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;'>"
                + "]><lolz xmlns='urn:x'>&lol9;</lolz>";
        as(alice).contentType(ContentType.XML).body(laughs).post(items())
                .then().statusCode(400).body("detail", containsString("restricted-xml"));
        String xxe = "<?xml version='1.0'?><!DOCTYPE e [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><e xmlns='urn:x'>&x;</e>";
        as(alice).contentType("application/atom+xml").body(xxe).post(items()).then().statusCode(400);
        // An entity reference with no DTD at all is not one of XML's five.
        as(alice).contentType(ContentType.XML).body("<e xmlns='urn:x'>&x;</e>").post(items()).then().statusCode(400);
        as(alice).contentType(ContentType.XML).body("<e xmlns='urn:x'><?pi data?></e>").post(items()).then().statusCode(400);
        String deep = "<a xmlns='urn:x'>".repeat(100) + "</a>".repeat(100);
        as(alice).contentType(ContentType.XML).body(deep).post(items())
                .then().statusCode(400).body("detail", containsString("deeper"));
        // A prefixed attribute would lose its namespace declaration when stored.
        as(alice).contentType(ContentType.XML).body("<e xmlns='urn:x' xmlns:p='urn:p' p:a='1'/>").post(items())
                .then().statusCode(422).body("field", equalTo("body"));
        as(alice).get(items()).then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void payloadsAboveTheLimitAre413() {
        String small = nodeName("small");
        create(alice, small, "{\"max_payload_size\":100}");
        as(alice).contentType(ContentType.JSON).body("{\"text\":\"" + "x".repeat(200) + "\"}").post(node(small) + "/items")
                .then().statusCode(413).contentType("application/problem+json").body("pubsubCondition", equalTo("payload-too-big"));
        // Above the service's ceiling (herald.pubsub.max-payload-size) the body is refused before it is parsed.
        as(alice).contentType(ContentType.XML).body("<a xmlns='urn:x'>" + "y".repeat(300_000) + "</a>").post(items())
                .then().statusCode(413);
        // Above the HTTP body limit (quarkus.http.limits.max-body-size) the server answers 413 before the body is
        // sent and closes: RestAssured's client then stops at the broken pipe without showing the answer (a race this
        // test lost in CI). HostileHttpTest checks that case with a raw upload that reads the early answer.
        as(alice).get(items()).then().statusCode(200);
    }

    @Test
    void putPublishesUnderAnIdAndReplaces() {
        as(alice).contentType(ContentType.JSON).body("{\"v\":1}").put(items() + "/a%2Fb")
                .then().statusCode(200).body("id", equalTo("a/b"));
        as(alice).contentType(ContentType.JSON).body("{\"v\":2}").put(items() + "/a%2Fb").then().statusCode(200);
        anonymous().get(items() + "/a%2Fb").then().statusCode(200).body("id", equalTo("a/b")).body("payload.v", equalTo(2));
        anonymous().get(items()).then().statusCode(200).body("count", equalTo(1));
    }

    @Test
    void cursorsPageThroughEveryItemExactlyOnce() {
        for (int i = 1; i <= 7; i++) publishJson(alice, id, "i" + i, "{\"n\":" + i + "}");

        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Response page = anonymous().get(items() + "?limit=3" + (after == null ? "" : "&after=" + after));
            page.then().statusCode(200).body("count", equalTo(7));
            seen.addAll(page.path("items.id"));
            after = page.path("next");
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("i7", "i6", "i5", "i4", "i3", "i2", "i1"); // newest first

        // Going back: the page before the oldest three is the next newer three.
        Response last = anonymous().get(items() + "?limit=3&after=" + ItemCursor.of("i4"));
        last.then().body("items.id", equalTo(List.of("i3", "i2", "i1"))).body("next", nullValue());
        String previous = last.path("previous");
        anonymous().get(items() + "?limit=3&before=" + previous).then().statusCode(200)
                .body("items.id", equalTo(List.of("i6", "i5", "i4"))).body("previous", equalTo(ItemCursor.of("i6")));
        anonymous().get(items()).then().body("items[0].seq", org.hamcrest.Matchers.notNullValue()).body("previous", nullValue());

        anonymous().get(items() + "?limit=0").then().statusCode(422).body("field", equalTo("limit"));
        anonymous().get(items() + "?limit=ten").then().statusCode(400).body("field", equalTo("limit"));
        anonymous().get(items() + "?limit=1000").then().statusCode(422).body("field", equalTo("limit"));
        anonymous().get(items() + "?after=!!").then().statusCode(400).body("field", equalTo("after"));
        anonymous().get(items() + "?after=" + ItemCursor.of("gone")).then().statusCode(404);
    }

    @Test
    void retractRemovesTheItem() {
        publishJson(alice, id, "r1", "{}");
        publishJson(alice, id, "r2", "{}");
        as(bob).delete(items() + "/r1").then().statusCode(403);
        anonymous().delete(items() + "/r1").then().statusCode(401);
        as(alice).delete(items() + "/r1?notify=maybe").then().statusCode(400).body("field", equalTo("notify"));
        as(alice).delete(items() + "/r1?notify=true").then().statusCode(204);
        as(alice).delete(items() + "/r2").then().statusCode(204);
        anonymous().get(items() + "/r1").then().statusCode(404).contentType("application/problem+json");
        as(alice).delete(items() + "/r1").then().statusCode(404);
    }

    @Test
    void publishingNeedsATokenAndTheRightAffiliation() {
        anonymous().contentType(ContentType.JSON).body("{}").post(items())
                .then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
        as("hrld_forged").contentType(ContentType.JSON).body("{}").post(items()).then().statusCode(401);
        as(bob).contentType(ContentType.JSON).body("{}").post(items())
                .then().statusCode(403).body("condition", equalTo("forbidden"));
        as(alice).contentType(ContentType.JSON).body("{}").post(node(nodeName("nowhere")) + "/items").then().statusCode(404);
        anonymous().get(items() + "/never-published").then().statusCode(404);
    }

    @Test
    void publishOptionsArePreconditions() {
        as(alice).contentType(ContentType.JSON).body("{}").post(items() + "?precondition.access_model=open").then().statusCode(201);
        as(alice).contentType(ContentType.JSON).body("{}").post(items() + "?precondition.access_model=whitelist")
                .then().statusCode(412).body("pubsubCondition", equalTo("precondition-not-met"));
        as(alice).contentType(ContentType.JSON).body("{}").post(items() + "?precondition.max_items=x")
                .then().statusCode(412).body("field", equalTo("precondition.max_items"));
    }
}
