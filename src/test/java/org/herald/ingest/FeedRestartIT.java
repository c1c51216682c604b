package org.herald.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.herald.http.auth.TokenService;
import org.herald.testsupport.HeraldProcess;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.PubSubClient;
import org.herald.testsupport.XmppClients;
import org.herald.xmpp.stanza.XmlElement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 5's restart requirement as an operator would see it: Herald runs as a real process, ingests a feed into a
 * node whose subscriber is a Smack client on a real Prosody, is stopped with SIGTERM and started again — and the
 * second process, polling the same feed (served without validators, so every poll reads every entry), publishes
 * none of the old entries again, but does publish a new one.
 */
class FeedRestartIT {
    static final String DOMAIN = "localhost";
    static final String COMPONENT = "pubsub." + DOMAIN;
    static final String EVENT = PubSubClient.EVENT;
    static final Duration START_UP = Duration.ofSeconds(60);
    static final Duration SHUTDOWN = Duration.ofSeconds(30);
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path LOGS = Path.of("target", "feed-restart-it");
    static final Pattern LISTENING = Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");

    Prosody prosody;
    XmppClients clients;
    LocalFeedServer origin;
    final List<HeraldProcess> heralds = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        heralds.forEach(HeraldProcess::close);
        if (clients != null) clients.close();
        if (prosody != null) prosody.close();
        if (origin != null) origin.close();
    }

    @Test
    void aRestartedHeraldDoesNotRepublishOldEntries() throws Exception {
        prosody = Prosody.start(DOMAIN, COMPONENT);
        clients = new XmppClients(prosody);
        origin = new LocalFeedServer();
        origin.conditional(false); // every poll reads the whole feed: only the cursor can keep entries from coming back
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        PubSubClient owner = new PubSubClient(clients.connect("owner-" + suffix), COMPONENT);
        PubSubClient reader = new PubSubClient(clients.connect("reader-" + suffix), COMPONENT);
        String node = "feed-restart-" + suffix;
        String path = "/restart-" + suffix + ".atom";
        String token = "hrld_restart-" + suffix;

        HeraldProcess first = startHerald("first", owner, token);
        owner.set("<create node='" + node + "'/>");
        reader.set("<subscribe node='" + node + "' jid='" + reader.jid() + "'/>");
        origin.serve(path, LocalFeedServer.atom("restart", "urn:r:1", "One", "first", "urn:r:2", "Two", "second"));
        HttpResponse<String> added = post(first, token, "{\"url\":\"" + origin.url(path) + "\",\"node\":\"" + node + "\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);

        List<String> titles = List.of(title(reader.nextEvent(), node), title(reader.nextEvent(), node));
        assertThat(titles).containsExactlyInAnyOrder("One", "Two");

        assertThat(first.stopGracefully(SHUTDOWN)).as("Herald exits on SIGTERM; log:\n%s", first.logTail()).isNotNull();
        int before = origin.hits(path);
        startHerald("second", owner, token);

        // Two full polls by the second process: the first has been handled once the second is asked for (one feed is
        // fetched by one pass at a time), and neither published an old entry again.
        await().atMost(WAIT).until(() -> origin.hits(path) >= before + 2);
        reader.assertNoEvent();

        // The second process does ingest what is new.
        origin.serve(path, LocalFeedServer.atom("restart", "urn:r:1", "One", "first", "urn:r:2", "Two", "second",
                "urn:r:3", "Three", "third"));
        assertThat(title(reader.nextEvent(), node)).isEqualTo("Three");
        await().atMost(WAIT).until(() -> origin.hits(path) >= before + 4);
        reader.assertNoEvent();
    }

    private HeraldProcess startHerald(String name, PubSubClient probe, String token) throws Exception {
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve("herald-" + name + ".log");
        Files.deleteIfExists(log);
        HeraldProcess h = HeraldProcess.start(prosody, COMPONENT, log,
                // the node's owner registers the feed with a configured token (only its hash is given to Herald)
                "herald.http.tokens.restart.jid", probe.bareJid(),
                "herald.http.tokens.restart.sha256", HexFormat.of().formatHex(TokenService.hash(token)),
                // the origin is on 127.0.0.1, and polls come quickly so the test need not wait long
                "herald.ingest.allow-private-targets", "true",
                "herald.ingest.tick", "100ms",
                "herald.ingest.default-interval", "1s",
                "herald.ingest.min-interval", "200ms",
                "herald.ingest.host-gap", "10ms");
        heralds.add(h);
        h.awaitServing(probe.connection, COMPONENT, START_UP);
        return h;
    }

    private static HttpResponse<String> post(HeraldProcess herald, String token, String json) throws Exception {
        Matcher m = LISTENING.matcher(herald.logText());
        assertThat(m.find()).as("the HTTP port in the log:\n%s", herald.logTail()).isTrue();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/api/v1/feeds"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String title(XmlElement message, String node) {
        XmlElement items = message.child("event", EVENT).child("items", EVENT);
        assertThat(items.attr("node")).isEqualTo(node);
        return items.child("item", EVENT).child("entry", "http://www.w3.org/2005/Atom").child("title",
                "http://www.w3.org/2005/Atom").text();
    }
}
