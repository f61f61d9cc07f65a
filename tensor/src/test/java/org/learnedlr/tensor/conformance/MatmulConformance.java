package org.learnedlr.tensor.conformance;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * MATMUL against EJML: 2-d products of sizes that are not multiples of any work-group or vector width (1, 7, 17,
 * 33, 65), K = 1, M = 1, empty operands, batched and broadcast batches, transposed, narrowed and expanded inputs.
 */
public abstract class MatmulConformance extends ReductionConformance {

    /** (M, K, N) of 2-d products. */
    private static final int[][] SIZES = {
            {1, 1, 1}, {1, 7, 17}, {7, 1, 33}, {17, 33, 1}, {33, 65, 7}, {65, 17, 33}, {7, 7, 7}, {1, 65, 1},
            {65, 1, 65}, {33, 17, 65}, {0, 5, 3}, {3, 0, 4}, {3, 4, 0},
    };

    /** Batched operand shapes; batch axes broadcast. */
    private static final int[][][] BATCHED = {
            {{3, 7, 5}, {3, 5, 4}}, {{2, 1, 7, 5}, {3, 5, 4}}, {{7, 5}, {4, 5, 3}}, {{4, 17, 33}, {33, 1}},
            {{1, 1, 1}, {1, 1, 1}}, {{2, 3, 1, 4}, {4, 5}}, {{0, 3, 4}, {4, 2}}, {{2, 3, 4}, {2, 4, 0}},
            {{3, 1, 2, 7}, {1, 4, 7, 2}}, {{5, 1}, {2, 1, 6}},
    };

    private void check(String what, DType dt, Tensor a, Tensor b) {
        Tensor c = a.matmul(b);
        assertDType(dt, c, "matmul");
        Nd ra = Reference.read(a);
        Nd rb = Reference.read(b);
        int k = a.size(-1);
        assertClose(what, Reference.matmul(ra, rb), c, tolerance(dt, k),
                Reference.matmul(Reference.map(ra, Math::abs), Reference.map(rb, Math::abs)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void matrixProductsMatchEjml(DType dt, Layout layout) {
        Rng rng = new Rng(20);
        for (int[] s : SIZES) {
            Tensor a = random(layout, dt, rng, -1, 1, s[0], s[1]);
            Tensor b = random(layout, dt, rng, -1, 1, s[1], s[2]);
            check("matmul " + layout + " M=" + s[0] + " K=" + s[1] + " N=" + s[2], dt, a, b);
            // The other operand contiguous: mixed layouts take other code paths.
            Tensor bc = random(dt, rng, -1, 1, s[1], s[2]);
            check("matmul " + layout + " x contiguous M=" + s[0] + " K=" + s[1] + " N=" + s[2], dt, a, bc);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void batchedProductsBroadcastTheirBatchAxes(DType dt, Layout layout) {
        Rng rng = new Rng(21);
        for (int[][] s : BATCHED) {
            Tensor a = random(layout, dt, rng, -1, 1, s[0]);
            Tensor b = random(layout, dt, rng, -1, 1, s[1]);
            check("batched matmul " + layout + " " + describe(s), dt, a, b);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void transposedViewsAsOperands(DType dt) {
        Rng rng = new Rng(22);
        Tensor a = random(dt, rng, -1, 1, 33, 17);     // used as (17, 33)
        Tensor b = random(dt, rng, -1, 1, 65, 33);     // used as (33, 65)
        check("aT x bT", dt, a.transpose(0, 1), b.transpose(0, 1));
        check("aT x b", dt, a.transpose(0, 1), random(dt, rng, -1, 1, 33, 65));
        // A batch of transposed matrices whose batch axis is not the outermost stride.
        Tensor batch = random(dt, rng, -1, 1, 7, 3, 5);  // (K=7, B=3, M=5)
        Tensor x = batch.permute(1, 2, 0);                 // (3, 5, 7)
        check("permuted batch", dt, x, random(dt, rng, -1, 1, 3, 7, 4));
        // The same matrix on both sides (aliasing of read-only inputs is allowed).
        Tensor sq = random(dt, rng, -1, 1, 9, 9);
        check("a x a", dt, sq, sq);
        check("a x aT", dt, sq, sq.transpose(0, 1));
        // Rows times transposed rows (x W^T, q k^T: k unit-stride in both), k in 16-wide chunks and a tail.
        check("a x bT, k = 37", dt, random(dt, rng, -1, 1, 13, 37), random(dt, rng, -1, 1, 7, 37).transpose(0, 1));
        check("a x bT, k = 48", dt, random(dt, rng, -1, 1, 5, 48), random(dt, rng, -1, 1, 18, 48).transpose(0, 1));
        check("batched a x bT", dt, random(dt, rng, -1, 1, 3, 5, 40),
                random(dt, rng, -1, 1, 3, 9, 40).transpose(1, 2));
        // A stride-0 broadcast vector as the right operand.
        check("expanded column", dt, random(dt, rng, -1, 1, 4, 6), random(dt, rng, -1, 1, 1, 1).expand(6, 3));
    }
}
