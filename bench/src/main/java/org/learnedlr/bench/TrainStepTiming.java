package org.learnedlr.bench;

import java.util.Arrays;
import java.util.Locale;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.GradNorms;
import org.learnedlr.nn.Layer;
import org.learnedlr.nn.loss.Losses;
import org.learnedlr.nn.optim.Optimizer;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.MemoryScope;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;
import org.learnedlr.tensor.cpu.simd.SimdSupport;

/**
 * A training step of a trainee, timed phase by phase with {@code System.nanoTime}: forward, loss, backward, the
 * per-module gradient norms and the optimizer update — the same sequence as {@code TrainingRun.step}, on synthetic
 * MNIST-shaped batches (the time of a step does not depend on the pixel values). Prints the median of each phase.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar org.learnedlr.bench.TrainStepTiming \
 *     [mlp|resnet18] [batch 128] [measured steps] [warm-up steps]
 * </pre>
 *
 * For the JMH figures see {@link TrainStepBenchmark}; this main is for where the time goes.
 */
public final class TrainStepTiming {
    private static final String[] PHASES = {"forward", "loss", "backward", "gradNorms", "optimizer", "step"};

    private TrainStepTiming() {
    }

    public static void main(String[] args) {
        Trainee trainee = Trainee.parse(args.length > 0 ? args[0] : "mlp");
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : (trainee == Trainee.MLP ? 300 : 5);
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : (trainee == Trainee.MLP ? 300 : 2);
        System.out.printf(Locale.ROOT, "%s, batch %d, %d warm-up + %d measured steps; threads %s; %s%n",
                trainee.id(), batch, warmup, steps, System.getProperty("learnedlr.threads", "default"),
                SimdSupport.describe());
        Rng rng = new Rng(0);
        Layer model = trainee.build(rng.split());
        Optimizer<?> optimizer = OptimizerFamily.SGD_MOMENTUM.build(model.parameters(), 0.01);
        Tensor[] images = new Tensor[4];
        Tensor[] labels = new Tensor[4];
        for (int i = 0; i < images.length; i++) {
            images[i] = Tensor.normal(rng, 0, 1, DType.FLOAT32, batch, 1, 28, 28);
            int[] y = new int[batch];
            for (int j = 0; j < batch; j++) {
                y[j] = (int) (rng.nextDouble() * 10);
            }
            labels[i] = Tensor.ofInts(y, batch);
        }
        double[][] times = new double[PHASES.length][steps];
        Runtime rt = Runtime.getRuntime();
        long peak = 0;
        for (int s = -warmup; s < steps; s++) {
            long[] t = new long[PHASES.length + 1];
            try (MemoryScope scope = MemoryScope.open()) {
                t[0] = System.nanoTime();
                model.train(true);
                optimizer.zeroGrad();
                Var logits = model.forward(Var.constant(images[Math.floorMod(s, 4)]));
                t[1] = System.nanoTime();
                Var loss = Losses.crossEntropy(logits, labels[Math.floorMod(s, 4)]);
                t[2] = System.nanoTime();
                loss.backward();
                double l = loss.item();
                t[3] = System.nanoTime();
                double[] norms = GradNorms.perModule(model);
                t[4] = System.nanoTime();
                optimizer.step();
                optimizer.zeroGrad();
                t[5] = System.nanoTime();
                if (!Double.isFinite(l) || norms.length == 0) {
                    throw new IllegalStateException("loss " + l);
                }
            }
            peak = Math.max(peak, rt.totalMemory() - rt.freeMemory());
            if (s >= 0) {
                for (int p = 0; p < 5; p++) {
                    times[p][s] = (t[p + 1] - t[p]) / 1e6;
                }
                times[5][s] = (t[5] - t[0]) / 1e6;
            }
        }
        double total = median(times[5]);
        for (int p = 0; p < PHASES.length; p++) {
            double m = median(times[p]);
            System.out.printf(Locale.ROOT, "%-10s median %9.3f ms  (%5.1f%%)  min %9.3f%n", PHASES[p], m,
                    100 * m / total, Arrays.stream(times[p]).min().orElse(0));
        }
        System.out.printf(Locale.ROOT, "heap in use after steps, max seen: %.0f MB (committed %.0f MB)%n",
                peak / 1e6, rt.totalMemory() / 1e6);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
