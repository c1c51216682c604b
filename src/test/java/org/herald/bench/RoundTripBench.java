package org.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.herald.testsupport.HeraldProcess;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.XmlIq;
import org.herald.testsupport.XmppClients;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test: publish → notification round trip, one publish at a time, against Herald (a
 * separate process, as in production) and against Prosody's own mod_pubsub on the same Prosody. Excluded from
 * the normal build (surefire excludes {@code *Bench}); run it with {@code bench/roundtrip.sh}. It asserts only
 * that every notification arrived for the item just published; timings are printed and written to
 * {@code target/bench/}, never asserted.
 */
class RoundTripBench {
    static final String DOMAIN = "localhost";
    static final String HERALD = "pubsub." + DOMAIN;
    static final String PROSODY_PUBSUB = "pubsub2." + DOMAIN;
    static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String PAYLOAD = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Round trip</title>"
            + "<summary>One publish, one notification — Grüße</summary></entry>";

    final int n = Integer.getInteger("bench.n", 1000);
    final int warmup = Integer.getInteger("bench.warmup", 100);

    Prosody prosody;
    XmppClients clients;
    HeraldProcess herald;

    @AfterEach
    void cleanUp() {
        if (herald != null) herald.close();
        if (clients != null) clients.close();
        if (prosody != null) prosody.close();
    }

    /** Nanosecond samples of one run. */
    record Samples(long[] publishIq, long[] notification) {
    }

    @Test
    void publishToNotificationRoundTrip() throws Exception {
        prosody = Prosody.builder(DOMAIN).components(HERALD).builtinPubSub(PROSODY_PUBSUB)
                .admins("publisher@" + DOMAIN).start();
        clients = new XmppClients(prosody);
        XMPPTCPConnection publisher = clients.connect("publisher");
        XMPPTCPConnection subscriber = clients.connectNewUser();
        herald = HeraldProcess.start(prosody, HERALD, Path.of("target", "bench", "herald.log"));
        herald.awaitServing(publisher, HERALD, Duration.ofSeconds(60));

        String loadBefore = loadAverage();
        Run heraldRun = new Run(HERALD, publisher, subscriber);
        Run prosodyRun = new Run(PROSODY_PUBSUB, publisher, subscriber);
        // Alternate the two services publish by publish, so background load on the machine hits both alike.
        for (int i = -warmup; i < n; i++) {
            heraldRun.roundTrip(publisher, i);
            prosodyRun.roundTrip(publisher, i);
        }
        Samples h = heraldRun.samples();
        Samples p = prosodyRun.samples();

        String table = report(h, p) + String.format("Load average (1/5/15 min) before: %s, after: %s%n", loadBefore, loadAverage());
        System.out.println(table);
        Path out = Path.of("target", "bench", "roundtrip-"
                + OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);
    }

    /** One service under measurement: its node, the subscriber's arrivals from it, the samples so far. */
    final class Run {
        final String service;
        final DomainBareJid to;
        final String node = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
        final long[] iq = new long[n];
        final long[] notify = new long[n];

        Run(String service, XMPPTCPConnection publisher, XMPPTCPConnection subscriber) throws Exception {
            this.service = service;
            this.to = JidCreate.domainBareFrom(service);
            // Plain IQs (no PubSubClient): its listeners and parsers would add client work to the measurement.
            publisher.sendIqRequestAndWaitForResponse(new XmlIq(IQ.Type.set, to, "pubsub", PUBSUB, "<create node='" + node + "'/>"));
            subscriber.sendIqRequestAndWaitForResponse(new XmlIq(IQ.Type.set, to, "pubsub", PUBSUB,
                    "<subscribe node='" + node + "' jid='" + subscriber.getUser() + "'/>"));
            // Stamp each notification as Smack hands it over, before anything else looks at it.
            subscriber.addStanzaListener(s -> arrivals.add(new Arrival(System.nanoTime(), (Message) s)),
                    s -> s instanceof Message && to.equals(s.getFrom()));
        }

        /** One publish, waiting for its result and for the subscriber's notification; i < 0 is warm-up. */
        void roundTrip(XMPPTCPConnection publisher, int i) throws Exception {
            String id = "i" + (i + warmup);
            XmlIq publish = new XmlIq(IQ.Type.set, to, "pubsub", PUBSUB,
                    "<publish node='" + node + "'><item id='" + id + "'>" + PAYLOAD + "</item></publish>");
            long sent = System.nanoTime();
            IQ result = publisher.sendIqRequestAndWaitForResponse(publish);
            long answered = System.nanoTime();
            Arrival a = arrivals.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(result.getType()).isEqualTo(IQ.Type.result);
            assertThat(a).as("notification for %s from %s", id, service).isNotNull();
            String xml = a.message().toXML().toString();
            assertThat(xml.contains("id='" + id + "'") || xml.contains("id=\"" + id + "\""))
                    .as("notification for %s from %s: %s", id, service, xml).isTrue();
            if (i >= 0) {
                iq[i] = answered - sent;
                notify[i] = a.nanos() - sent;
            }
        }

        Samples samples() {
            return new Samples(iq, notify);
        }
    }

    record Arrival(long nanos, Message message) {
    }

    String report(Samples herald, Samples prosody) {
        String cpu = Runtime.getRuntime().availableProcessors() + " cores";
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Round trip, %s UTC, %s, N=%d after %d warm-up, one publish at a time%n%n",
                OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 19), cpu, n, warmup));
        b.append("| Service | Measure | min | median | p90 | p99 | max |\n");
        b.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
        row(b, "Herald", "publish → notification", herald.notification());
        row(b, "Prosody mod_pubsub", "publish → notification", prosody.notification());
        row(b, "Herald", "publish IQ → result", herald.publishIq());
        row(b, "Prosody mod_pubsub", "publish IQ → result", prosody.publishIq());
        b.append(String.format(Locale.ROOT, "%nRatio of medians Herald/Prosody: notification %.2f, publish IQ %.2f (times in ms)%n",
                (double) percentile(herald.notification(), 50) / percentile(prosody.notification(), 50),
                (double) percentile(herald.publishIq(), 50) / percentile(prosody.publishIq(), 50)));
        return b.toString();
    }

    static void row(StringBuilder b, String service, String measure, long[] nanos) {
        b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", service, measure,
                ms(percentile(nanos, 0)), ms(percentile(nanos, 50)), ms(percentile(nanos, 90)),
                ms(percentile(nanos, 99)), ms(percentile(nanos, 100))));
    }

    /** Nearest-rank percentile; 0 is the minimum, 100 the maximum. */
    static long percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        if (p == 0) return sorted[0];
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The machine's load (other work competes for the same 2 cores), from /proc/loadavg. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1_000_000.0);
    }
}
