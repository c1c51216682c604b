package org.herald.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jivesoftware.smack.ConnectionConfiguration;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;

/**
 * A real ejabberd (Debian package, 23.01) for tests, on loopback ports of its own, with a throwaway config, Mnesia
 * spool and logs in a temp dir (shared/notes/xmpp-servers-here.md). Users log in anonymously (no registration step);
 * each component slot is an {@code ejabberd_service} listener entry, which — unlike Prosody — accepts several
 * connections for one component. The Erlang distribution listens on loopback only, on a port of its own (no epmd).
 */
public final class Ejabberd implements AutoCloseable {
    private static final Path EJABBERDCTL = Path.of("/usr/sbin/ejabberdctl");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String domain;
    private final Map<String, String> componentSecrets = new LinkedHashMap<>();
    private final String builtinPubSub;
    private final Path dir;
    private final int c2sPort;
    private final int componentPort;
    private final int distPort;
    private final String node;
    private final List<XMPPTCPConnection> clients = new ArrayList<>();
    private Process process;

    private Ejabberd(String domain, String builtinPubSub, List<String> components) throws IOException {
        if (!Files.isExecutable(EJABBERDCTL)) {
            throw new IllegalStateException("ejabberd is not installed at " + EJABBERDCTL
                    + "; install it with: apt-get install -y ejabberd (.ci/prepare does this, without starting it)");
        }
        this.domain = domain;
        this.builtinPubSub = builtinPubSub;
        for (String c : components) componentSecrets.put(c, randomHex(16));
        this.dir = Files.createTempDirectory("herald-ejabberd-");
        this.c2sPort = freePort();
        this.componentPort = freePort();
        this.distPort = freePort();
        this.node = "herald" + randomHex(4) + "@localhost";
        Files.createDirectories(dir.resolve("logs"));
        Files.createDirectories(dir.resolve("spool"));
        Files.copy(Path.of("/etc/ejabberd/inetrc"), dir.resolve("inetrc"));
        // ejabberdctl reads this file, not the environment (see the notes): without it ejabberd would load
        // /etc/ejabberd/ejabberd.yml and its Erlang distribution would listen on every interface.
        Files.writeString(dir.resolve("ejabberdctl.cfg"), "ERLANG_NODE=" + node + "\nINET_DIST_INTERFACE=127.0.0.1\n"
                + "ERL_DIST_PORT=" + distPort + "\nEJABBERD_CONFIG_PATH=" + dir.resolve("ejabberd.yml") + "\n"
                + "EJABBERD_BYPASS_WARNINGS=true\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("ejabberd.yml"), configText(), StandardCharsets.UTF_8);
    }

    /** Starts ejabberd serving {@code domain} (anonymous logins) with one component slot per name. */
    public static Ejabberd start(String domain, String... components) {
        return startWithPubSub(domain, null, components);
    }

    /**
     * As {@link #start(String, String...)}, and ejabberd's own mod_pubsub serving {@code builtinPubSub} (e.g.
     * "pubsub2.localhost"; null for none) with the flat node plugin, Mnesia storage and its default access (any user
     * may create nodes): the peer Herald is measured against (issue #8).
     */
    public static Ejabberd startWithPubSub(String domain, String builtinPubSub, String... components) {
        try {
            Ejabberd e = new Ejabberd(domain, builtinPubSub, List.of(components));
            try {
                e.start();
            } catch (RuntimeException ex) {
                e.close();
                throw ex;
            }
            return e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String domain() {
        return domain;
    }

    public String host() {
        return "127.0.0.1";
    }

    public int c2sPort() {
        return c2sPort;
    }

    public int componentPort() {
        return componentPort;
    }

    public String componentSecret(String component) {
        String s = componentSecrets.get(component);
        if (s == null) throw new IllegalArgumentException("no component " + component);
        return s;
    }

    public Path logFile() {
        return dir.resolve("logs").resolve("ejabberd.log");
    }

    /** A new anonymous user, logged in (SASL ANONYMOUS); closed with the server. */
    public XMPPTCPConnection connectAnonymous() {
        XmppClients.ensureSmackReady();
        try {
            XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain(domain)
                    .setHostAddress(InetAddress.getByName(host()))
                    .setPort(c2sPort)
                    .setSecurityMode(ConnectionConfiguration.SecurityMode.disabled)
                    .performSaslAnonymousAuthentication()
                    .build();
            XMPPTCPConnection c = new XMPPTCPConnection(config);
            c.setReplyTimeout(10_000);
            c.connect().login();
            synchronized (clients) {
                clients.add(c);
            }
            return c;
        } catch (SmackException | IOException | XMPPException e) {
            throw new IllegalStateException("cannot log in anonymously to ejabberd", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void start() {
        try {
            chownToEjabberd();
            List<String> cmd = new java.util.ArrayList<>(asEjabberdUser());
            cmd.addAll(List.of(EJABBERDCTL.toString(), "--config-dir", dir.toString(), "--logs",
                    dir.resolve("logs").toString(), "--spool", dir.resolve("spool").toString(), "foreground"));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (!cmd.get(0).equals(EJABBERDCTL.toString())) pb.environment().put("HOME", "/var/lib/ejabberd");
            process = pb
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!(accepts(c2sPort) && accepts(componentPort))) {
            if (!process.isAlive()) throw new IllegalStateException("ejabberd exited on start:\n" + diagnostics());
            if (Instant.now().isAfter(deadline)) throw new IllegalStateException("ejabberd did not open its ports:\n" + diagnostics());
            pause();
        }
        raiseOpenFilesLimit();
    }

    /**
     * As root, the command prefix that becomes the ejabberd user without PAM ({@code setpriv}), so that ejabberdctl
     * runs the VM directly instead of through su, and the VM keeps our open-files limit (su resets it to 1,024 and
     * a benchmark's thousand clients would fail). Empty when not root or without setpriv: ejabberdctl then does its
     * own su and {@link #raiseOpenFilesLimit} tries prlimit.
     */
    private static List<String> asEjabberdUser() {
        Path setpriv = Path.of("/usr/bin/setpriv");
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(setpriv)) return List.of();
        return List.of(setpriv.toString(), "--reuid=ejabberd", "--regid=ejabberd", "--init-groups");
    }

    /**
     * ejabberdctl runs the VM through su, which resets the open-files soft limit to 1,024: around a thousand
     * clients ejabberd would fail with "too many open files" (see the notes). Raised on the running VM, found by its
     * node name on its command line: the VM is not always a descendant of ours (it was re-parented to init here), so
     * our process tree alone missed it. A refusal is printed, not fatal.
     */
    private void raiseOpenFilesLimit() {
        java.util.stream.Stream.concat(process.descendants(), ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().map(c -> c.contains(node)).orElse(false)))
                .distinct()
                .filter(p -> p.info().commandLine().map(c -> c.contains("beam")).orElse(false))
                .peek(beam -> beamPid = beam.pid())
                .forEach(beam -> {
                    try {
                        Process p = new ProcessBuilder("prlimit", "--pid", Long.toString(beam.pid()), "--nofile=65536:65536")
                                .redirectErrorStream(true).start();
                        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                        if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() != 0) {
                            System.err.println("prlimit on ejabberd's VM " + beam.pid() + " failed: " + out.strip());
                        }
                    } catch (IOException e) {
                        // without prlimit the default limit stays: enough for the functional tests
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
    }

    private long beamPid = -1;

    /**
     * The open-files soft limit the VM runs with (from /proc), or -1 when unknown: where it could not be raised (this
     * sandbox refuses prlimit on another user's process), ejabberd fails somewhat below this many client connections.
     */
    public long openFilesLimit() {
        if (beamPid < 0) return -1;
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(beamPid), "limits")).stream()
                    .filter(l -> l.startsWith("Max open files")).findFirst()
                    .map(l -> Long.parseLong(l.substring("Max open files".length()).trim().split("\\s+")[0]))
                    .orElse(-1L);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Stops the VM (SIGTERM to beam.smp makes Erlang shut down cleanly), then whatever of its tree is left. */
    public synchronized void stop() {
        if (process == null) return;
        synchronized (clients) {
            clients.forEach(XMPPTCPConnection::disconnect);
            clients.clear();
        }
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
            Instant deadline = Instant.now().plusSeconds(20);
            for (ProcessHandle h : tree) {
                while (h.isAlive() && Instant.now().isBefore(deadline)) pause();
                if (h.isAlive()) h.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temp dir is harmless.
        }
    }

    private String configText() {
        StringBuilder c = new StringBuilder();
        c.append("# Throwaway config written by Herald's tests\n")
                .append("hosts:\n  - \"").append(domain).append("\"\n")
                .append("loglevel: info\nlog_rotate_count: 0\ncertfiles: []\n")
                .append("auth_method: anonymous\nanonymous_protocol: sasl_anon\nallow_multiple_connections: true\n")
                .append("acl: {}\naccess_rules:\n  local:\n    allow: all\n")
                .append("listen:\n")
                .append("  -\n    port: ").append(c2sPort).append("\n    ip: \"127.0.0.1\"\n    module: ejabberd_c2s\n")
                .append("    starttls: false\n    max_stanza_size: 1048576\n")
                .append("  -\n    port: ").append(componentPort).append("\n    ip: \"127.0.0.1\"\n    module: ejabberd_service\n")
                .append("    hosts:\n");
        componentSecrets.forEach((name, secret) -> c.append("      \"").append(name).append("\":\n        password: \"")
                .append(secret).append("\"\n"));
        // mod_roster: Smack asks for its roster on login and logs an error when nobody answers
        c.append("modules:\n  mod_disco: {}\n  mod_ping: {}\n  mod_roster: {}\n");
        if (builtinPubSub != null) {
            // mod_pubsub needs mod_caps (see the notes); max_items_node is its cap on pubsub#max_items
            c.append("  mod_caps: {}\n  mod_pubsub:\n    hosts: [\"").append(builtinPubSub).append("\"]\n")
                    .append("    plugins: [\"flat\"]\n    max_items_node: 1000\n");
        }
        return c.toString();
    }

    private void chownToEjabberd() throws IOException {
        try {
            Process p = new ProcessBuilder("chown", "-R", "ejabberd:ejabberd", dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IOException("chown failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private String diagnostics() {
        StringBuilder b = new StringBuilder();
        for (Path f : List.of(dir.resolve("stdout.log"), logFile())) {
            try {
                List<String> lines = Files.readAllLines(f);
                b.append("--- ").append(f.getFileName()).append('\n');
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("--- ").append(f.getFileName()).append(" unreadable\n");
            }
        }
        return b.toString();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Start-up polling interval: a port probe, not a timed wait for an outcome. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
