package org.learnedlr.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * A small run directory in the layout {@code EvalSuite} writes: two settings (SGD at 0.1 and Adam at 1e-3, 200 steps),
 * three methods (constant and cosine, hand-made; "bc-ppo", learned), seeds 2000-2002; constant at SGD 0.1 diverges
 * on seed 2001 at step 120.
 */
final class SyntheticRun {
    static final String SGD = "mlp/sgd/0.1/200";
    static final String ADAM = "mlp/adam/0.001/200";
    static final String[] SETTINGS = {SGD, ADAM};
    static final String[] METHODS = {"constant", "cosine", "bc-ppo"};
    static final long[] SEEDS = {2000, 2001, 2002};
    static final int STEPS = 200;
    static final int DIVERGED_AT = 120;

    private SyntheticRun() {
    }

    static Path write(Path dir) throws IOException {
        StringBuilder results = new StringBuilder("method,setting,seed,diverged,test_loss,test_accuracy,smoothness,"
                + "validation_auc,controller_share,seconds,steps\n");
        for (String setting : SETTINGS) {
            double eta0 = Double.parseDouble(setting.split("/")[2]);
            for (long seed : SEEDS) {
                for (int mi = 0; mi < METHODS.length; mi++) {
                    String method = METHODS[mi];
                    boolean diverged = setting.equals(SGD) && method.equals("constant") && seed == 2001;
                    Random rng = new Random(seed * 31 + mi * 7L + setting.hashCode());
                    int steps = diverged ? DIVERGED_AT + 1 : STEPS;
                    StringBuilder curve = new StringBuilder("step,lr,train_loss,validation_loss\n");
                    double floor = 0.04 + 0.02 * mi;
                    double val = 2.3;
                    for (int t = 0; t < steps; t++) {
                        double lr = switch (method) {
                            case "constant" -> eta0;
                            case "cosine" -> 0.5 * eta0 * (1 + Math.cos(Math.PI * t / STEPS));
                            default -> eta0 * Math.exp(-t / 60.0);
                        };
                        double train = (2.3 - floor) * Math.exp(-t / 40.0) + floor + 0.03 * rng.nextDouble();
                        if ((t + 1) % 25 == 0) {
                            val = train * 1.05;
                        }
                        String trainText = Double.toString(train);
                        String valText = Double.toString(val);
                        if (diverged && t == DIVERGED_AT) {
                            trainText = "NaN";
                            valText = "Infinity";
                        }
                        curve.append(String.format(Locale.ROOT, "%d,%s,%s,%s%n", t, (float) lr, trainText, valText));
                    }
                    Path file = dir.resolve("curves").resolve(method).resolve(setting.replace('/', '_'))
                            .resolve(seed + ".csv");
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, curve, StandardCharsets.UTF_8);
                    double testLoss = diverged ? Math.log(10) : floor + 0.01 * rng.nextDouble() + 0.02;
                    double acc = diverged ? 0.1 : 0.99 - testLoss / 5;
                    results.append(String.join(",", method, setting, Long.toString(seed), Boolean.toString(diverged),
                            Double.toString(testLoss), Double.toString(acc), "0.05", diverged ? "NaN" : "0.3",
                            "1.0E-5", "1.5", Integer.toString(steps))).append('\n');
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.csv"), results, StandardCharsets.UTF_8);
        return dir;
    }
}
