package org.learnedlr.rl.env;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.learnedlr.mnist.Mnist;
import org.learnedlr.mnist.MnistConfig;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.rl.run.TrainingRun;

/**
 * Measures the environment's own cost against bare training steps (DESIGN.md / issue: under 10% in all, under 2%
 * without validation). For each repeat it times a bare {@link TrainingRun} of T steps at a constant LR, then an
 * environment episode of the same run (same seed) with a constant action, split into its training steps, its
 * validation mini-batches and its own bookkeeping (gradient buckets, history, observations, rewards). Prints medians.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ... org.learnedlr.rl.env.EnvOverhead [steps] [repeats]</pre>
 */
public final class EnvOverhead {
    private EnvOverhead() {
    }

    public static void main(String[] args) throws IOException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        MnistSplits data = Mnist.load(MnistConfig.defaults());
        RunConfig rc = RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, steps, 7);
        double[] bare = new double[repeats];
        double[] envTrain = new double[repeats];
        double[] envOwn = new double[repeats];
        double[] validation = new double[repeats];
        for (int r = -1; r < repeats; r++) {          // r = -1 warms the JIT up
            TrainingRun run = new TrainingRun(rc, data);
            long t0 = System.nanoTime();
            while (!run.finished()) {
                run.step(0.1);
            }
            long bareNanos = System.nanoTime() - t0;

            TrainingRun probe = new TrainingRun(rc, data);
            long v0 = System.nanoTime();
            for (int i = 0; i < steps / EnvConfig.DEFAULT_V; i++) {
                probe.validationLoss();
            }
            long validationNanos = System.nanoTime() - v0;

            LrEnvironment env = new LrEnvironment(EnvConfig.learned(rc), data);
            env.reset();
            long train = 0;
            long own = 0;
            StepOutcome o;
            do {
                o = env.act(0.0);
                train += o.info().trainNanos();
                own += o.info().envNanos();
            } while (!o.done());
            if (r >= 0) {
                bare[r] = bareNanos / 1e9;
                envTrain[r] = train / 1e9;
                envOwn[r] = own / 1e9;
                validation[r] = validationNanos / 1e9;
            }
        }
        double b = median(bare);
        double own = median(envOwn);
        double val = median(validation);
        System.out.printf(Locale.ROOT, "MLP, %d steps, batch %d, K %d, V %d, %d repeats (medians):%n", steps,
                rc.batchSize(), EnvConfig.DEFAULT_K, EnvConfig.DEFAULT_V, repeats);
        System.out.printf(Locale.ROOT, "  bare training run            %8.3f s (%.3f ms/step)%n", b, 1e3 * b / steps);
        System.out.printf(Locale.ROOT, "  env: steps + validation      %8.3f s%n", median(envTrain));
        System.out.printf(Locale.ROOT, "  validation mini-batches      %8.3f s  (%.1f%% of the bare run)%n", val,
                100 * val / b);
        System.out.printf(Locale.ROOT, "  env bookkeeping              %8.3f s  (%.2f%% of the bare run)%n", own,
                100 * own / b);
        System.out.printf(Locale.ROOT, "  overhead in all              %8.1f%%; without validation %.2f%%%n",
                100 * (own + val) / b, 100 * own / b);
    }

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}
