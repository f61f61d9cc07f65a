package org.learnedlr.rl.eval;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * One evaluation run's curves, and their file in the run directory, {@code curves/<method>/<setting with / as
 * _>/<seed>.csv} ({@code step,lr,train_loss,validation_loss}, one row per step from 0): the LR used at each step, that
 * step's train loss and the latest held-out validation loss. A diverged run's curves end at the step where it
 * stopped, whose losses may be non-finite.
 *
 * @param lr             (T) the learning rate of each step
 * @param trainLoss      (T) the mini-batch train loss of each step
 * @param validationLoss (T) the held-out validation loss last measured at or before each step
 */
public record RunCurve(double[] lr, double[] trainLoss, double[] validationLoss) {
    static final String HEADER = "step,lr,train_loss,validation_loss";

    /** The quantities a curve file holds, with the words the charts use for them. */
    public enum Quantity {
        LR("learning rate"), TRAIN_LOSS("train loss"), VALIDATION_LOSS("validation loss");

        private final String label;

        Quantity(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public int steps() {
        return lr.length;
    }

    public double[] values(Quantity q) {
        return switch (q) {
            case LR -> lr;
            case TRAIN_LOSS -> trainLoss;
            case VALIDATION_LOSS -> validationLoss;
        };
    }

    /** The curves of a run logged in floats. */
    public static RunCurve of(float[] lr, float[] trainLoss, float[] validationLoss) {
        return new RunCurve(widen(lr), widen(trainLoss), widen(validationLoss));
    }

    private static double[] widen(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** Where the curves of run {@code r} of the run directory {@code runDir} are (the file may be missing). */
    public static Path file(Path runDir, RunRecord r) {
        return runDir.resolve("curves").resolve(r.method()).resolve(r.setting().replace('/', '_'))
                .resolve(r.seed() + ".csv");
    }

    /** Writes the curves to {@code file} (creating its folders), atomically, at float precision (what runs log). */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            w.write(HEADER + "\n");
            for (int t = 0; t < lr.length; t++) {
                w.write(String.format(Locale.ROOT, "%d,%s,%s,%s%n", t, (float) lr[t], (float) trainLoss[t],
                        (float) validationLoss[t]));
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a curve file; rows must number the steps 0, 1, 2, ... in order. */
    public static RunCurve read(Path file) throws IOException {
        double[] lr = new double[256];
        double[] train = new double[256];
        double[] val = new double[256];
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.strip().equals(HEADER)) {
                throw new IOException(file + ": expected the header '" + HEADER + "', found '" + header + "'");
            }
            int lineNo = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                try {
                    if (f.length != 4 || Integer.parseInt(f[0].strip()) != n) {
                        throw new NumberFormatException("expected step " + n + " and 4 fields");
                    }
                    if (n == lr.length) {
                        lr = Arrays.copyOf(lr, 2 * n);
                        train = Arrays.copyOf(train, 2 * n);
                        val = Arrays.copyOf(val, 2 * n);
                    }
                    lr[n] = Double.parseDouble(f[1]);
                    train[n] = Double.parseDouble(f[2]);
                    val[n] = Double.parseDouble(f[3]);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ": line " + lineNo + " is not a curve row (" + e.getMessage() + "): "
                            + line, e);
                }
                n++;
            }
        }
        return new RunCurve(Arrays.copyOf(lr, n), Arrays.copyOf(train, n), Arrays.copyOf(val, n));
    }
}
