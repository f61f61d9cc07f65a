package org.learnedlr.rl.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.learnedlr.mnist.MnistSplits;

/**
 * Judges methods over settings and held-out seeds into a resumable run directory: {@code results.csv} gains one
 * row per finished run (flushed and forced at once), and each run's LR and loss curves go to
 * {@code curves/<method>/<setting>/<seed>.csv}. Pointed again at the same directory, it skips every run already in
 * {@code results.csv}, so an interrupted evaluation continues where it stopped.
 */
public final class EvalSuite {
    private final EvalRunner runner;

    public EvalSuite(MnistSplits data) {
        this.runner = new EvalRunner(data);
    }

    public EvalSuite(EvalRunner runner) {
        this.runner = runner;
    }

    /** Runs what is missing and returns every record in the directory. */
    public List<RunRecord> run(Path dir, List<Method> methods, List<EvalSetting> settings, long[] seeds,
                               Consumer<RunRecord> progress) throws IOException {
        Files.createDirectories(dir);
        Path results = dir.resolve("results.csv");
        Map<String, RunRecord> done = new LinkedHashMap<>();
        for (RunRecord r : read(results)) {
            done.put(r.key(), r);
        }
        // Rewrite the file from its valid rows: drops a row torn by an interruption, so appends start clean.
        StringBuilder clean = new StringBuilder(RunRecord.HEADER).append('\n');
        for (RunRecord r : done.values()) {
            clean.append(r.toCsv()).append('\n');
        }
        if (!Files.exists(results) || !Files.readString(results, StandardCharsets.UTF_8).contentEquals(clean)) {
            Path tmp = dir.resolve("results.csv.tmp");
            Files.writeString(tmp, clean, StandardCharsets.UTF_8);
            Files.move(tmp, results, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        for (EvalSetting s : settings) {
            for (long seed : seeds) {
                for (Method m : methods) {
                    String key = m.name() + "|" + s.key() + "|" + seed;
                    if (done.containsKey(key)) {
                        continue;
                    }
                    EvalRunner.Outcome o = runner.run(m.name(), s.key(), m.controllers().apply(s.run(seed)),
                            s.run(seed));
                    writeCurves(dir, o);
                    append(results, o.record());
                    done.put(key, o.record());
                    progress.accept(o.record());
                }
            }
        }
        return new ArrayList<>(done.values());
    }

    /** The records of a results file (none if it does not exist). A torn last line is ignored. */
    public static List<RunRecord> read(Path results) throws IOException {
        List<RunRecord> out = new ArrayList<>();
        if (!Files.exists(results)) {
            return out;
        }
        List<String> lines = Files.readAllLines(results, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(RunRecord.fromCsv(line));
            } catch (RuntimeException e) {
                if (i == lines.size() - 1) {
                    break;  // a row cut short by an interruption; it is run again
                }
                throw new IOException(results + ": line " + (i + 1) + " is not a results row: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static void append(Path results, RunRecord r) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(results, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap((r.toCsv() + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(false);
        }
    }

    private static void writeCurves(Path dir, EvalRunner.Outcome o) throws IOException {
        RunCurve.of(o.lr(), o.trainLoss(), o.validationLoss()).write(RunCurve.file(dir, o.record()));
    }
}
