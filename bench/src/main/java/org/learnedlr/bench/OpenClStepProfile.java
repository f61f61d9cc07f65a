package org.learnedlr.bench;

import org.learnedlr.autograd.Var;
import org.learnedlr.kernels.OpenClBackend;
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

/**
 * Where a training step on the OpenCL backend spends its device time: the step of {@link TrainStepBenchmark}, run
 * under {@link OpenClBackend#profile}, kernel by kernel (device time from the profiling queue, per step).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dlearnedlr.opencl.profile=true -cp bench/target/benchmarks.jar \
 *     org.learnedlr.bench.OpenClStepProfile [mlp|resnet18] [measured steps] [warm-up steps] [bysize]
 * </pre>
 */
public final class OpenClStepProfile {
    private OpenClStepProfile() {
    }

    public static void main(String[] args) {
        Trainee trainee = Trainee.parse(args.length > 0 ? args[0] : "mlp");
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : (trainee == Trainee.MLP ? 200 : 3);
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : (trainee == Trainee.MLP ? 200 : 2);
        boolean bySize = args.length > 3 && args[3].equals("bysize");
        OpenClBackend be = (OpenClBackend) BenchBackends.use("opencl");
        Rng rng = new Rng(0);
        Layer model = trainee.build(rng.split());
        Optimizer<?> optimizer = OptimizerFamily.SGD_MOMENTUM.build(model.parameters(), 0.01);
        Tensor images = Tensor.normal(be, rng, 0, 1, DType.FLOAT32, 128, 1, 28, 28); // (B, 1, 28, 28)
        int[] y = new int[128];
        for (int j = 0; j < y.length; j++) {
            y[j] = (int) (rng.nextDouble() * 10);
        }
        Tensor labels = Tensor.ofInts(be, y, 128);                                  // (B)
        Runnable step = () -> {
            try (MemoryScope scope = MemoryScope.open()) {
                model.train(true);
                optimizer.zeroGrad();
                Var loss = Losses.crossEntropy(model.forward(Var.constant(images)), labels);
                loss.backward();
                loss.item();
                GradNorms.perModule(model);
                optimizer.step();
                optimizer.zeroGrad();
            }
        };
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step.run();
        }
        be.finish();
        System.out.printf("%s: %.3f ms a step (wall, unprofiled, mean of %d)%n", trainee.id(),
                (System.nanoTime() - t0) / 1e6 / steps, steps);
        System.out.print(be.profile(step, steps, bySize));
    }
}
