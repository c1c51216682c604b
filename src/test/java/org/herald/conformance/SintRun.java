package org.herald.conformance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.herald.testsupport.HeraldProcess;
import org.herald.testsupport.Prosody;
import org.herald.testsupport.XmppClients;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.jxmpp.jid.DomainBareJid;

/**
 * Runs the Smack Integration Test Framework (SINT) against Herald: a real Prosody on loopback, Herald as a real
 * process attached to it as {@code pubsub.localhost}, and SINT in a JVM of its own (its Smack 4.5 cannot share a
 * classpath with the Smack 4.4.8 of Herald's tests). Started by {@code conformance/sint.sh}, which passes the SINT
 * classpath file; writes {@code target/sint/sint.log} (SINT's whole output) and {@code target/sint/summary.txt}
 * (one line per test: passed, failed, skipped) and exits with SINT's status (0 all passed, 2 some failed).
 */
public final class SintRun {
    static final String DOMAIN = "localhost";
    static final String COMPONENT = "pubsub." + DOMAIN;
    /** SINT has no port setting: it connects to the host's standard client port. */
    static final int C2S_PORT = 5222;
    static final Path OUT = Path.of("target", "sint");
    static final Duration START_UP = Duration.ofSeconds(90);
    static final Duration SINT_TIMEOUT = Duration.ofMinutes(10);

    /** How a run ended: SINT's exit status (0 all passed, 2 some failed) and one line per test. */
    public record Result(int status, List<String> summary) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) throw new IllegalArgumentException("usage: SintRun <file with SINT's classpath> [sinttest.enabledSpecifications]");
        Result result = run(Files.readString(Path.of(args[0])).trim(), args.length > 1 ? args[1] : "XEP-0060");
        result.summary().forEach(System.out::println);
        System.exit(result.status());
    }

    /** Starts Prosody and Herald, runs SINT's tests of the given specifications against them, and stops both. */
    public static Result run(String sintClasspath, String specifications) throws Exception {
        Files.createDirectories(OUT);
        requireFree(C2S_PORT);
        int status;
        String discovered;
        try (Prosody prosody = Prosody.builder(DOMAIN).components(COMPONENT).c2sPort(C2S_PORT).start();
             XmppClients probes = new XmppClients(prosody)) {
            List<String> accounts = new ArrayList<>();
            for (String name : List.of("sint-one", "sint-two", "sint-three")) {
                String password = UUID.randomUUID().toString();
                prosody.register(name, password);
                accounts.add(name);
                accounts.add(password);
            }
            Path heraldLog = OUT.resolve("herald.log");
            Files.deleteIfExists(heraldLog);
            try (HeraldProcess herald = HeraldProcess.start(prosody, COMPONENT, heraldLog)) {
                XMPPTCPConnection probe = probes.connectNewUser();
                herald.awaitServing(probe, COMPONENT, START_UP);
                discovered = requireHeraldIsTheService(probe);
                probes.close();
                status = runSint(sintClasspath, specifications, accounts);
            }
            Files.copy(prosody.logFile(), OUT.resolve("prosody.log"), StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> summary = summarise(Files.readAllLines(OUT.resolve("sint.log"), StandardCharsets.UTF_8));
        summary.add(0, discovered);
        summary.add(heraldAnswers(Files.readAllLines(OUT.resolve("prosody.log"), StandardCharsets.UTF_8)));
        Files.write(OUT.resolve("summary.txt"), summary, StandardCharsets.UTF_8);
        return new Result(status, summary);
    }

    /**
     * SINT's pubsub tests find their service the way Smack's PubSubManager does: the first item of the domain's
     * disco#items with identity pubsub/service. Checking with the same code first makes sure SINT meets Herald
     * (and not, say, a pubsub component of Prosody's own).
     */
    static String requireHeraldIsTheService(XMPPTCPConnection probe) throws Exception {
        DomainBareJid found = PubSubManager.getPubSubService(probe);
        if (found == null || !COMPONENT.equals(found.toString())) {
            throw new IllegalStateException("pubsub discovery at " + DOMAIN + " finds " + found + ", not Herald's " + COMPONENT);
        }
        return "pubsub service discovered at " + DOMAIN + ": " + found + " (Herald)";
    }

    static int runSint(String classpath, String specifications, List<String> accounts) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("-Dsinttest.service=" + DOMAIN);
        cmd.add("-Dsinttest.host=127.0.0.1");
        cmd.add("-Dsinttest.securityMode=disabled");
        cmd.add("-Dsinttest.replyTimeout=15000");
        // Only plain TCP connections: Prosody here serves neither BOSH nor WebSocket.
        cmd.add("-Dsinttest.enabledConnections=tcp");
        cmd.add("-Dsinttest.dnsResolver=javax");
        cmd.add("-Dsinttest.enabledSpecifications=" + specifications);
        // Pre-registered accounts: SINT then neither registers nor deletes accounts.
        String[] keys = {"accountOneUsername", "accountOnePassword", "accountTwoUsername", "accountTwoPassword",
                "accountThreeUsername", "accountThreePassword"};
        for (int i = 0; i < keys.length; i++) cmd.add("-Dsinttest." + keys[i] + "=" + accounts.get(i));
        cmd.add("org.igniterealtime.smack.inttest.SmackIntegrationTestFramework");
        Path log = OUT.resolve("sint.log");
        Process sint = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!sint.waitFor(SINT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            sint.destroyForcibly();
            throw new IllegalStateException("SINT did not finish within " + SINT_TIMEOUT + "; see " + log);
        }
        return sint.exitValue();
    }

    /** SINT's result lines (its JUL result processor), reduced to one verdict per test. */
    static List<String> summarise(List<String> log) {
        List<String> out = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (String line : log) {
            String l = line.replaceFirst("^INFO: |^WARNING: |^SEVERE: ", "");
            if (l.endsWith(" ✔")) {
                passed++;
                out.add("PASSED  " + l.substring(0, l.length() - 2));
            } else if (l.startsWith("Could not run ")) {
                skipped++;
                out.add("SKIPPED " + l.substring("Could not run ".length()));
            } else if (l.contains(" failed: ") && l.contains("(")) {
                failed++;
                out.add("FAILED  " + l);
            } else if (l.startsWith("SmackIntegrationTestFramework[") && l.contains("finished")) {
                out.add(l);
            }
        }
        out.add("passed " + passed + ", failed " + failed + ", skipped " + skipped);
        return out;
    }

    /**
     * Evidence that SINT talked to Herald: Prosody's debug log shows every stanza it received from the component;
     * those addressed to SINT's accounts are Herald's answers to SINT.
     */
    static String heraldAnswers(List<String> prosodyLog) {
        long n = prosodyLog.stream()
                .filter(l -> l.contains("Received[component]") && l.contains("from='" + COMPONENT + "'") && l.contains("to='sint-"))
                .count();
        return "Herald (" + COMPONENT + ") sent " + n + " stanzas to SINT's accounts";
    }

    private static void requireFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is taken; SINT can only connect to " + port
                    + ", so stop whatever listens there first", e);
        }
    }
}
