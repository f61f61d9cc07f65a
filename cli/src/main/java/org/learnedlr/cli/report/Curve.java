package org.learnedlr.cli.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One run's curves as {@code EvalSuite} writes them ({@code step,lr,train_loss,validation_loss}, one row per step
 * from 0): the LR used at each step, that step's train loss and the latest held-out validation loss. A diverged run's
 * curves end at the step where it stopped, whose losses may be non-finite.
 *
 * @param lr             (T) the learning rate of each step
 * @param trainLoss      (T) the mini-batch train loss of each step
 * @param validationLoss (T) the held-out validation loss last measured at or before each step
 */
public record Curve(double[] lr, double[] trainLoss, double[] validationLoss) {
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

    /** Reads a curve file; rows must number the steps 0, 1, 2, ... in order. */
    public static Curve read(Path file) throws IOException {
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
        return new Curve(Arrays.copyOf(lr, n), Arrays.copyOf(train, n), Arrays.copyOf(val, n));
    }
}
