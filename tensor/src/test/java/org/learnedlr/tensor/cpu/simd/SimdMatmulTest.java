package org.learnedlr.tensor.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;
import org.learnedlr.tensor.cpu.CpuBackend;

/**
 * The fast path through the CPU backend: against the plain path on transposed and narrowed views, batches with
 * stride-0 batch axes and empty depths; the switches that turn it off.
 */
class SimdMatmulTest {
    private static final CpuBackend FAST = new CpuBackend(true);
    private static final CpuBackend PLAIN = new CpuBackend(false);

    private static Tensor random(CpuBackend be, long seed, int... shape) {
        return Tensor.uniform(be, new Rng(seed), -1, 1, DType.FLOAT32, shape);
    }

    /** Both backends on the same data, viewed the same way; the product checked against float64 on the plain path. */
    private static void compare(String what, int k, java.util.function.BiFunction<CpuBackend, Boolean, Tensor> make) {
        Tensor fast = make.apply(FAST, false);
        Tensor plain = make.apply(PLAIN, false);
        Tensor exact = make.apply(PLAIN, true);
        assertArrayEquals(plain.shape(), fast.shape(), what);
        float[] f = fast.toFloatArray();
        double[] d = exact.toDoubleArray();
        for (int i = 0; i < f.length; i++) {
            double tol = (k + 1) * 0x1p-23 * Math.max(1, k) + 1e-30; // |a|, |b| <= 1
            if (!(Math.abs(f[i] - d[i]) <= tol)) {
                fail(what + ": element " + i + " = " + f[i] + ", float64 reference " + d[i]);
            }
        }
    }

    /** a (m x k) times b (k x n), each optionally stored transposed; in float64 when {@code exact}. */
    private static Tensor product(CpuBackend be, boolean exact, int m, int k, int n, boolean ta, boolean tb) {
        Tensor a = ta ? random(be, 11, k, m).transpose(0, 1) : random(be, 11, m, k);
        Tensor b = tb ? random(be, 12, n, k).transpose(0, 1) : random(be, 12, k, n);
        if (exact) {
            a = a.cast(DType.FLOAT64);
            b = b.cast(DType.FLOAT64);
        }
        return a.matmul(b);
    }

    @Test
    void fastPathIsOnInTests() {
        assertTrue(FAST.simd(), "the tests run with --add-modules jdk.incubator.vector");
        assertFalse(PLAIN.simd());
        assertTrue(SimdSupport.describe().startsWith("Vector API"), SimdSupport.describe());
    }

