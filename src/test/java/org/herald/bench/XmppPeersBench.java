package org.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import org.awaitility.Awaitility;
import org.herald.bench.LeanXmppConnection.Login;
import org.herald.bench.report.BenchLog;
import org.herald.bench.report.BenchRecord;
import org.herald.testsupport.Ejabberd;
import org.herald.testsupport.HeraldProcess;
import org.herald.testsupport.Prosody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A measurement, not a test (issue #8): Herald against the pubsub service built into the XMPP server it is attached
 * to, on the same server instance, in the same run: Herald on Prosody vs Prosody's mod_pubsub, then Herald on
 * ejabberd vs ejabberd's mod_pubsub. Two scenarios per pair (bench/README.md, "XMPP against the peers"):
 * <ul>
 *   <li><b>fan-out</b>: one node per system, S lean subscribers (each subscribed to both systems' nodes), one
 *       publisher at rising offered rates until saturation: notifications delivered per second, publish → delivery
 *       p50/p99, lost notifications. Scenarios {@code xmpp-fanout} and {@code xmpp-saturation}.</li>
 *   <li><b>publish rate</b>: P publishers, each on its own connection publishing back-to-back (one IQ in flight) to
 *       its own node, no subscribers: publishes acknowledged per second and IQ round-trip p50/p99. Scenario
 *       {@code publish-rate}.</li>
 * </ul>
 * Figures are appended as {@link BenchRecord}s to {@code $BENCH_RESULTS} and a readable table is written to
 * {@code target/bench/xmpp-peers-<time>.md}. Nothing here asserts a timing.
 *
 * <p>Run (needs the jar, {@code ./mvnw -B -o -q package -DskipTests}, PostgreSQL, Redis, Prosody and ejabberd):
 * <pre>
 * ./mvnw -B -o surefire:test -Dtest=XmppPeersBench -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 * Environment (all optional):
 * <ul>
 *   <li>{@code BENCH_SMOKE=1}: seconds-long run (10 subscribers, 2 rate steps of 1 s, 1 and 4 publishers);</li>
 *   <li>{@code BENCH_XMPP_SERVERS=prosody,ejabberd}: which pairs;</li>
 *   <li>{@code BENCH_XMPP_SCENARIOS=fanout,publish-rate}: which scenarios;</li>
 *   <li>{@code BENCH_SUBSCRIBERS=10,100,1000}, {@code BENCH_PUBLISHERS=1,16,64}: the sizes;</li>
 *   <li>{@code BENCH_STEP_SECONDS=3}: length of one rate step / publish-rate run;</li>
 *   <li>{@code BENCH_MAX_STEPS=9}: rate steps per ramp (200 notifications/s offered, at least 1 item/s, doubling each step);</li>
 *   <li>{@code BENCH_JFR=1}: Herald runs with a JFR recording, dumped on exit to target/bench/herald-&lt;pair&gt;.jfr;</li>
 *   <li>{@code BENCH_RESULTS}: the JSON Lines results file (default target/bench/results.jsonl).</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class XmppPeersBench {
    static final String DOMAIN = "localhost";
    static final String HERALD = "pubsub." + DOMAIN;
    static final String PEER = "pubsub2." + DOMAIN;
    static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    static final Path OUT = Path.of("target", "bench");
    /** The same small Atom entry for every system (about 190 bytes serialised). */
    static final String PAYLOAD = "<entry xmlns='http://www.w3.org/2005/Atom'><title>Bench</title>"
            + "<summary>One publish, many notifications — Grüße</summary></entry>";
    /** The node configuration every system gets (each accepts these three fields): see bench/README.md. */
    static final String NODE_CONFIG = "<configure><x xmlns='jabber:x:data' type='submit'>"
            + "<field var='FORM_TYPE' type='hidden'><value>" + PUBSUB + "#node_config</value></field>"
            + "<field var='pubsub#max_items'><value>256</value></field>"
            + "<field var='pubsub#persist_items'><value>1</value></field>"
            + "<field var='pubsub#notify_retract'><value>0</value></field></x></configure>";

    final XmppBenchSettings cfg = XmppBenchSettings.fromEnvironment();
    final BenchLog results = BenchLog.fromEnvironment();
    final AtomicLongArray published = new AtomicLongArray(4_000_000);
    final AtomicInteger nextSeq = new AtomicInteger();
    final Deliveries deliveries = new Deliveries(published);
    final StringBuilder report = new StringBuilder();
    final String run = UUID.randomUUID().toString().substring(0, 6);
    final List<AutoCloseable> open = new ArrayList<>();
    Vertx vertx;
    NetClient net;

    /** One measured pubsub service of a pair. */
    record Sys(String name, String service) {
    }

    /** What a pair's run needs to know about its server. */
    record Pair(String server, String host, int c2sPort, String subscriberDomain, IntFunction<Login> publisher,
                List<Sys> systems, long maxClients) {
    }

    @AfterEach
    void cleanUp() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) c.close();
        if (vertx != null) vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    @Order(1)
    void prosody() throws Exception {
        // A measurement, not a test: bench/run and BenchSmokeIT choose the server pairs with BENCH_XMPP_SERVERS, and
        // a pair left out is reported as skipped rather than measured.
        Assumptions.assumeTrue(cfg.servers().contains("prosody"), "BENCH_XMPP_SERVERS leaves Prosody out");
        String password = UUID.randomUUID().toString();
        Prosody prosody = Prosody.builder(DOMAIN).components(HERALD).builtinPubSub(PEER)
                .admins("publisher@" + DOMAIN).logLevel("warn").start();
        open.add(prosody);
        open.add(() -> keep(prosody.logFile(), "prosody"));
        prosody.register("publisher", password);
        open.add(startHerald("prosody", prosody.host(), prosody.componentPort(), prosody.componentSecret(HERALD)));
        // Prosody's mod_pubsub lets only admins create nodes, so every publisher is publisher@localhost (own resource).
        measure(new Pair("Prosody", prosody.host(), prosody.c2sPort(), prosody.anonymousDomain(),
                i -> Login.plain(DOMAIN, "publisher", password),
                List.of(new Sys("herald-prosody", HERALD), new Sys("prosody-mod_pubsub", PEER)), Long.MAX_VALUE));
    }

    @Test
    @Order(2)
    void ejabberd() throws Exception {
        // As for Prosody: skipped only when BENCH_XMPP_SERVERS leaves the pair out.
        Assumptions.assumeTrue(cfg.servers().contains("ejabberd"), "BENCH_XMPP_SERVERS leaves ejabberd out");
        Ejabberd ejabberd = Ejabberd.startWithPubSub(DOMAIN, PEER, HERALD);
        open.add(ejabberd);
        open.add(() -> keep(ejabberd.logFile(), "ejabberd"));
        open.add(startHerald("ejabberd", ejabberd.host(), ejabberd.componentPort(), ejabberd.componentSecret(HERALD)));
        // ejabberd's anonymous users may create nodes on its mod_pubsub (access_createnode: all). Where its VM keeps
        // the open-files limit of 1,024 (see Ejabberd.openFilesLimit), sizes that would exhaust it are skipped: past
        // it ejabberd loses its Mnesia files and stops, which would end the pair's run.
        long files = ejabberd.openFilesLimit();
        measure(new Pair("ejabberd", ejabberd.host(), ejabberd.c2sPort(), DOMAIN, i -> Login.anonymous(DOMAIN),
                List.of(new Sys("herald-ejabberd", HERALD), new Sys("ejabberd-mod_pubsub", PEER)),
                files > 0 ? files - 200 : Long.MAX_VALUE));
    }

    HeraldProcess startHerald(String server, String host, int port, String secret) {
        List<String> jvm = cfg.jfr()
                ? List.of("-XX:StartFlightRecording=filename=" + OUT.resolve("herald-" + server + ".jfr").toAbsolutePath()
                        + ",settings=profile,dumponexit=true")
                : List.of();
        // The peers have no per-user publish, subscribe or create limits, and every publisher here is one bare JID
        // (publisher@localhost, see prosody()): Herald's (issue #9; 20 publishes/s per JID by default) are switched
        // off so that both sides are measured at what the service can do, not at a policy's ceiling.
        return HeraldProcess.start(host, port, HERALD, secret, OUT.resolve("xmpp-peers-herald-" + server + ".log"), jvm,
                "herald.limits.publish.rate", "0", "herald.limits.subscribe.rate", "0",
                "herald.limits.create.rate", "0", "herald.limits.max-nodes-per-owner", "0");
    }

    void measure(Pair pair) throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        net = vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(10_000));
        LeanXmppConnection admin = connect(pair, 0);
        awaitServing(admin, HERALD);
        report.append(String.format(Locale.ROOT, "# XMPP: %s, Herald vs its mod_pubsub, %s UTC%n%n", pair.server(),
                OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)));
        if (cfg.scenarios().contains("fanout")) new FanOutRamp(this, pair, admin).run();
        if (cfg.scenarios().contains("publish-rate")) new PublishRate(this, pair).run();
        System.out.println(report);
        Files.createDirectories(OUT);
        String stamp = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Files.writeString(OUT.resolve("xmpp-peers-" + pair.systems().get(0).name() + "-" + stamp + ".md"), report,
                StandardCharsets.UTF_8);
    }

    LeanXmppConnection connect(Pair pair, int i) throws Exception {
        LeanXmppConnection c = LeanXmppConnection.open(net, pair.host(), pair.c2sPort(), pair.publisher().apply(i))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        open.add(c::close);
        return c;
    }

    /** Until the component answers a ping through the server: its link is up and serving. */
    static void awaitServing(LeanXmppConnection c, String service) {
        Awaitility.await(service + " serving").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> await(c.iq("get", service, "<ping xmlns='urn:xmpp:ping'/>")) != null);
    }

    /** Creates {@code node} on {@code sys} with {@link #NODE_CONFIG}; fails the run if the service refuses. */
    static void createNode(LeanXmppConnection c, Sys sys, String node) throws Exception {
        String answer = await(c.iq("set", sys.service(), "<pubsub xmlns='" + PUBSUB + "'><create node='" + node + "'/>"
                + NODE_CONFIG + "</pubsub>"));
        assertThat(answer).as("create %s on %s", node, sys.name()).isNotNull();
    }

    static String publishIq(String node, int seq) {
        return "<pubsub xmlns='" + PUBSUB + "'><publish node='" + node + "'><item id='" + ItemIds.of(seq) + "'>"
                + PAYLOAD + "</item></publish></pubsub>";
    }

    static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    void record(String scenario, Sys sys, Map<String, Double> dims, String metric, double value, String unit) {
        results.append(new BenchRecord(scenario, sys.name(), dims, metric, value, unit));
    }

    String node(String what) {
        return what + "-" + run;
    }

    /** Copies a server's log (in its temp dir, deleted on close) beside the results, for reading after the run. */
    static void keep(Path log, String server) throws java.io.IOException {
        Files.createDirectories(OUT);
        if (Files.exists(log)) Files.copy(log, OUT.resolve("xmpp-peers-" + server + ".log"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
