package org.learnedlr.bench;

import java.util.concurrent.TimeUnit;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.GradNorms;
import org.learnedlr.nn.Layer;
import org.learnedlr.nn.loss.Losses;
import org.learnedlr.nn.optim.Optimizer;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.MemoryScope;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One whole training step at batch 128, as {@code TrainingRun.step} makes it: zero the gradients, forward,
 * cross-entropy, backward, the per-module gradient norms (read back), SGD with momentum 0.9 — on the MNIST MLP
 * (784-256-10) and on ResNet-18 with the ImageNet stem. Synthetic MNIST-shaped batches (four, in turn): the time of
 * a step does not depend on the pixels, and they are on the backend before timing (on OpenCL a step then copies
 * only scalars back: the loss and the gradient norms). Sample time in milliseconds; quote the median (p0.50).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar TrainStepBenchmark                         # both trainees
 * java -jar bench/target/benchmarks.jar TrainStepBenchmark -p trainee=mlp -f 1
 * java -jar bench/target/benchmarks.jar TrainStepBenchmark -p backend=cpu,opencl        # OpenCL beside the CPU
 * </pre>
 * The peer: {@code bench/python/train_step_torch.py}, the same step in PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms4g", "-Xmx4g"})
public class TrainStepBenchmark {
    /** "mlp" or "resnet18". */
    @Param({"mlp", "resnet18"})
    public String trainee;

    @Param({"128"})
    public int batch;

    /** cpu (the Vector API fast path) or opencl; run both with {@code -p backend=cpu,opencl}. */
    @Param({"cpu"})
    public String backend;

    private Backend be;

    private Layer model;
    private Optimizer<?> optimizer;
    private final Tensor[] images = new Tensor[4];
    private final Tensor[] labels = new Tensor[4];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        be = BenchBackends.use(backend);
        Rng rng = new Rng(0);
        model = Trainee.parse(trainee).build(rng.split());
        optimizer = OptimizerFamily.SGD_MOMENTUM.build(model.parameters(), 0.01);
        for (int i = 0; i < images.length; i++) {
            images[i] = Tensor.normal(be, rng, 0, 1, DType.FLOAT32, batch, 1, 28, 28); // (B, 1, 28, 28)
            int[] y = new int[batch];
            for (int j = 0; j < batch; j++) {
                y[j] = (int) (rng.nextDouble() * 10);
            }
            labels[i] = Tensor.ofInts(be, y, batch);                                  // (B)
        }
    }

    @Benchmark
    public double step() {
        int k = next++ & 3;
        try (MemoryScope scope = MemoryScope.open()) {
            model.train(true);
            optimizer.zeroGrad();
            Var logits = model.forward(Var.constant(images[k]));                     // (B, 10)
            Var loss = Losses.crossEntropy(logits, labels[k]);                        // ()
            loss.backward();
            double l = loss.item();
            double[] norms = GradNorms.perModule(model);
            optimizer.step();
            optimizer.zeroGrad();
            return l + norms[0];
        }
    }
}