    @Test
    void transposedOperandsAndOddShapes() {
        int[][] shapes = {{1, 1, 1}, {1, 7, 1}, {7, 1, 17}, {17, 33, 65}, {65, 17, 7}, {128, 784, 64}, {33, 300, 520}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                compare(java.util.Arrays.toString(s) + " ta=" + ta + " tb=" + tb, s[1],
                        (be, exact) -> product(be, exact, s[0], s[1], s[2], ta, tb));
            }
        }
    }

    @Test
    void narrowedViews() {
        compare("narrowed", 20, (be, exact) -> {
            Tensor a = random(be, 21, 30, 40).narrow(0, 3, 19).narrow(1, 5, 20);     // (19, 20), padded rows
            Tensor b = random(be, 22, 25, 60).narrow(0, 2, 20).narrow(1, 7, 23);     // (20, 23)
            return exact ? a.cast(DType.FLOAT64).matmul(b.cast(DType.FLOAT64)) : a.matmul(b);
        });
    }

    @Test
    void batchedWithStrideZeroBatch() {
        // Little work (on the calling thread), and a batch split across the workers by products.
        for (int[] s : new int[][]{{5, 9, 7, 3}, {130, 200, 90, 3}, {128, 128, 130, 20}}) {
            int m = s[0];
            int k = s[1];
            int n = s[2];
            int batch = s[3];
            compare("shared weight " + java.util.Arrays.toString(s), k, (be, exact) -> {
                Tensor w = random(be, 31, m, k);                                    // (M, K) broadcast over batch
                Tensor x = random(be, 32, batch, k, n);                             // (B, K, N)
                return exact ? w.cast(DType.FLOAT64).matmul(x.cast(DType.FLOAT64)) : w.matmul(x);
            });
            compare("shared right operand, transposed " + java.util.Arrays.toString(s), k, (be, exact) -> {
                Tensor x = random(be, 33, 2, batch, m, k);                          // (2, B, M, K)
                Tensor w = random(be, 34, n, k).transpose(0, 1);                    // (K, N) as a view
                Tensor wb = w.unsqueeze(0).expand(batch, k, n);                     // (B, K, N), stride 0
                return exact ? x.cast(DType.FLOAT64).matmul(wb.cast(DType.FLOAT64)) : x.matmul(wb);
            });
        }
    }

    @Test
    void largeProductSplitAcrossTheWorkers() {
        compare("340x330x350, A transposed", 330, (be, exact) -> product(be, exact, 340, 330, 350, true, false));
    }

    @Test
    void emptyDepthGivesZerosAndEmptySidesGiveEmpty() {
        Tensor c = Tensor.zeros(FAST, DType.FLOAT32, 3, 0).matmul(Tensor.zeros(FAST, DType.FLOAT32, 0, 4));
        assertArrayEquals(new int[]{3, 4}, c.shape());
        assertArrayEquals(new float[12], c.toFloatArray());
        Tensor e = Tensor.zeros(FAST, DType.FLOAT32, 0, 5).matmul(random(FAST, 1, 5, 4));
        assertArrayEquals(new int[]{0, 4}, e.shape());
    }

    @Test
    void sameBitsOnEveryCall() {
        Tensor a = random(FAST, 41, 150, 260);
        Tensor b = random(FAST, 42, 260, 70);
        float[] first = a.matmul(b).toFloatArray();
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(first, a.matmul(b).toFloatArray());
        }
    }

    @Test
    void propertyFalseSelectsThePlainPath() {
        String before = System.getProperty(SimdSupport.PROPERTY);
        System.setProperty(SimdSupport.PROPERTY, "false");
        CpuBackend off;
        try {
            assertFalse(SimdSupport.enabled());
            off = new CpuBackend();
            assertTrue(SimdSupport.describe().startsWith("plain"), SimdSupport.describe());
        } finally {
            if (before == null) {
                System.clearProperty(SimdSupport.PROPERTY);
            } else {
                System.setProperty(SimdSupport.PROPERTY, before);
            }
        }
        assertFalse(off.simd());
        assertTrue(new CpuBackend().simd());
        // The plain path's bits (multiply then add), not the fast path's fused multiply-adds.
        Tensor a = random(off, 51, 40, 90);
        Tensor b = random(off, 52, 90, 30);
        float[] viaOff = a.matmul(b).toFloatArray();
        float[] viaPlain = random(PLAIN, 51, 40, 90).matmul(random(PLAIN, 52, 90, 30)).toFloatArray();
        float[] viaFast = random(FAST, 51, 40, 90).matmul(random(FAST, 52, 90, 30)).toFloatArray();
        assertArrayEquals(viaPlain, viaOff);
        assertFalse(java.util.Arrays.equals(viaFast, viaOff), "fast and plain paths round differently");
    }

    /** A JVM launched without the module: plain path, one log line, no Vector API class loaded. */
    @Test
    void withoutTheModuleThePlainPathRunsAndSaysSoOnce() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(java, "-Xshare:auto", "-verbose:class", "-cp",
                System.getProperty("java.class.path"), NoModuleMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("RESULT simd=false enabled=false"), out);
        assertEquals(1, count(out, "jdk.incubator.vector is not in the boot layer"), out);
        assertFalse(out.contains("jdk.incubator.vector.FloatVector"), "a Vector API class was loaded");
        assertFalse(out.contains("org.learnedlr.tensor.cpu.simd.MicroKernel"), "the micro-kernel was loaded");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** Run by the test above in a JVM without {@code --add-modules jdk.incubator.vector}. */
    public static final class NoModuleMain {
        public static void main(String[] args) {
            CpuBackend first = new CpuBackend();
            CpuBackend second = new CpuBackend(true);
            Tensor a = Tensor.of(first, new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor b = Tensor.of(first, new float[]{1, 0, 0, 1, 1, 1}, 3, 2);
            float[] c = a.matmul(b).toFloatArray();
            if (c[0] != 4 || c[1] != 5 || c[2] != 10 || c[3] != 11) {
                throw new AssertionError(java.util.Arrays.toString(c));
            }
            System.out.println("RESULT simd=" + (first.simd() || second.simd()) + " enabled=" + SimdSupport.enabled());
        }
    }
}
