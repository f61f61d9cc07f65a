package org.learnedlr.tensor.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SimdGemm} against two oracles: a scalar chain of {@code Math.fma} over k (which it must equal bit for bit)
 * and a double-precision product (which it must match within a tolerance scaled by k). Operands come in every layout
 * the backward passes produce: row-major, transposed, with padded rows and with a column step.
 */
class SimdGemmTest {
    private static final int[] SIZES = {1, 2, 5, 6, 7, 13, 16, 17, 31, 33, 65, 97};

    private static ExecutorService pool;

    @BeforeAll
    static void needsTheModule() {
        assertTrue(SimdSupport.available(), "tests run with --add-modules jdk.incubator.vector (test.jvm.args)");
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    /** A matrix in a float array at a given layout: element (i, j) at {@code data[off + i*rs + j*cs]}. */
    record Mat(int rows, int cols, float[] data, int off, int rs, int cs) {
        float at(int i, int j) {
            return data[off + i * rs + j * cs];
        }

        /** Layout 0 row-major, 1 transposed storage, 2 padded rows with an offset, 3 every other column. */
        static Mat random(int rows, int cols, int layout, SplittableRandom rnd) {
            int off;
            int rs;
            int cs;
            int length;
            switch (layout) {
                case 0 -> {
                    off = 0;
                    rs = cols;
                    cs = 1;
                    length = rows * cols;
                }
                case 1 -> {
                    off = 0;
                    rs = 1;
                    cs = rows;
                    length = rows * cols;
                }
                case 2 -> {
                    off = 5;
                    rs = cols + 3;
                    cs = 1;
                    length = off + rows * rs;
                }
                default -> {
                    off = 1;
                    rs = 2 * cols + 1;
                    cs = 2;
                    length = off + rows * rs;
                }
            }
            float[] data = new float[Math.max(1, length)];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) (rnd.nextDouble() * 2 - 1);
            }
            return new Mat(rows, cols, data, off, rs, cs);
        }
    }

    private static float[] fmaChain(Mat a, Mat b) {
        int m = a.rows();
        int k = a.cols();
        int n = b.cols();
        float[] c = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(a.at(i, p), b.at(p, j), acc);
                }
                c[i * n + j] = acc;
            }
        }
        return c;
    }

    private static float[] simd(Mat a, Mat b, Splitter split) {
        float[] c = new float[a.rows() * b.cols()];
        java.util.Arrays.fill(c, Float.NaN); // C is overwritten, never read first
        SimdGemm.sgemm(a.rows(), b.cols(), a.cols(), a.data(), a.off(), a.rs(), a.cs(), b.data(), b.off(), b.rs(),
                b.cs(), c, 0, b.cols(), split);
        return c;
    }

    /** Splits into {@code parts} chunks run on the test's own pool: a different split than the backend's. */
    private static Splitter splitInto(int parts) {
        return (n, cost, body) -> {
            List<Future<?>> futures = new ArrayList<>();
            for (int q = 0; q < parts; q++) {
                int s = (int) ((long) n * q / parts);
                int e = (int) ((long) n * (q + 1) / parts);
                if (s < e) {
                    futures.add(pool.submit(() -> body.run(s, e)));
                }
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (Exception ex) {
                    throw new AssertionError(ex);
                }
            }
        };
    }

    private static void check(int m, int k, int n, int layoutA, int layoutB, SplittableRandom rnd) {
        Mat a = Mat.random(m, k, layoutA, rnd);
        Mat b = Mat.random(k, n, layoutB, rnd);
        float[] got = simd(a, b, Splitter.SEQUENTIAL);
        String what = m + "x" + k + " . " + k + "x" + n + " layouts " + layoutA + "/" + layoutB;
        assertArrayEquals(fmaChain(a, b), got, what + ": not the fma chain over k");
        assertArrayEquals(got, simd(a, b, splitInto(3)), what + ": split into 3");
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double ref = 0;
                double mag = 0;
                for (int p = 0; p < k; p++) {
                    ref += (double) a.at(i, p) * b.at(p, j);
                    mag += Math.abs((double) a.at(i, p) * b.at(p, j));
                }
                double tol = (k + 1) * 0x1p-23 * mag + 1e-30;
                if (Math.abs(got[i * n + j] - ref) > tol) {
                    fail(what + ": C[" + i + "][" + j + "] = " + got[i * n + j] + ", double reference " + ref);
                }
            }
        }
    }

    @Test
    void smallAndOddShapesInEveryLayout() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int m : SIZES) {
            for (int n : SIZES) {
                int k = SIZES[rnd.nextInt(SIZES.length)];
                check(m, k, n, rnd.nextInt(4), rnd.nextInt(4), rnd);
            }
        }
        for (int la = 0; la < 4; la++) {
            for (int lb = 0; lb < 4; lb++) {
                check(19, 23, 37, la, lb, rnd);
            }
        }
    }

    @Test
    void shapesCrossingTheCacheBlocks() {
        SplittableRandom rnd = new SplittableRandom(2);
        // k past KC (several k blocks, unequal), m past MC, n past NC, and none multiples of the micro-tile.
        check(100, 600, 530, 0, 0, rnd);
        check(193, 257, 47, 1, 0, rnd);
        check(7, 513, 129, 0, 1, rnd);
        check(1, 1000, 1, 2, 3, rnd);
        check(128, 784, 33, 0, 0, rnd);
        // Large enough that B is packed once and shared (rows split), tall and wide.
        check(150, 700, 200, 0, 1, rnd);
        check(70, 1000, 400, 1, 0, rnd);
    }

    @Test
    void depthZeroGivesZeros() {
        float[] c = new float[6];
        java.util.Arrays.fill(c, 7f);
        SimdGemm.sgemm(2, 3, 0, new float[0], 0, 0, 1, new float[0], 0, 3, 1, c, 0, 3, Splitter.SEQUENTIAL);
        assertArrayEquals(new float[6], c);
    }

    @Test
    void writesOnlyItsBlockOfC() {
        SplittableRandom rnd = new SplittableRandom(3);
        Mat a = Mat.random(7, 9, 0, rnd);
        Mat b = Mat.random(9, 5, 0, rnd);
        int ldc = 8;
        float[] c = new float[3 + 7 * ldc];
        java.util.Arrays.fill(c, -1f);
        SimdGemm.sgemm(7, 5, 9, a.data(), 0, 9, 1, b.data(), 0, 5, 1, c, 3, ldc, Splitter.SEQUENTIAL);
        float[] want = fmaChain(a, b);
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - 3;
            boolean inside = rel >= 0 && rel % ldc < 5;
            float expected = inside ? want[rel / ldc * 5 + rel % ldc] : -1f;
            assertEquals(expected, c[idx], "c[" + idx + "]");
        }
    }

    @Test
    void sameBitsForAnySplitAndRepeat() {
        SplittableRandom rnd = new SplittableRandom(4);
        // Each thread packing its own B (rows split), its own B columns (columns split), and B shared.
        int[][] shapes = {{203, 300, 150}, {40, 300, 200}, {203, 400, 300}};
        for (int[] s : shapes) {
            Mat a = Mat.random(s[0], s[1], 1, rnd);
            Mat b = Mat.random(s[1], s[2], 0, rnd);
            float[] once = simd(a, b, Splitter.SEQUENTIAL);
            for (int parts = 2; parts <= 5; parts++) {
                assertArrayEquals(once, simd(a, b, splitInto(parts)), "split into " + parts);
            }
            assertArrayEquals(once, simd(a, b, Splitter.SEQUENTIAL), "repeat");
        }
    }

    @Test
    void nonFiniteValuesStayInTheirOwnElements() {
        // The zero padding of edge tiles meets Inf and NaN: it must not leak into the valid part of C.
        SplittableRandom rnd = new SplittableRandom(5);
        Mat a = Mat.random(7, 3, 0, rnd);
        Mat b = Mat.random(3, 17, 0, rnd);
        a.data()[0] = Float.POSITIVE_INFINITY;
        b.data()[16] = Float.NaN;
        assertArrayEquals(fmaChain(a, b), simd(a, b, Splitter.SEQUENTIAL));
    }
}
