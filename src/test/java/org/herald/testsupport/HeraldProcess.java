package org.herald.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.util.ParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Herald as a real, separate process: {@code java -jar target/quarkus-app/quarkus-run.jar}, pointed at a test
 * {@link Prosody}'s component slot. The component secret goes in through the environment only (never the
 * command line, which any local user can read); stdout and stderr go to a log file.
 */
public final class HeraldProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    static {
        XmppClients.ensureSmackReady();
        // While no component is connected, Prosody bounces stanzas with <not-connected/> in its own namespace;
        // Smack's generic parser asserts (tests run with -ea) on such self-namespaced elements, so parse it here.
        ProviderManager.addExtensionProvider("not-connected", "xmpp:prosody.im/protocol/component",
                new ExtensionElementProvider<StandardExtensionElement>() {
                    @Override
                    public StandardExtensionElement parse(XmlPullParser parser, int depth, XmlEnvironment env)
                            throws IOException, XmlPullParserException {
                        ParserUtils.forwardToEndTagOfDepth(parser, depth);
                        return StandardExtensionElement.builder("not-connected", "xmpp:prosody.im/protocol/component").build();
                    }
                });
    }

    /**
     * Extra properties for {@link #start} that drop the quick reconnect tests use otherwise, so that Herald reconnects
     * with the backoff {@code application.properties} ships (a test of the defaults an operator gets).
     */
    public static final String[] CONFIGURED_BACKOFF = {"herald.component.reconnect-min", null,
            "herald.component.reconnect-max", null};

    private final Process process;
    private final Path log;
    /** Characters the (appended) log held before this process started: earlier runs' lines are not this one's. */
    private final int logStart;

    private HeraldProcess(Process process, Path log, int logStart) {
        this.process = process;
        this.log = log;
        this.logStart = logStart;
    }

    /**
     * Starts Herald for {@code component} of {@code prosody}, appending its output to {@code log}. Extra
     * {@code -Dkey=value} system properties may be given as key/value pairs; a pair replaces an earlier one of the
     * same key, and a null value removes it.
     */
    public static HeraldProcess start(Prosody prosody, String component, Path log, String... extraProperties) {
        return start(prosody.host(), prosody.componentPort(), component, prosody.componentSecret(component), log,
                extraProperties);
    }

    /**
     * Starts Herald for a component of any XMPP server (e.g. {@link Ejabberd}) given its address and secret; otherwise
     * as {@link #start(Prosody, String, Path, String...)}. The secret goes in through the environment only.
     */
    public static HeraldProcess start(String host, int componentPort, String component, String secret, Path log,
                                      String... extraProperties) {
        return start(host, componentPort, component, secret, log, List.of(), extraProperties);
    }

    /**
     * As {@link #start(String, int, String, String, Path, String...)}, with options for the JVM before {@code -jar}
     * (e.g. {@code -XX:StartFlightRecording=...} to profile Herald under a benchmark's load).
     */
    public static HeraldProcess start(String host, int componentPort, String component, String secret, Path log,
                                      List<String> jvmOptions, String... extraProperties) {
        List<String> props = new ArrayList<>(List.of("herald.component.host", host,
                "herald.component.port", Integer.toString(componentPort), "herald.component.jid", component,
                // A restarted Herald may find the server still holding the previous session for a moment: retry quickly.
                "herald.component.reconnect-min", "100ms", "herald.component.reconnect-max", "1s",
                "quarkus.http.port", "0"));
        props.addAll(java.util.Arrays.asList(extraProperties)); // may hold nulls (removals)
        return launch(List.of(), jvmOptions, Map.of("HERALD_COMPONENT_SECRET", secret), props, log);
    }

    /**
     * Starts Herald with no XMPP link ({@code herald.component.enabled=false}), e.g. as one of several instances
     * serving HTTP and streams from a shared PostgreSQL and Redis (issue #6). The datasource and Redis come from
     * the inherited environment unless {@code extraProperties} (key/value pairs) say otherwise; the HTTP port is
     * free, see {@link #awaitHttpPort}.
     */
    public static HeraldProcess startWithoutLink(Path log, String... extraProperties) {
        List<String> props = new ArrayList<>(List.of("herald.component.enabled", "false", "quarkus.http.port", "0"));
        props.addAll(java.util.Arrays.asList(extraProperties)); // may hold nulls (removals)
        return launch(List.of(), List.of(), Map.of(), props, log);
    }

    /**
     * Starts Herald without an XMPP server ({@code herald.component.enabled=false}) on 127.0.0.1:{@code httpPort},
     * through {@code launcher} (a command prefix such as {@code runuser -u nobody --}, or nothing), with {@code env}
     * added to the inherited environment. Extra {@code -Dkey=value} system properties as key/value pairs.
     */
    public static HeraldProcess startStandalone(List<String> launcher, Map<String, String> env, int httpPort, Path log,
            String... extraProperties) {
        List<String> props = new ArrayList<>(List.of("herald.component.enabled", "false",
                "quarkus.http.port", Integer.toString(httpPort)));
        props.addAll(java.util.Arrays.asList(extraProperties)); // may hold nulls (removals)
        return launch(launcher, List.of(), env, props, log);
    }

    /**
     * The per-requester limits (issue #9) are off in every process these tests start, as the {@code %test} profile
     * has them off for in-process tests: the fault and cluster tests publish bursts from one JID and test what
     * happens to acknowledged items, not the policy. {@code RequestLimitsTest} tests the limits; a caller that wants
     * them passes its own values, which replace these.
     */
    private static final Map<String, String> PER_REQUESTER_LIMITS_OFF = Map.of(
            "herald.limits.publish.rate", "0", "herald.limits.subscribe.rate", "0",
            "herald.limits.create.rate", "0", "herald.limits.max-nodes-per-owner", "0");

    /** {@code launcher java jvmOptions -Dk=v... -jar JAR}, on loopback, output appended to {@code log}; props as key/value pairs. */
    private static HeraldProcess launch(List<String> launcher, List<String> jvmOptions, Map<String, String> env,
                                        List<String> props, Path log) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: build it first (./mvnw -B package -DskipTests)");
        }
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Dquarkus.http.host=127.0.0.1");
        // A later pair replaces an earlier one of the same key; a null value drops the key (see CONFIGURED_BACKOFF).
        Map<String, String> byKey = new java.util.LinkedHashMap<>(PER_REQUESTER_LIMITS_OFF);
        for (int i = 0; i + 1 < props.size(); i += 2) {
            byKey.remove(props.get(i));
            if (props.get(i + 1) != null) byKey.put(props.get(i), props.get(i + 1));
        }
        byKey.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(JAR.toAbsolutePath().toString());
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            int logStart = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8).length() : 0;
            return new HeraldProcess(pb.start(), log, logStart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final java.util.regex.Pattern LISTENING = java.util.regex.Pattern.compile("Listening on: http://[^:/]+:(\\d+)");

    /**
     * Waits until Herald logs the HTTP port it listens on (started with {@code quarkus.http.port=0}) and returns it;
     * fails early, with the log, if the process dies. Reads only what this process wrote to an appended log: an
     * earlier run's port would otherwise be taken at once.
     */
    public int awaitHttpPort(Duration atMost) {
        int[] port = {-1};
        try {
            Awaitility.await("Herald listening on HTTP").atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Herald exited (" + process.exitValue() + "):\n" + logTail());
                }
                String text = logText();
                java.util.regex.Matcher m = LISTENING.matcher(text.substring(Math.min(logStart, text.length())));
                while (m.find()) port[0] = Integer.parseInt(m.group(1));
                return port[0] > 0;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Herald did not listen on HTTP within " + atMost + ":\n" + logTail(), e);
        }
        return port[0];
    }

    /** Kills the process at once (SIGKILL, as kill -9): no shutdown hook runs, nothing is released. */
    public void killHard() {
        process.destroyForcibly();
        try {
            process.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the log, for failure messages. */
    public String logTail() {
        List<String> lines = logText().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /**
     * Asks Herald to stop (SIGTERM, as a service manager would) and waits up to {@code within} for it to exit.
     * Returns the time it took, or null if it was still running then (it is left running; {@link #close()}
     * kills it).
     */
    public Duration stopGracefully(Duration within) {
        long start = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Waits until Herald answers an XEP-0199 ping sent by {@code client} to {@code component} through Prosody,
     * i.e. until its component link is up and serving. Fails early, with the log, if the process dies.
     */
    public void awaitServing(XMPPConnection client, String component, Duration atMost) {
        Jid to = JidCreate.domainBareFromOrThrowUnchecked(component);
        try {
            Awaitility.await("Herald serving " + component).atMost(atMost).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("Herald exited (" + process.exitValue() + "):\n" + logTail());
                        }
                        try {
                            IQ answer = client.sendIqRequestAndWaitForResponse(
                                    new RawIq(IQ.Type.get, to, "ping", "urn:xmpp:ping", Map.of()));
                            return answer.getType() == IQ.Type.result;
                        } catch (XMPPException.XMPPErrorException e) {
                            return false; // Prosody: service-unavailable while the component is not connected
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Herald did not start serving within " + atMost + ":\n" + logTail(), e);
        }
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Makes sure the process is gone: SIGTERM, then SIGKILL. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
