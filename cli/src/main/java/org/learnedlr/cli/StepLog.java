package org.learnedlr.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.learnedlr.rl.run.StepResult;

/**
 * A run directory's per-step CSV: step, LR, train loss, the validation loss where one was measured (empty
 * elsewhere), each module's gradient norm in depth order, and the step's milliseconds.
 *
 * <p>Rows are buffered and reach the disk at {@link #flush}, which a run calls before each checkpoint; reopened for a
 * run restored at step s, the log drops any row from step s on (written after the checkpoint, before a kill), so it
 * holds each step exactly once.
 */
final class StepLog implements AutoCloseable {
    static final String FILE = "steps.csv";

    private final BufferedWriter out;
    private final int modules;

    private StepLog(BufferedWriter out, int modules) {
        this.out = out;
        this.modules = modules;
    }

    /**
     * Opens the log of {@code dir} for a run that has done {@code stepsDone} steps of a model with {@code modules}
     * modules, keeping the rows of those steps.
     */
    static StepLog open(Path dir, long stepsDone, int modules) throws IOException {
        Path file = dir.resolve(FILE);
        List<String> keep = new ArrayList<>();
        keep.add(header(modules));
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).equals(keep.get(0))) {
                throw new CliException(file + ": not the step log of this run (its header differs); move it away", 2);
            }
            for (String line : lines.subList(1, lines.size())) {
                int comma = line.indexOf(',');
                if (comma > 0 && Long.parseLong(line.substring(0, comma)) < stepsDone) {
                    keep.add(line);
                }
            }
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        Files.write(tmp, keep, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new StepLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND), modules);
    }

    private static String header(int modules) {
        StringBuilder sb = new StringBuilder("step,lr,train_loss,validation_loss");
        for (int m = 0; m < modules; m++) {
            sb.append(",grad_norm_").append(m);
        }
        return sb.append(",ms").toString();
    }

    /** Appends one step's row. */
    void add(StepResult r, OptionalDouble validationLoss) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(r.step()).append(',').append(r.lr()).append(',').append(r.trainLoss()).append(',');
        if (validationLoss.isPresent()) {
            sb.append(validationLoss.getAsDouble());
        }
        double[] norms = r.gradNorms();
        for (int m = 0; m < modules; m++) {
            sb.append(',').append(m < norms.length ? norms[m] : Double.NaN);
        }
        sb.append(',').append(String.format(Locale.ROOT, "%.3f", r.nanos() / 1e6));
        out.write(sb.toString());
        out.newLine();
    }

    /** Writes the buffered rows to the file. */
    void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
