package org.learnedlr.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.learnedlr.mnist.Mnist;
import org.learnedlr.mnist.MnistConfig;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.run.Evaluation;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.StepResult;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.rl.run.TrainingRun;
import org.learnedlr.tensor.cpu.simd.SimdSupport;

/**
 * A whole MLP episode as the environment runs it (DESIGN.md section 6): {@code TrainingRun} on real MNIST, SGD with
 * momentum 0.9 at a constant LR, a validation mini-batch every 4 steps. Prints the wall time of the run (steps and
 * validations; data loading and the final test evaluation excluded), the median step, the test accuracy, and the
 * heap in use at the end. Needs MNIST in the default location ({@code learnedlr data} fetches it).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xlog:gc:file=gc.log -cp bench/target/benchmarks.jar \
 *     org.learnedlr.bench.TrainRunTiming [steps 2000] [validation every 4] [runs 1]
 * </pre>
 */
public final class TrainRunTiming {
    private TrainRunTiming() {
    }

    public static void main(String[] args) throws IOException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        MnistSplits data = Mnist.load(MnistConfig.defaults());
        System.out.printf(Locale.ROOT, "MLP, %d steps, validation every %d steps, %d run(s); threads %s; %s%n",
                steps, every, runs, System.getProperty("learnedlr.threads", "default"), SimdSupport.describe());
        for (int run = 0; run < runs; run++) {
            TrainingRun r = new TrainingRun(RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, steps, run),
                    data);
            double[] stepMs = new double[steps];
            long start = System.nanoTime();
            int i = 0;
            while (!r.finished()) {
                StepResult s = r.step(0.1);
                stepMs[i++] = s.nanos() / 1e6;
                if (i % every == 0) {
                    r.validationLoss();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Evaluation test = r.evaluateTest();
            double[] sorted = stepMs.clone();
            Arrays.sort(sorted);
            Runtime rt = Runtime.getRuntime();
            System.out.printf(Locale.ROOT, "run %d: %.2f s for %d steps + %d validations; step median %.3f ms; "
                            + "test accuracy %.2f%%; heap in use %.0f MB of %.0f MB committed%n", run, seconds, steps,
                    steps / every, sorted[steps / 2], 100 * test.accuracy(), (rt.totalMemory() - rt.freeMemory()) / 1e6,
                    rt.totalMemory() / 1e6);
        }
    }
}
