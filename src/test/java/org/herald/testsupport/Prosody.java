package org.herald.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
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

/**
 * A real Prosody for tests, on loopback ports of its own, with a throwaway config and data in a temp dir.
 * Has one user host ({@code domain}), an anonymous host ({@code anon.domain}) and component slots, each with
 * a random secret. {@link #stop()} and {@link #start()} restart it on the same ports.
 */
public final class Prosody implements AutoCloseable {
    private static final Path PROSODY = Path.of("/usr/bin/prosody");
    private static final Path PROSODYCTL = Path.of("/usr/bin/prosodyctl");
    private static final Path MOD_PRIVILEGE = Path.of("/usr/lib/prosody/modules/mod_privilege/mod_privilege.lua");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final String domain;
    private final Map<String, String> componentSecrets = new LinkedHashMap<>();
    private final List<String> builtinPubSub;
    private final List<String> admins;
    private final Map<String, Privilege> privileged;
    private final Path dir;
    private final Path config;
    private final int c2sPort;
    private final int componentPort;
    private final String logLevel;
    private Process process;

    /**
     * A XEP-0356 grant to a component through mod_privilege (from Debian's prosody-modules).
     *
     * @param roster none, get, set or both
     * @param presence none, managed_entity or roster
     */
    public record Privilege(String roster, String presence) {
    }

    private Prosody(String domain, List<String> components, List<String> builtinPubSub, List<String> admins,
                    int c2sPort, Map<String, Privilege> privileged, String logLevel) throws IOException {
        if (!Files.isExecutable(PROSODY) || !Files.isExecutable(PROSODYCTL)) {
            throw new IllegalStateException("Prosody is not installed at " + PROSODY
                    + "; install it with: apt-get install -y prosody (CI does this)");
        }
        this.domain = domain;
        this.logLevel = logLevel;
        this.builtinPubSub = List.copyOf(builtinPubSub);
        this.admins = List.copyOf(admins);
        this.privileged = Map.copyOf(privileged);
        if (!privileged.isEmpty() && !Files.exists(MOD_PRIVILEGE)) {
            throw new IllegalStateException("mod_privilege is not installed at " + MOD_PRIVILEGE
                    + "; install it with: apt-get install -y prosody-modules (.ci/prepare does this)");
        }
        for (String c : components) componentSecrets.put(c, randomSecret());
        this.dir = Files.createTempDirectory("herald-prosody-");
        this.config = dir.resolve("prosody.cfg.lua");
        this.c2sPort = c2sPort > 0 ? c2sPort : freePort();
        this.componentPort = freePort();
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(config, configText(), StandardCharsets.UTF_8);
    }

    /** Starts Prosody serving {@code domain} with one component slot per name (e.g. "pubsub.localhost"). */
    public static Prosody start(String domain, String... components) {
        return builder(domain).components(components).start();
    }

    /** For a Prosody with more than component slots: e.g. its own mod_pubsub, or admins. */
    public static Builder builder(String domain) {
        return new Builder(domain);
    }

    /** Options beyond {@link #start(String, String...)}; {@link #start()} starts the server. */
    public static final class Builder {
        private final String domain;
        private final List<String> components = new ArrayList<>();
        private final List<String> builtinPubSub = new ArrayList<>();
        private final List<String> admins = new ArrayList<>();
        private final Map<String, Privilege> privileged = new LinkedHashMap<>();
        private int c2sPort;
        private String logLevel = "debug";

        private Builder(String domain) {
            this.domain = domain;
        }

        /** Component slots for external components (XEP-0114), each with a random secret. */
        public Builder components(String... names) {
            components.addAll(List.of(names));
            return this;
        }

        /** A component served by Prosody's own mod_pubsub ({@code Component "name" "pubsub"}). */
        public Builder builtinPubSub(String name) {
            builtinPubSub.add(name);
            return this;
        }

        /** Server admins (bare JIDs); Prosody's mod_pubsub lets only admins create nodes. */
        public Builder admins(String... bareJids) {
            admins.addAll(List.of(bareJids));
            return this;
        }

        /**
         * Loads mod_privilege (XEP-0356) and grants a component slot roster and presence privileges on the user host,
         * e.g. {@code privileged("pubsub.localhost", "get", "roster")}. The slot must be one of {@link #components}.
         */
        public Builder privileged(String component, String roster, String presence) {
            privileged.put(component, new Privilege(roster, presence));
            return this;
        }

        /**
         * A fixed client port instead of a free one: for clients that cannot be told a port, such as the Smack
         * Integration Test Framework, which always connects to 5222.
         */
        public Builder c2sPort(int port) {
            c2sPort = port;
            return this;
        }

        /**
         * The lowest level Prosody logs (debug by default, for diagnosing failed tests); load tests such as the
         * fan-out benchmark use info, since logging every routed stanza would be most of Prosody's work.
         */
        public Builder logLevel(String level) {
            logLevel = level;
            return this;
        }

        public Prosody start() {
            return Prosody.start(this);
        }
    }

