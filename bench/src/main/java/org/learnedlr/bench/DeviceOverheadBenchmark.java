package org.learnedlr.bench;

import java.util.concurrent.TimeUnit;
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
 * What a backend costs apart from arithmetic, so that {@link BackendOpsBenchmark}'s times can be split into launch,
 * copies and work: one elementwise add of a single float then waiting for it (the launch floor: enqueue, run and
 * finish of one kernel), and copies of {@code floats} values host to device (a Tensor made from a Java array) and
 * device to host (read back into one). Sizes: one float (a loss), an MLP mini-batch (128 x 784) and 2^20 floats.
 * On the CPU backend the same calls measure the bookkeeping around an op and a plain array copy. Average time per
 * call in microseconds.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar DeviceOverheadBenchmark -p backend=opencl
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-Xms2g", "-Xmx2g"})
public class DeviceOverheadBenchmark {
    @Param({"cpu", "opencl"})
    public String backend;

    private Backend be;
    private Tensor one;

    @Setup(Level.Trial)
    public void setUp() {
        be = BenchBackends.use(backend);
        one = Tensor.of(be, new float[]{1f}, 1);
    }

    /** A copy's size, and the data on both sides. */
    @State(Scope.Benchmark)
    public static class Copy {
        @Param({"1", "100352", "1048576"})
        public int floats;

        float[] host;
        Tensor onDevice;

        @Setup(Level.Trial)
        public void setUp(DeviceOverheadBenchmark bench) {
            host = Tensor.uniform(bench.be, new Rng(5), -1, 1, DType.FLOAT32, floats).toFloatArray();
            onDevice = Tensor.of(bench.be, host, floats);
        }
    }

    /** One kernel on one float, waited for: the floor under every op. */
    @Benchmark
    public int[] launch() {
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor y = one.add(one);
            BenchBackends.sync(be);
            return y.shape();
        }
    }

    @Benchmark
    public int[] upload(Copy c) {
        try (MemoryScope ignored = MemoryScope.open()) {
            Tensor t = Tensor.of(be, c.host, c.floats);
            BenchBackends.sync(be);
            return t.shape();
        }
    }

    @Benchmark
    public float[] download(Copy c) {
        return c.onDevice.toFloatArray();
    }
}
