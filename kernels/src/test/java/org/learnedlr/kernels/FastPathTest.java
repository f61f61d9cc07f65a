package org.learnedlr.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.learnedlr.tensor.AdamStep;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.MemoryScope;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.SgdStep;
import org.learnedlr.tensor.Tensor;
import org.learnedlr.tensor.cpu.CpuBackend;

/**
 * Each form of the elementwise, reduction and optimizer kernels (dense {@code _d}, up to three coalesced axes
 * {@code _3}, two-axis columns {@code _2}, split rows, and the general offset_of fallback) against the CPU backend,
 * on views chosen to land in each form: dense with an offset, broadcast rows, columns and scalars, transposed,
 * narrowed, size-1 axes, odd sizes that are not multiples of a work-group, and four-axis views that cannot be
 * coalesced below four axes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FastPathTest {
    private OpenClBackend be;
    private final Backend cpu = new CpuBackend();

    @BeforeAll
    void device() {
        be = OpenClTestSupport.backendOrSkip();
    }

    /** A view built the same way on either backend from one CPU tensor, and the form it is meant to exercise. */
    private record View(String name, Function<Tensor, Tensor> make, int[] baseShape) {
    }

    /** Pairs of (a, b) of one logical shape, from base tensors of the given shapes. */
    private record Pair(String name, int[] aShape, Function<Tensor, Tensor> a, int[] bShape,
                        Function<Tensor, Tensor> b) {
    }

    private static List<View> views() {
        List<View> v = new ArrayList<>();
        v.add(new View("dense odd", t -> t, new int[]{3, 37, 5}));
        v.add(new View("dense with an offset", t -> t.narrow(0, 1, 2), new int[]{3, 37, 5}));
        v.add(new View("one element", t -> t, new int[]{1}));
        v.add(new View("0-d", t -> t.reshape(), new int[]{1}));
        v.add(new View("size-1 axes", t -> t.unsqueeze(0).unsqueeze(2), new int[]{7, 1, 9}));
        v.add(new View("transposed", t -> t.transpose(0, 1), new int[]{65, 33}));
        v.add(new View("transposed, three axes", t -> t.permute(2, 0, 1), new int[]{5, 17, 3}));
        v.add(new View("narrowed inner axis", t -> t.narrow(1, 2, 19), new int[]{13, 23}));
        v.add(new View("four axes, permuted", t -> t.permute(3, 1, 0, 2), new int[]{3, 5, 7, 2}));
        v.add(new View("five axes, narrowed", t -> t.narrow(4, 1, 3).narrow(2, 1, 2),
                new int[]{2, 3, 4, 5, 6}));
        return v;
    }

    private static List<Pair> pairs() {
        List<Pair> p = new ArrayList<>();
        p.add(new Pair("dense", new int[]{129, 3}, t -> t, new int[]{129, 3}, t -> t));
        p.add(new Pair("dense, offsets", new int[]{4, 257}, t -> t.narrow(0, 1, 3), new int[]{5, 257},
                t -> t.narrow(0, 2, 3)));
        p.add(new Pair("row broadcast (bias)", new int[]{33, 10}, t -> t, new int[]{10},
                t -> t.expand(33, 10)));
        p.add(new Pair("column broadcast", new int[]{33, 10}, t -> t, new int[]{33, 1}, t -> t.expand(33, 10)));
        p.add(new Pair("scalar broadcast", new int[]{7, 300}, t -> t, new int[]{1}, t -> t.reshape().expand(7, 300)));
        p.add(new Pair("channel broadcast", new int[]{3, 5, 7, 7}, t -> t, new int[]{1, 5, 1, 1},
                t -> t.expand(3, 5, 7, 7)));
        p.add(new Pair("transposed and dense", new int[]{17, 31}, t -> t.transpose(0, 1), new int[]{31, 17},
                t -> t));
        p.add(new Pair("size-1 axes", new int[]{1, 9, 1, 4}, t -> t, new int[]{1, 9, 1, 1},
                t -> t.expand(1, 9, 1, 4)));
        p.add(new Pair("four axes", new int[]{2, 3, 4, 5}, t -> t.permute(0, 2, 1, 3), new int[]{2, 4, 3, 5},
                t -> t.permute(0, 1, 3, 2).transpose(2, 3)));
        return p;
    }

    private Tensor base(Rng rng, int[] shape) {
        return Tensor.uniform(cpu, rng, -2, 2, DType.FLOAT32, shape);
    }

    @Test
    void unaryOpsOnEveryForm() {
        Rng rng = new Rng(11);
        List<Function<Tensor, Tensor>> ops = List.of(Tensor::neg, Tensor::exp, Tensor::tanh, Tensor::relu,
                t -> t.abs().sqrt(), t -> t.clamp(-0.5, 0.75), Tensor::sigmoid);
        for (View v : views()) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor x = base(rng, v.baseShape);
                Tensor xc = v.make.apply(x);
                Tensor xd = v.make.apply(x.to(be));
                for (int i = 0; i < ops.size(); i++) {
                    assertClose(ops.get(i).apply(xc), ops.get(i).apply(xd), 1e-6, v.name + ", unary op " + i);
                }
                Tensor ints = xc.mul(3).cast(DType.INT32);
                assertArrayEquals(ints.toIntArray(), xd.mul(3).cast(DType.INT32).toIntArray(), v.name + ", cast");
                assertClose(ints.cast(DType.FLOAT32), v.make.apply(x.to(be)).mul(3).cast(DType.INT32)
                        .cast(DType.FLOAT32), 0, v.name + ", cast back");
                assertClose(xc.contiguous(), xd.contiguous(), 0, v.name + ", copy");
            }
        }
    }

    @Test
    void binaryOpsAndWhereOnEveryForm() {
        Rng rng = new Rng(12);
        List<BiFunction<Tensor, Tensor, Tensor>> ops = List.of(Tensor::add, Tensor::sub, Tensor::mul, Tensor::div,
                Tensor::maximum, Tensor::gt, (a, b) -> Tensor.where(a.gt(b), a, b.mul(2)));
        for (Pair p : pairs()) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor a = base(rng, p.aShape);
                Tensor b = base(rng, p.bShape);
                Tensor ac = p.a.apply(a);
                Tensor bc = p.b.apply(b);
                Tensor ad = p.a.apply(a.to(be));
                Tensor bd = p.b.apply(b.to(be));
                for (int i = 0; i < ops.size(); i++) {
                    assertClose(ops.get(i).apply(ac, bc), ops.get(i).apply(ad, bd), 1e-6, p.name + ", op " + i);
                    assertClose(ops.get(i).apply(bc, ac), ops.get(i).apply(bd, ad), 1e-6, p.name + ", swapped " + i);
                }
            }
        }
    }

    @Test
    void fillsOfStridedViews() {
        for (View v : views()) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor c = Tensor.zeros(cpu, DType.FLOAT32, v.baseShape);
                Tensor d = Tensor.zeros(be, DType.FLOAT32, v.baseShape);
                v.make.apply(c).fill(2.5);
                v.make.apply(d).fill(2.5);
                assertClose(c, d, 0, v.name + ", fill");
            }
        }
    }

    @Test
    void reductionsOverEveryAxisSet() {
        Rng rng = new Rng(13);
        int[][] shapes = {{3, 37, 5}, {130, 70}, {9, 1, 301}, {129, 6, 7, 7}, {65, 300}, {1, 5000}, {2, 9000},
                {3, 4, 5, 6}};
        for (int[] shape : shapes) {
            int rank = shape.length;
            for (int mask = 1; mask < 1 << rank; mask++) {
                int[] axes = new int[Integer.bitCount(mask)];
                for (int d = 0, k = 0; d < rank; d++) {
                    if ((mask & 1 << d) != 0) {
                        axes[k++] = d;
                    }
                }
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor x = base(rng, shape);
                    Tensor xd = x.to(be);
                    String what = java.util.Arrays.toString(shape) + " over " + java.util.Arrays.toString(axes);
                    int n = x.numel() / x.sum(axes, true).numel();
                    assertClose(x.sum(axes, false), xd.sum(axes, false), 1e-6 * n + 1e-5, "sum " + what);
                    assertClose(x.max(axes, true), xd.max(axes, true), 0, "max " + what);
                    // A transposed view of the same data: the columns are strided.
                    Tensor xt = x.transpose(0, rank - 1);
                    assertClose(xt.sum(axes, false), xd.transpose(0, rank - 1).sum(axes, false),
                            1e-6 * n + 1e-5, "sum of the transpose " + what);
                    assertClose(xt.max(axes, false), xd.transpose(0, rank - 1).max(axes, false), 0,
                            "max of the transpose " + what);
                }
            }
        }
    }

    /** The interleaved order a GPU gets, checked here on whatever device there is. */
    @Test
    void reductionsInTheOtherSplitOrder() {
        Boolean before = ReductionOps.interleave;
        ReductionOps.interleave = !be.rt.isGpu();
        try {
            reductionsOverEveryAxisSet();
            maxLetsNaNWinInEveryForm();
            sumOfSquaresInOnePass();
        } finally {
            ReductionOps.interleave = before;
        }
    }

    @Test
    void maxLetsNaNWinInEveryForm() {
        float[] data = new float[3 * 5000];
        data[4321] = Float.NaN;
        data[5000 + 17] = Float.NaN;
        Tensor x = Tensor.of(be, data, 3, 5000);
        float[] rows = x.max(new int[]{1}, false).toFloatArray();
        assertTrue(Float.isNaN(rows[0]) && Float.isNaN(rows[1]) && rows[2] == 0, java.util.Arrays.toString(rows));
        assertTrue(Float.isNaN((float) x.max(new int[]{0, 1}, false).item()));
        assertTrue(Float.isNaN((float) x.transpose(0, 1).max(new int[]{0}, false).toFloatArray()[0]));
        float[] cols = x.max(new int[]{0}, false).toFloatArray(); // over the leading axis: float16 columns
        for (int c = 0; c < cols.length; c++) {
            assertEquals(c == 4321 || c == 17, Float.isNaN(cols[c]), "column " + c);
        }
    }

    @Test
    void sumOfSquaresInOnePass() {
        Rng rng = new Rng(14);
        for (int[] shape : new int[][]{{1}, {7}, {200, 301}, {64, 3, 3, 3}, {5, 70000}}) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor x = base(rng, shape);
                double expected = x.mul(x).sum().item();
                double got = x.to(be).sumOfSquares().item();
                assertEquals(expected, got, 1e-5 * Math.abs(expected), java.util.Arrays.toString(shape));
                Tensor t = x.reshape(x.numel()).narrow(0, 0, (x.numel() + 1) / 2);
                assertEquals(t.mul(t).sum().item(), x.to(be).reshape(x.numel()).narrow(0, 0, (x.numel() + 1) / 2)
                        .sumOfSquares().item(), 1e-5 * Math.abs(expected) + 1e-6, "a narrowed view");
            }
        }
        assertEquals(0.0, Tensor.zeros(be, DType.FLOAT32, 0, 3).sumOfSquares().item());
    }

    @Test
    void optimizerUpdatesDenseAndStrided() {
        Rng rng = new Rng(15);
        SgdStep sgd = new SgdStep(0.1, 0.9, 0, 0.01, true, false);
        AdamStep adam = new AdamStep(0.01, 0.9, 0.999, 1e-8, 0.01, true, 3);
        for (boolean strided : new boolean[]{false, true}) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor[] c = new Tensor[4];
                Tensor[] d = new Tensor[4];
                for (int i = 0; i < 4; i++) {
                    c[i] = base(rng, new int[]{33, 65});
                    if (i == 3) {
                        c[i] = c[i].abs();
                    }
                    d[i] = c[i].to(be);
                }
                Function<Tensor, Tensor> view = strided ? t -> t.transpose(0, 1) : t -> t;
                cpu.sgdUpdate(view.apply(c[0]), view.apply(c[1]), view.apply(c[2]), sgd);
                be.sgdUpdate(view.apply(d[0]), view.apply(d[1]), view.apply(d[2]), sgd);
                assertClose(c[0], d[0], 1e-6, "sgd param, strided " + strided);
                assertClose(c[2], d[2], 1e-6, "sgd buffer, strided " + strided);
                cpu.adamUpdate(view.apply(c[0]), view.apply(c[1]), view.apply(c[2]), view.apply(c[3]), adam);
                be.adamUpdate(view.apply(d[0]), view.apply(d[1]), view.apply(d[2]), view.apply(d[3]), adam);
                for (int i : new int[]{0, 2, 3}) {
                    assertClose(c[i], d[i], 1e-5, "adam operand " + i + ", strided " + strided);
                }
            }
        }
    }

    /**
     * conv2d's forward writes im2col straight into the product's packed panels and leaves their padding columns
     * unwritten: with the pool's buffers full of NaN beforehand, the result must still match the CPU. The weight
     * gradient's transposed columns are checked at the same shapes.
     */
    @Test
    void conv2dWithPackedColumnsOverStaleBuffers() {
        Rng rng = new Rng(16);
        // Maps of 7x7, 5x5 (the batch folded into the columns), 4x4 and 14x14 (one product per image), 1x1.
        int[][] convs = {{3, 5, 7, 7, 6, 3, 1, 1}, {2, 4, 9, 9, 7, 3, 2, 1}, {3, 3, 4, 4, 5, 3, 1, 1},
                {2, 1, 28, 28, 8, 7, 2, 3}, {5, 3, 1, 1, 7, 3, 1, 1}};
        for (int[] c : convs) {
            try (MemoryScope scope = MemoryScope.open()) {
                for (int i = 0; i < 4; i++) { // stale NaNs in buffers of many size classes, back in the pool
                    Tensor.full(be, Float.NaN, DType.FLOAT32, 1 << (10 + 2 * i)).storage().close();
                }
                Tensor x = base(rng, new int[]{c[0], c[1], c[3], c[2]}).transpose(2, 3);  // non-contiguous
                Tensor w = base(rng, new int[]{c[4], c[1], c[5], c[5]});
                Tensor b = base(rng, new int[]{c[4]});
                Tensor y = x.conv2d(w, b, c[6], c[7]);
                String what = java.util.Arrays.toString(c);
                assertClose(y, x.to(be).conv2d(w.to(be), b.to(be), c[6], c[7]), 1e-5, "conv2d " + what);
                Tensor g = base(rng, y.shape());
                assertClose(x.conv2dWeightGrad(g, c[5], c[5], c[6], c[7]),
                        x.to(be).conv2dWeightGrad(g.to(be), c[5], c[5], c[6], c[7]), 1e-4, "weight grad " + what);
            }
        }
    }

    private static void assertClose(Tensor expected, Tensor got, double tol, String what) {
        assertArrayEquals(expected.shape(), got.shape(), what);
        float[] e = expected.toFloatArray();
        float[] g = got.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            boolean ok = Float.isNaN(e[i]) ? Float.isNaN(g[i])
                    : Math.abs(e[i] - g[i]) <= tol * Math.max(1, Math.abs(e[i]));
            assertTrue(ok, what + ": element " + i + " " + e[i] + " vs " + g[i]);
        }
    }
}
