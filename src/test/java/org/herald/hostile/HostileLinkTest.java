package org.herald.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Path 1, the component link: a test plays the XMPP server (XEP-0114 handshake and all) and, once the stream is up,
 * sends bytes no real server would forward. Herald must end the stream with the right stream error (RFC 6120
 * §4.9.3: {@code restricted-xml} for DTDs, entities, comments and PIs per §11.1; {@code not-well-formed} for bad
 * syntax, bad UTF-8 and characters XML forbids; {@code policy-violation} for its size and depth limits), expand and
 * fetch nothing, reconnect by itself and answer a plain IQ on the new stream.
 */
@QuarkusTest
@WithTestResource(FakeXmppServerResource.class)
class HostileLinkTest {
    static final String COMPONENT = "pubsub.hostile.test";
    static final int MAX_STANZA_BYTES = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String MSG = "<message from='mallory@hostile.test/x' to='" + COMPONENT + "'>";
    private static final String END = "</message>";
    @org.junit.jupiter.api.extension.RegisterExtension
    static final FetchRecorder recorder = new FetchRecorder();

    FakeXmppServer server;

    static Stream<Arguments> hostileStanzas() {
        Map<String, Case> cases = new java.util.LinkedHashMap<>();
        cases.put("billion laughs", new Case("restricted-xml", r -> utf8(HostileXml.billionLaughs(MSG, END))));
        cases.put("quadratic blow-up", new Case("restricted-xml", r -> utf8(HostileXml.quadraticBlowup(MSG, END))));
        cases.put("XXE file:///etc/passwd", new Case("restricted-xml", r -> utf8(HostileXml.externalEntity("file:///etc/passwd", MSG, END))));
        cases.put("XXE over HTTP", new Case("restricted-xml", r -> utf8(HostileXml.externalEntity(r.url("link-entity"), MSG, END))));
        cases.put("external DTD", new Case("restricted-xml", r -> utf8(HostileXml.externalDtd(r.url("link-dtd"), MSG, END))));
        cases.put("undeclared entity", new Case("restricted-xml", r -> utf8(MSG + "<body>&x;</body>" + END)));
        cases.put("comment", new Case("restricted-xml", r -> utf8(MSG + "<!-- hi -->" + END)));
        cases.put("processing instruction", new Case("restricted-xml", r -> utf8(MSG + "<?php x ?>" + END)));
        cases.put("10,000-level nesting (70 kB: over the stanza limit)", new Case("policy-violation", r -> utf8(MSG + HostileXml.nested(10_000) + END)));
        cases.put("1 MB attribute value", new Case("policy-violation",
                r -> utf8(MSG.replace("<message ", "<message x='" + "y".repeat(1 << 20) + "' ") + END)));
        cases.put("invalid UTF-8", new Case("not-well-formed", r -> HostileXml.invalidUtf8(MSG + "<body>", "</body>" + END)));
        cases.put("NUL byte", new Case("not-well-formed", r -> utf8(MSG + "<body>a\u0000b</body>" + END)));
        cases.put("NUL character reference", new Case("not-well-formed", r -> utf8(MSG + "<body>a&#0;b</body>" + END)));
        cases.put("control character U+0001", new Case("not-well-formed", r -> utf8(MSG + "<body>a\u0001b</body>" + END)));
        cases.put("broken markup", new Case("not-well-formed", r -> utf8(MSG + "<body><<</body>" + END)));
        return cases.entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileStanzas")
    void endsTheStreamWithTheRightErrorAndTheLinkComesBack(String name, Case c) throws Exception {
        try (FakeXmppServer.Session session = server.accept(TIMEOUT)) {
            session.write(c.bytes().apply(recorder));
            String sent = session.readToEnd();
            assertThat(sent).as(name).contains("<stream:error><" + c.condition() + " ");
        }
        assertThat(recorder.requests()).as("nothing fetched").isEmpty();
        answersAPingOnTheNextStream();
    }

    /**
     * A client's deep payload that the server passed: only that IQ is refused with {@code bad-request} (built only
     * down to the limit), and the same stream goes on.
     */
    @Test
    void aDeeplyNestedIqIsRefusedAloneAndTheStreamStaysUp() throws Exception {
        try (FakeXmppServer.Session session = server.accept(TIMEOUT)) {
            session.write("<iq type='set' id='deep' from='mallory@hostile.test/x' to='" + COMPONENT + "'>"
                    + "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='n'><item>"
                    + HostileXml.nested(2_000) + "</item></publish></pubsub></iq>");
            String sent = session.readUntil("</iq>", session.readUntil("'deep'").indexOf("'deep'"));
            String reply = sent.substring(sent.lastIndexOf("<iq", sent.indexOf("'deep'")));
            assertThat(reply).contains("type='error'", "<bad-request ", "to='mallory@hostile.test/x'");
            assertThat(sent).doesNotContain("<stream:error>");
            session.write("<iq type='get' id='same-stream' from='alice@hostile.test/r' to='" + COMPONENT
                    + "'><ping xmlns='urn:xmpp:ping'/></iq>");
            String after = session.readUntil(">", session.readUntil("'same-stream'").indexOf("'same-stream'"));
            assertThat(after.substring(after.lastIndexOf("<iq", after.indexOf("'same-stream'")))).contains("type='result'");
        }
    }

    /** A 100 MB stanza, streamed: Herald ends the stream after its limit instead of reading (or buffering) the rest. */
    @Test
    void aHundredMegabyteStanzaIsCutOffAfterTheLimit() throws Exception {
        long total = 100L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        try (FakeXmppServer.Session session = server.accept(TIMEOUT)) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                byte[] chunk = "a".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
                try {
                    session.write(MSG + "<body>");
                    while (written.get() < total) {
                        session.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    // Herald closed the socket: the point of the test
                }
            });
            String sent = session.readToEnd();
            writer.get();
            assertThat(sent).contains("<stream:error><policy-violation ");
        }
        assertThat(written.get()).as("Herald stopped reading long before 100 MB").isLessThan(total);
        answersAPingOnTheNextStream();
    }

    private void answersAPingOnTheNextStream() throws IOException {
        try (FakeXmppServer.Session again = server.accept(TIMEOUT)) {
            again.write("<iq type='get' id='after-hostile' from='alice@hostile.test/r' to='" + COMPONENT
                    + "'><ping xmlns='urn:xmpp:ping'/></iq>");
            String reply = again.readUntil("after-hostile");
            reply = again.readUntil(">", reply.indexOf("after-hostile"));
            String iq = reply.substring(reply.lastIndexOf("<iq", reply.indexOf("after-hostile")));
            assertThat(iq).contains("type='result'").doesNotContain("error");
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    record Case(String condition, Function<FetchRecorder, byte[]> bytes) {
        @Override
        public String toString() {
            return condition;
        }
    }
}
