package org.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Resident memory of a system under test, from {@code /proc/<pid>/status}: summed over a process and its descendants,
 * since nginx serves from worker processes and ejabberd's VM runs under a wrapper. {@code VmRSS} is what it holds now,
 * {@code VmHWM} the most it held. A process that vanished between listing and reading counts as 0.
 */
final class Rss {
    private Rss() {
    }

    /** Current resident set of {@code root} and its descendants, in MiB. */
    static double nowMib(ProcessHandle root) {
        return sumKib(root, "VmRSS:") / 1024.0;
    }

    /** Peak resident set (high-water mark) of {@code root} and its descendants, in MiB. */
    static double peakMib(ProcessHandle root) {
        return sumKib(root, "VmHWM:") / 1024.0;
    }

    private static long sumKib(ProcessHandle root, String field) {
        return Stream.concat(Stream.of(root), root.descendants()).mapToLong(p -> kib(p.pid(), field)).sum();
    }

    static long kib(long pid, String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
            return lines.filter(l -> l.startsWith(field)).findFirst()
                    .map(l -> Long.parseLong(l.substring(field.length()).trim().split("\\s+")[0])).orElse(0L);
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }
}
