package org.learnedlr.bench;

import java.util.concurrent.TimeUnit;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;
import org.learnedlr.tensor.cpu.CpuBackend;
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
 * Float32 C = A B, A (M, K) and B (K, N) uniform in [-1, 1), on learnedlr's CPU backend with the Vector API fast path
 * (2 threads, and 1 thread in its own fork), its plain path (2 threads), and EJML (one thread, and its concurrent
 * variant). Time per product in microseconds; GFLOPS = 2 M N K / time — {@link MatmulReport} does that sum and the
 * ratios. Shapes: squares, and the three products of the MNIST MLP's layer 784-256 at batch 128 (forward, weight
 * gradient, input gradient of the first layer).
 *
 * <p>The Vector API is ~15x slower until C2 has compiled it, hence the long warm-up.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 7, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class MatmulBenchmark {
    /** M x K x N. */
    @Param({"128x128x128", "256x256x256", "512x512x512", "1024x1024x1024", "128x784x256", "784x128x256",
            "128x256x784"})
    public String shape;

    private Tensor fastA;
    private Tensor fastB;
    private Tensor plainA;
    private Tensor plainB;
    private FMatrixRMaj ejmlA;
    private FMatrixRMaj ejmlB;
    private FMatrixRMaj ejmlC;

    /** {M, K, N} of a shape parameter. */
    static int[] dims(String shape) {
        String[] p = shape.split("x");
        return new int[]{Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
    }

    @Setup
    public void setUp() {
        int[] d = dims(shape);
        int m = d[0];
        int k = d[1];
        int n = d[2];
        CpuBackend fast = new CpuBackend(true);
        CpuBackend plain = new CpuBackend(false);
        if (!fast.simd()) {
            throw new IllegalStateException("the fast path is off in this fork: run it with "
                    + "--add-modules=jdk.incubator.vector and without -Dlearnedlr.simd=false");
        }
        fastA = Tensor.uniform(fast, new Rng(1), -1, 1, DType.FLOAT32, m, k);
        fastB = Tensor.uniform(fast, new Rng(2), -1, 1, DType.FLOAT32, k, n);
        float[] a = fastA.toFloatArray();
        float[] b = fastB.toFloatArray();
        plainA = Tensor.of(plain, a, m, k);
        plainB = Tensor.of(plain, b, k, n);
        ejmlA = new FMatrixRMaj(m, k, true, a);
        ejmlB = new FMatrixRMaj(k, n, true, b);
        ejmlC = new FMatrixRMaj(m, n);
    }

    @Benchmark
    public Tensor learnedlrSimd() {
        return fastA.matmul(fastB);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g",
            "-Dlearnedlr.threads=1"})
    public Tensor learnedlrSimd1T() {
        return fastA.matmul(fastB);
    }

    @Benchmark
    public Tensor learnedlrPlain() {
        return plainA.matmul(plainB);
    }

    @Benchmark
    public FMatrixRMaj ejml() {
        CommonOps_FDRM.mult(ejmlA, ejmlB, ejmlC);
        return ejmlC;
    }

    @Benchmark
    public FMatrixRMaj ejmlMt() {
        CommonOps_MT_FDRM.mult(ejmlA, ejmlB, ejmlC);
        return ejmlC;
    }
}
