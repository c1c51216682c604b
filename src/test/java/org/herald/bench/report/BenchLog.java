package org.herald.bench.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The results file of a run: JSON Lines, one {@link BenchRecord} a line, appended as each figure is measured so a run
 * cut short still leaves what it measured. {@code bench/run} points every scenario at the same file through the
 * {@code BENCH_RESULTS} environment variable (default {@code target/bench/results.jsonl}).
 */
public final class BenchLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public BenchLog(Path file) {
        this.file = file;
    }

    /** The file named by {@code BENCH_RESULTS}, or {@code target/bench/results.jsonl}. */
    public static BenchLog fromEnvironment() {
        String named = System.getenv("BENCH_RESULTS");
        return new BenchLog(Path.of(named == null || named.isBlank() ? "target/bench/results.jsonl" : named));
    }

    public Path file() {
        return file;
    }

    public synchronized void append(BenchRecord record) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.writeString(file, JSON.writeValueAsString(record) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<BenchRecord> readAll() {
        if (!Files.exists(file)) return List.of();
        try {
            List<BenchRecord> records = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) records.add(JSON.readValue(line, new TypeReference<BenchRecord>() { }));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
