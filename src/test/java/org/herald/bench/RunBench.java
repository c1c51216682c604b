package org.herald.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.PrintWriter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs JUnit benchmark classes ({@code *Bench}, which the normal build excludes) from a plain {@code java} command, as
 * {@code bench/run} does for scenarios written as tests: no Maven start-up per scenario, and no Maven nested in Maven
 * when {@code BenchSmokeIT} runs the smoke mode. Exits 1 if a test failed, or if none ran (all skipped counts as failed:
 * a scenario that measured nothing must not look done). Usage: {@code RunBench <class>...}.
 */
public final class RunBench {
    private RunBench() {
    }

    /**
     * Stops this JVM's child processes (Herald, nginx, Prosody, ejabberd) when it exits, also when bench/run's time
     * limit ends it with SIGTERM: a scenario cut short must not leave servers running.
     */
    static void reapChildrenOnExit() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
    }

    public static void main(String[] args) throws ClassNotFoundException {
        reapChildrenOnExit();
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
        for (String name : args) request.selectors(selectClass(Class.forName(name)));
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(built, summary);
        TestExecutionSummary s = summary.getSummary();
        s.printTo(new PrintWriter(System.out, true));
        s.printFailuresTo(new PrintWriter(System.err, true), 40);
        System.exit(s.getTotalFailureCount() == 0 && s.getTestsSucceededCount() > 0 ? 0 : 1);
    }
}
