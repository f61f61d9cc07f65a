package org.learnedlr.bench;

import java.util.concurrent.TimeUnit;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;
import org.learnedlr.tensor.cpu.CpuBackend;
import org.learnedlr.tensor.cpu.simd.SimdSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU backend's fused kernels against {@link org.learnedlr.tensor.Backend}'s composed defaults (written out
 * here with the same primitives), float32, at the shapes training uses:
 * <ul>
 *   <li>softmax and layer norm over rows: {@code 128x10} (the classifier's logits at batch 128), {@code 128x512}
 *       (ResNet-18's pooled features), {@code 8192x49} (ResNet-18's layer-1 maps as rows: 128 x 64 channels of
 *       7x7);</li>
 *   <li>conv2d at ResNet-18's shapes at batch 128 on 28x28 MNIST ({@code N_C_H_W_O_K_stride_pad}): the 7x7 stem,
 *       a layer-1 3x3, the layer-2 strided and plain 3x3s, a layer-3 3x3 and a layer-4 3x3 (1x1 maps).</li>
 * </ul>
 * Average time per call in microseconds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms4g", "-Xmx4g"})
public class FusedOpsBenchmark {

    /** Rows x columns for softmax and layer norm. */
    @State(Scope.Benchmark)
    public static class Rows {
        @Param({"128x10", "128x512", "8192x49"})
        public String rows;

        Tensor x;
        Tensor weight;
        Tensor bias;

        @Setup
        public void setUp() {
            String[] p = rows.split("x");
            int m = Integer.parseInt(p[0]);
            int n = Integer.parseInt(p[1]);
            Rng rng = new Rng(1);
            x = Tensor.uniform(backend(), rng, -4, 4, DType.FLOAT32, m, n);
            weight = Tensor.uniform(backend(), rng, 0.5, 1.5, DType.FLOAT32, n);
            bias = Tensor.uniform(backend(), rng, -1, 1, DType.FLOAT32, n);
        }
    }

    /** One convolution: input, weight, stride and padding. */
    @State(Scope.Benchmark)
    public static class Conv {
        /** N_C_H_W_O_K_stride_pad (underscores, so that JMH's -p, which splits on commas, can name one). */
        @Param({"128_1_28_28_64_7_2_3", "128_64_7_7_64_3_1_1", "128_64_7_7_128_3_2_1", "128_128_4_4_128_3_1_1",
                "128_256_2_2_256_3_1_1", "128_512_1_1_512_3_1_1"})
        public String conv;

        Tensor x;
        Tensor weight;
        int stride;
        int pad;

        /** The eight numbers of a {@code N_C_H_W_O_K_stride_pad} parameter. */
        static int[] dims(String conv) {
            String[] p = conv.split("_");
            int[] v = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                v[i] = Integer.parseInt(p[i]);
            }
            return v;
        }

        @Setup
        public void setUp() {
            int[] v = dims(conv);
            Rng rng = new Rng(2);
            x = Tensor.normal(backend(), rng, 0, 1, DType.FLOAT32, v[0], v[1], v[2], v[3]);
            weight = Tensor.normal(backend(), rng, 0, 0.05, DType.FLOAT32, v[4], v[1], v[5], v[5]);
            stride = v[6];
            pad = v[7];
        }
    }

    private static CpuBackend backend;

    static synchronized CpuBackend backend() {
        if (backend == null) {
            backend = new CpuBackend(true);
            if (!backend.simd()) {
                throw new IllegalStateException("the fast path is off in this fork: " + SimdSupport.describe());
            }
        }
        return backend;
    }

    @Benchmark
    public Tensor softmaxFused(Rows r) {
        return r.x.softmax(1);
    }

    @Benchmark
    public Tensor softmaxComposed(Rows r) {
        Tensor e = r.x.sub(r.x.max(new int[]{1}, true)).exp();
        return e.div(e.sum(new int[]{1}, true));
    }

    @Benchmark
    public Tensor layerNormFused(Rows r) {
        return r.x.layerNorm(r.weight, r.bias, 1e-5);
    }

    @Benchmark
    public Tensor layerNormComposed(Rows r) {
        int[] last = {1};
        Tensor centred = r.x.sub(r.x.mean(last, true));
        Tensor variance = centred.mul(centred).mean(last, true);
        return centred.div(variance.add(1e-5).sqrt()).mul(r.weight).add(r.bias);
    }

    @Benchmark
    public Tensor conv2dFused(Conv c) {
        return c.x.conv2d(c.weight, null, c.stride, c.pad);
    }

    @Benchmark
    public Tensor conv2dComposed(Conv c) {
        int[] ws = c.weight.shape();
        Conv2dGeometry g = Conv2dGeometry.of(c.x.shape(), ws[2], ws[3], c.stride, c.stride, c.pad, c.pad);
        Tensor y = c.weight.reshape(ws[0], g.patchSize()).matmul(c.x.im2col(g));   // (N, O, OH*OW)
        return y.reshape(g.batch(), ws[0], g.outH(), g.outW());
    }
}
