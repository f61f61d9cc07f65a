package org.learnedlr.kernels;

import java.util.Arrays;
import java.util.Locale;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;
import org.learnedlr.tensor.cpu.CpuBackend;

/**
 * A standalone timing of the OpenCL backend (not a unit test; the JMH benchmarks in bench/ are the reference):
 * matrix products at square and MLP shapes against the CPU backend, fused row kernels at a small shape (launch
 * overhead), and host-device copies. Prints medians. Run with the test class path, e.g.
 * {@code java -cp ... org.learnedlr.kernels.MatmulTiming [seconds-per-case]}.
 */
public final class MatmulTiming {
    private MatmulTiming() {
    }

    @FunctionalInterface
    private interface Body {
        void run(Backend b);
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        OpenClBackend cl = OpenClBackendProvider.shared();
        Backend cpu = new CpuBackend();
        System.out.println("device: " + cl.device() + "; CPU backend threads: " + CpuBackend.threads());
        System.out.println();
        System.out.println("| shape (M x K x N) | OpenCL median ms | OpenCL GFLOPS | OpenCL GFLOPS by CPU time "
                + "| CPU median ms | CPU GFLOPS | ratio |");
        System.out.println("|---|---|---|---|---|---|---|");
        int[][] shapes = {{128, 128, 128}, {256, 256, 256}, {512, 512, 512}, {1024, 1024, 1024},
                {128, 784, 256}, {784, 128, 256}, {128, 256, 784}};
        for (int[] s : shapes) {
            double flops = 2.0 * s[0] * s[1] * s[2];
            long cpu0 = processCpuNanos();
            int calls0 = TIMER.calls();
            double tcl = matmulMedian(cl, s, seconds);
            double cpuPerCall = (processCpuNanos() - cpu0) / 1e9 / (TIMER.calls() - calls0) / Runtime.getRuntime().availableProcessors();
            double tcpu = matmulMedian(cpu, s, seconds);
            System.out.printf(Locale.ROOT, "| %d x %d x %d | %.3f | %.1f | %.1f | %.3f | %.1f | %.2f |%n", s[0], s[1],
                    s[2], tcl * 1e3, flops / tcl / 1e9, flops / cpuPerCall / 1e9, tcpu * 1e3, flops / tcpu / 1e9,
                    tcpu / tcl);
        }
        System.out.println();
        System.out.println("| A x B^T (B stored as (N, K): x W^T) | OpenCL median ms | CPU median ms | ratio |");
        System.out.println("|---|---|---|---|");
        for (int[] s : new int[][]{{128, 784, 256}, {128, 256, 10}, {128, 128, 128}, {256, 256, 256}}) {
            double tcl = transposedMedian(cl, s, seconds);
            double tcpu = transposedMedian(cpu, s, seconds);
            System.out.printf(Locale.ROOT, "| %d x %d x %d | %.3f | %.3f | %.2f |%n", s[0], s[1], s[2], tcl * 1e3,
                    tcpu * 1e3, tcpu / tcl);
        }
        System.out.println();
        System.out.println("| op | OpenCL median us | CPU median us |");
        System.out.println("|---|---|---|");
        fused(cl, cpu, "softmax 33x64", (b, x) -> x.softmax(1), seconds);
        fused(cl, cpu, "logSoftmax 33x64", (b, x) -> x.logSoftmax(1), seconds);
        fused(cl, cpu, "layerNorm 33x64", (b, x) -> x.layerNorm(null, null, 1e-5), seconds);
        fused(cl, cpu, "add 33x64 (one launch)", (b, x) -> x.add(x), seconds);
        System.out.println();
        System.out.println("| copy | median us | GB/s |");
        System.out.println("|---|---|---|");
        for (int n : new int[]{1, 128 * 784, 1024 * 1024}) {
            copies(cl, n, seconds);
        }
    }

    private static final CallTimer TIMER = new CallTimer(3);

    /**
     * CPU time of the whole process (all threads, PoCL's workers included). On a machine shared with other work,
     * flops per (CPU seconds / cores) estimates what the kernels would reach with the cores to themselves.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double matmulMedian(Backend b, int[] s, double seconds) {
        Rng rng = new Rng(1);
        Tensor a = Tensor.uniform(b, rng, -1, 1, DType.FLOAT32, s[0], s[1]);
        Tensor w = Tensor.uniform(b, rng, -1, 1, DType.FLOAT32, s[1], s[2]);
        return median(b, seconds, () -> a.matmul(w));
    }

    private static double transposedMedian(Backend b, int[] s, double seconds) {
        Rng rng = new Rng(1);
        Tensor a = Tensor.uniform(b, rng, -1, 1, DType.FLOAT32, s[0], s[1]);
        Tensor w = Tensor.uniform(b, rng, -1, 1, DType.FLOAT32, s[2], s[1]).transpose(0, 1);
        return median(b, seconds, () -> a.matmul(w));
    }

    private interface Fused {
        Tensor apply(Backend b, Tensor x);
    }

    private static void fused(OpenClBackend cl, Backend cpu, String name, Fused f, double seconds) {
        double[] t = new double[2];
        Backend[] bs = {cl, cpu};
        for (int i = 0; i < 2; i++) {
            Backend b = bs[i];
            Tensor x = Tensor.uniform(b, new Rng(2), -3, 3, DType.FLOAT32, 33, 64);
            t[i] = median(b, seconds, () -> f.apply(b, x));
        }
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", name, t[0] * 1e6, t[1] * 1e6);
    }

    private static void copies(OpenClBackend cl, int n, double seconds) {
        float[] data = new float[n];
        Arrays.fill(data, 1.5f);
        double up = median(cl, seconds, () -> Tensor.of(cl, data, n));
        Tensor t = Tensor.of(cl, data, n);
        double down = median(cl, seconds, () -> {
            t.toFloatArray();
            return null;
        });
        double gb = 4.0 * n / 1e9;
        System.out.printf(Locale.ROOT, "| host->device %d floats | %.1f | %.2f |%n", n, up * 1e6, gb / up);
        System.out.printf(Locale.ROOT, "| device->host %d floats | %.1f | %.2f |%n", n, down * 1e6, gb / down);
    }

    /** Median seconds of one call, finishing the device's work each time; warm-up first. */
    private static double median(Backend b, double seconds, java.util.function.Supplier<Tensor> op) {
        return TIMER.median(b, seconds, op::get);
    }
}
