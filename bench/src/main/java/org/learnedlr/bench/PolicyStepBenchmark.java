package org.learnedlr.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.optim.Adam;
import org.learnedlr.nn.optim.AdamConfig;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.policy.ObservationBatch;
import org.learnedlr.rl.policy.ObservationLayout;
import org.learnedlr.rl.policy.PolicyConfig;
import org.learnedlr.rl.policy.TransformerPolicy;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.MemoryScope;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The learned scheduler's own compute: one behavioural-cloning minibatch update of the actor at batch 64 (forward
 * over 33 tokens, MSE, backward, Adam — also the shape of a PPO minibatch) and one decision (a forward at batch 1
 * without gradients, what the scheduler costs inside a trainee's run). Random observations of the default layout:
 * the time does not depend on their values. Sample time in milliseconds; quote the median (p0.50).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar PolicyStepBenchmark
 * java -jar bench/target/benchmarks.jar PolicyStepBenchmark -p backend=cpu,opencl
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class PolicyStepBenchmark {
    private static final int BATCH = 64;

    /** cpu (the Vector API fast path) or opencl; run both with {@code -p backend=cpu,opencl}. */
    @Param({"cpu"})
    public String backend;

    private Backend be;

    private TransformerPolicy policy;
    private Adam adam;
    private ObservationBatch minibatch;
    private ObservationBatch single;
    private Tensor target;

    @Setup(Level.Trial)
    public void setUp() {
        be = BenchBackends.use(backend);
        Rng rng = new Rng(0);
        EnvConfig env = EnvConfig.learned(RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 2000, 0));
        ObservationLayout layout = ObservationLayout.of(env);
        PolicyConfig config = PolicyConfig.defaults(layout);
        policy = new TransformerPolicy(config, rng.split());
        List<Var> meanParams = new ArrayList<>(policy.parameters());
        meanParams.remove(policy.logStd());
        adam = new Adam(meanParams, AdamConfig.adam().withLr(3e-4));
        List<Observation> observations = new ArrayList<>();
        float[] actions = new float[BATCH];
        for (int i = 0; i < BATCH; i++) {
            observations.add(randomObservation(layout, rng));
            actions[i] = (float) rng.nextGaussian();
        }
        minibatch = ObservationBatch.of(observations, config);
        single = ObservationBatch.of(observations.subList(0, 1), config);
        target = Tensor.of(be, actions, BATCH, 1);
    }

    private static Observation randomObservation(ObservationLayout layout, Rng rng) {
        int p = layout.patches();
        int f = layout.patchFeatures();
        float[] patches = new float[p * f];
        for (int i = 0; i < patches.length; i++) {
            patches[i] = (float) rng.nextGaussian();
        }
        float[] mask = new float[p];
        java.util.Arrays.fill(mask, 1f);
        float[] globals = new float[layout.globals()];
        for (int i = 0; i < globals.length; i++) {
            globals[i] = (float) rng.nextGaussian();
        }
        return new Observation(patches, mask, globals, f);
    }

    /** One BC minibatch update at batch 64. */
    @Benchmark
    public double update() {
        try (MemoryScope ignored = MemoryScope.open()) {
            adam.zeroGrad();
            Var loss = policy.mean(minibatch).sub(Var.constant(target)).square().mean();
            loss.backward();
            adam.step();
            double l = loss.item();
            adam.zeroGrad();
            return l;
        }
    }

    /** One decision: the actor's mean at batch 1, no gradients. */
    @Benchmark
    public double decide() {
        try (MemoryScope ignored = MemoryScope.open(); NoGrad ignoredToo = NoGrad.enter()) {
            return policy.mean(single).item();
        }
    }
}
