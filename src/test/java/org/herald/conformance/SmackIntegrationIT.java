package org.herald.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Smack Integration Test Framework's XEP-0060 tests against Herald on a real Prosody, as part of
 * {@code ./mvnw verify} (about a minute). {@link SintRun} does the work; this resolves SINT's own classpath with
 * the project's Maven wrapper from {@code conformance/sint/pom.xml} (SINT is published for Smack 4.5 only, so it
 * cannot share this project's test classpath) and asserts that every SINT test that ran passed.
 * Needs port 5222 free on 127.0.0.1 (SINT has no port setting). {@code conformance/sint.sh} runs the same by hand.
 */
class SmackIntegrationIT {
    static final Path CLASSPATH = Path.of("target", "sint.classpath");

    @Test
    void sintPubSubTestsPassAgainstHerald() throws Exception {
        SintRun.Result result = SintRun.run(sintClasspath(), "XEP-0060");
        String report = String.join("\n", result.summary());
        assertThat(result.summary()).as(report).anyMatch(l -> l.startsWith("pubsub service discovered at") && l.contains(SintRun.COMPONENT));
        assertThat(result.summary()).as(report).noneMatch(l -> l.startsWith("FAILED"));
        // SINT 4.5.0-beta5 has two XEP-0060 tests (PubSubIntegrationTest); both must have run, not been skipped.
        assertThat(result.summary().stream().filter(l -> l.startsWith("PASSED"))).as(report).hasSizeGreaterThanOrEqualTo(2);
        assertThat(result.summary()).as(report).noneMatch(l -> l.startsWith("SKIPPED"));
        assertThat(result.status()).as(report).isZero();
    }

    /**
     * SINT's classpath, resolved by Maven from conformance/sint/pom.xml: offline first (the usual case once the
     * artifacts are in the local repository), online if that fails.
     */
    static String sintClasspath() throws IOException, InterruptedException {
        if (!resolve(true) && !resolve(false)) {
            throw new IllegalStateException("resolving SINT's classpath failed; see target/sint-classpath.log");
        }
        return Files.readString(CLASSPATH, StandardCharsets.UTF_8).trim();
    }

    static boolean resolve(boolean offline) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of("mvnw").toAbsolutePath().toString(), "-B", "-q"));
        if (offline) cmd.add("-o");
        cmd.addAll(List.of("-f", "conformance/sint/pom.xml", "dependency:build-classpath",
                "-Dmdep.outputFile=" + CLASSPATH.toAbsolutePath()));
        Process mvn = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "sint-classpath.log").toFile())).start();
        return mvn.waitFor(10, TimeUnit.MINUTES) && mvn.exitValue() == 0;
    }
}