    private static Prosody start(Builder b) {
        try {
            Prosody p = new Prosody(b.domain, b.components, b.builtinPubSub, b.admins, b.c2sPort, b.privileged, b.logLevel);
            try {
                p.start();
            } catch (RuntimeException e) {
                p.close();
                throw e;
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's process id (a test may pause it with SIGSTOP to stall its sockets). */
    public long pid() {
        return process.pid();
    }

    public String domain() {
        return domain;
    }

    public String anonymousDomain() {
        return "anon." + domain;
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

    /** The shared secret of a component slot. */
    public String componentSecret(String component) {
        String s = componentSecrets.get(component);
        if (s == null) throw new IllegalArgumentException("no component " + component);
        return s;
    }

    public Path logFile() {
        return dir.resolve("prosody.log");
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server (again) and waits until both ports accept connections. */
    public synchronized void start() {
        if (isRunning()) return;
        try {
            chownToProsody();
            process = new ProcessBuilder(PROSODY.toString(), "--config", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!(accepts(c2sPort) && accepts(componentPort))) {
            if (!process.isAlive()) throw new IllegalStateException("Prosody exited on start:\n" + diagnostics());
            if (Instant.now().isAfter(deadline)) throw new IllegalStateException("Prosody did not open its ports:\n" + diagnostics());
            pause();
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL) and waits until its ports are free again. */
    public synchronized void stop() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Creates an account with prosodyctl (which drops to the prosody user, hence the chown). */
    public void register(String user, String password) {
        try {
            chownToProsody();
            Process p = new ProcessBuilder(PROSODYCTL.toString(), "--config", config.toString(), "register", user, domain, password)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("prosodyctl register " + user + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
        String d = dir.toString();
        StringBuilder c = new StringBuilder();
        c.append("-- Throwaway config written by Herald's tests\n")
                .append("daemonize = false\nrun_as_root = true\n")
                .append("pidfile = \"").append(d).append("/prosody.pid\"\n")
                .append("data_path = \"").append(d).append("/data\"\n")
                .append("log = { ").append(logLevel).append(" = \"").append(d).append("/prosody.log\" }\n")
                .append("interfaces = { \"127.0.0.1\" }\n")
                .append("c2s_ports = { ").append(c2sPort).append(" }\n")
                .append("component_ports = { ").append(componentPort).append(" }\n")
                .append("component_interfaces = { \"127.0.0.1\" }\n")
                .append("s2s_ports = { }\nhttp_ports = { }\nhttps_ports = { }\n")
                .append("c2s_require_encryption = false\nallow_unencrypted_plain_auth = true\n")
                .append("authentication = \"internal_plain\"\nstorage = \"internal\"\n")
                .append("modules_enabled = { \"roster\"; \"saslauth\"; \"disco\"; \"ping\"")
                .append(privileged.isEmpty() ? "" : "; \"privilege\"").append(" }\n")
                .append("modules_disabled = { \"tls\"; \"s2s\" }\n");
        if (!admins.isEmpty()) {
            c.append("admins = { ");
            admins.forEach(a -> c.append('"').append(a).append("\"; "));
            c.append("}\n");
        }
        c.append("VirtualHost \"").append(domain).append("\"\n");
        if (!privileged.isEmpty()) {
            c.append("    privileged_entities = {\n");
            privileged.forEach((component, p) -> c.append("        [\"").append(component).append("\"] = { roster = \"")
                    .append(p.roster()).append("\"; presence = \"").append(p.presence()).append("\"; };\n"));
            c.append("    }\n");
        }
        c.append("VirtualHost \"anon.").append(domain).append("\"\n    authentication = \"anonymous\"\n");
        componentSecrets.forEach((name, secret) -> {
            c.append("Component \"").append(name).append("\"\n")
                    .append("    component_secret = \"").append(secret).append("\"\n");
            // mod_privilege must run on the component's host too, to announce the grant when it connects.
            if (privileged.containsKey(name)) c.append("    modules_enabled = { \"privilege\" }\n");
        });
        builtinPubSub.forEach(name -> c.append("Component \"").append(name).append("\" \"pubsub\"\n"));
        return c.toString();
    }

    private void chownToProsody() throws IOException {
        try {
            Process p = new ProcessBuilder("chown", "-R", "prosody:prosody", dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) throw new IOException("chown timed out: " + out);
            // A running Prosody replaces files (e.g. offline-message lists via a temporary "~" file) while chown walks
            // the tree; a file that vanished in between needs no owner, so only other failures count.
            boolean onlyVanished = out.lines().allMatch(l -> l.contains("No such file or directory"));
            if (p.exitValue() != 0 && !onlyVanished) throw new IOException("chown failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private String diagnostics() {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("stdout.log", "prosody.log")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(f));
                b.append("--- ").append(f).append('\n');
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> b.append(l).append('\n'));
            } catch (IOException e) {
                b.append("--- ").append(f).append(" unreadable\n");
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

    private static void pause() {
        // Polling a child process for readiness: there is nothing to wait on but time.
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
