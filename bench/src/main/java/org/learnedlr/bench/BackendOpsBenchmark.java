package org.learnedlr.bench;

import java.util.concurrent.TimeUnit;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.layers.MultiHeadSelfAttention;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The ops a training step spends its time in, on each backend ({@code backend}: cpu or opencl), so that the ratio
 * of two backends comes from one run: matrix products at {@link MatmulBenchmark}'s shapes, conv2d forward and
 * forward + backward at ResNet-18's shapes, softmax and layer norm over rows, and the policy's self-attention
 * (33 tokens, d_model 64, 2 heads). Inputs live on the backend before timing; each call waits until the device has
 * finished ({@link BenchBackends#sync}) and frees what it made (a {@link MemoryScope}). Average time per call in
 * microseconds. Launch and copy costs are timed apart, in {@link DeviceOverheadBenchmark}.
 *
 * <p>The warm-up is long on purpose: on the CPU, conv2d at batch 128 ran 20x slower for its first 4-5 seconds and
 * the attention layer at batch 64 10x slower for more than 10, until C2 had compiled their Vector API loops.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar BackendOpsBenchmark                              # both backends
 * java -jar bench/target/benchmarks.jar 'BackendOpsBenchmark.matmul' -p backend=opencl
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms4g", "-Xmx4g"})
public class BackendOpsBenchmark {
    @Param({"cpu", "opencl"})
    public String backend;

    Backend be;

    @Setup(Level.Trial)
    public void setUp() {
        be = BenchBackends.use(backend);
    }

    /** A matrix product A (M, K) times B (K, N). */
    @State(Scope.Benchmark)
    public static class Product {
        /**
         * M x K x N, as in {@link MatmulBenchmark}; a trailing "t" stores B as (N, K) and multiplies by its
         * transposed view, as a linear layer's forward x W^T does (the MLP's two layers: 128x784x256t, 128x256x10t).
         */
        @Param({"128x128x128", "256x256x256", "512x512x512", "1024x1024x1024", "128x784x256", "784x128x256",
                "128x256x784", "128x784x256t", "128x256x10t"})
        public String shape;

        Tensor a;
        Tensor b;

        @Setup(Level.Trial)
        public void setUp(BackendOpsBenchmark bench) {
            boolean transposed = shape.endsWith("t");
            int[] d = MatmulBenchmark.dims(transposed ? shape.substring(0, shape.length() - 1) : shape);
            Rng rng = new Rng(1);
            a = Tensor.uniform(bench.be, rng, -1, 1, DType.FLOAT32, d[0], d[1]);
            b = transposed ? Tensor.uniform(bench.be, rng, -1, 1, DType.FLOAT32, d[2], d[1]).transpose(0, 1)
                    : Tensor.uniform(bench.be, rng, -1, 1, DType.FLOAT32, d[1], d[2]);
        }
    }

    /** One convolution of ResNet-18 at batch 128 on MNIST, with an upstream gradient for its backward. */
    @State(Scope.Benchmark)
    public static class Convolution {
        /** N_C_H_W_O_K_stride_pad, the shapes of {@link FusedOpsBenchmark.Conv}. */
        @Param({"128_1_28_28_64_7_2_3", "128_64_7_7_64_3_1_1", "128_64_7_7_128_3_2_1", "128_128_4_4_128_3_1_1",
                "128_256_2_2_256_3_1_1", "128_512_1_1_512_3_1_1"})
        public String conv;

        Tensor x;
        Tensor weight;
        Tensor upstream;
        int stride;
        int pad;

        @Setup(Level.Trial)
        public void setUp(BackendOpsBenchmark bench) {
            int[] v = FusedOpsBenchmark.Conv.dims(conv);
            Rng rng = new Rng(2);
            x = Tensor.normal(bench.be, rng, 0, 1, DType.FLOAT32, v[0], v[1], v[2], v[3]);
            weight = Tensor.normal(bench.be, rng, 0, 0.05, DType.FLOAT32, v[4], v[1], v[5], v[5]);
            stride = v[6];
            pad = v[7];
            int[] out = x.conv2d(weight, null, stride, pad).shape();
            upstream = Tensor.normal(bench.be, rng, 0, 1, DType.FLOAT32, out);
        }
    }

    /** Rows for softmax and layer norm. */
    @State(Scope.Benchmark)
    public static class Rows {
        /** 33x64: the policy's token matrix; the others as in {@link FusedOpsBenchmark.Rows}. */
        @Param({"33x64", "128x10", "128x512", "8192x49"})
        public String rows;

        Tensor x;
        Tensor weight;
        Tensor bias;

        @Setup(Level.Trial)
        public void setUp(BackendOpsBenchmark bench) {
            String[] p = rows.split("x");
            int m = Integer.parseInt(p[0]);
            int n = Integer.parseInt(p[1]);
            Rng rng = new Rng(3);
            x = Tensor.uniform(bench.be, rng, -4, 4, DType.FLOAT32, m, n);
            weight = Tensor.uniform(bench.be, rng, 0.5, 1.5, DType.FLOAT32, n);
            bias = Tensor.uniform(bench.be, rng, -1, 1, DType.FLOAT32, n);
        }
    }

    /** The policy's self-attention layer: 33 tokens, d_model 64, 2 heads, at batch 1 (a decision) and 64. */
    @State(Scope.Benchmark)
    public static class Attention {
        @Param({"1", "64"})
        public int batch;

        MultiHeadSelfAttention layer;
        Tensor tokens;

        @Setup(Level.Trial)
        public void setUp(BackendOpsBenchmark bench) {
            Rng rng = new Rng(4);
            layer = new MultiHeadSelfAttention(64, 2, rng.split());
            tokens = Tensor.normal(bench.be, rng, 0, 1, DType.FLOAT32, batch, 33, 64);
        }
    }

    @Benchmark
    public int[] matmul(Product p) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor c = p.a.matmul(p.b);
            BenchBackends.sync(be);
            return c.shape();
        }
    }

    /** How many products {@link #matmulQueued} issues before it waits. */
    static final int QUEUED = 16;

    /**
     * The same product {@value #QUEUED} times before one wait, timed per product: how products cost inside a
     * training step, where launches queue back to back, as opposed to {@link #matmul}'s launch-and-wait latency.
     */
    @Benchmark
    @OperationsPerInvocation(QUEUED)
    public int[] matmulQueued(Product p) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor c = null;
            for (int i = 0; i < QUEUED; i++) {
                c = p.a.matmul(p.b);
            }
            BenchBackends.sync(be);
            return c.shape();
        }
    }

    @Benchmark
    public int[] conv2dForward(Convolution c) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor y = c.x.conv2d(c.weight, null, c.stride, c.pad);
            BenchBackends.sync(be);
            return y.shape();
        }
    }

    /** Forward, then both gradients (input and weight) through autograd's conv2d rule. */
    @Benchmark
    public int[] conv2dForwardBackward(Convolution c) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Var x = Var.param(c.x);
            Var w = Var.param(c.weight);
            x.conv2d(w, null, c.stride, c.pad).backward(c.upstream);
            BenchBackends.sync(be);
            return w.grad().shape();
        }
    }

    @Benchmark
    public int[] softmax(Rows r) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor y = r.x.softmax(1);
            BenchBackends.sync(be);
            return y.shape();
        }
    }

    @Benchmark
    public int[] layerNorm(Rows r) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor y = r.x.layerNorm(r.weight, r.bias, 1e-5);
            BenchBackends.sync(be);
            return y.shape();
        }
    }

    /** The attention layer's forward without gradients, as in a decision. */
    @Benchmark
    public int[] attention(Attention a) {
        try (MemoryScope ignored = MemoryScope.open(); NoGrad ignoredToo = NoGrad.enter()) {
            Var y = a.layer.forward(Var.constant(a.tokens));
            BenchBackends.sync(be);
            return y.value().shape();
        }
    }
}
