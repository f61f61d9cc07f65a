package org.learnedlr.tensor.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnedlr.tensor.AdamStep;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.SgdStep;
import org.learnedlr.tensor.Tensor;

/**
 * The fused ops: softmax, log-softmax and layer norm against the reference (and large logits), SGD and Adam updates
 * against steps computed by hand, and every fused op against the interface's composed default on the same backend.
 */
public abstract class FusedConformance extends ConvolutionConformance {

    /** A shape and the axes softmax runs along. */
    private record Case(int[] shape, int... axes) {
    }

    private static final Case[] SOFTMAX = {
            new Case(new int[]{4, 7}, 0, 1, -1), new Case(new int[]{2, 3, 5}, 1, 0, 2), new Case(new int[]{1}, 0),
            new Case(new int[]{3, 1}, 1, 0), new Case(new int[]{0, 5}, 1), new Case(new int[]{65}, 0),
    };

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void softmaxAndLogSoftmaxMatchReference(DType dt, Layout layout) {
        Rng rng = new Rng(50);
        for (Case c : SOFTMAX) {
            for (int axis : c.axes()) {
                Tensor x = random(layout, dt, rng, -5, 5, c.shape());
                Nd r = Reference.read(x);
                int a = axis < 0 ? axis + c.shape().length : axis;
                double tol = tolerance(dt, c.shape()[a]);
                String what = layout + " " + Arrays.toString(c.shape()) + " along " + axis;
                Tensor s = x.softmax(axis);
                assertDType(dt, s, "softmax");
                assertClose("softmax of " + what, Reference.softmax(r, a), s, tol);
                Tensor ls = x.logSoftmax(axis);
                assertDType(dt, ls, "logSoftmax");
                assertClose("logSoftmax of " + what, Reference.logSoftmax(r, a), ls, tol);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void softmaxAlongAnEmptyAxisIsEmpty(DType dt) {
        Tensor x = Tensor.zeros(backend(), dt, 5, 0);
        assertArrayEquals(new int[]{5, 0}, x.softmax(1).shape());
        assertArrayEquals(new int[]{5, 0}, x.logSoftmax(1).shape());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void largeLogitsStayFinite(DType dt) {
        double inf = Double.POSITIVE_INFINITY;
        Tensor x = tensor(dt, new double[]{
                1000, 1001, 999,
                -1000, 0, 1000,
                0, -inf, 1,
                -1e4, -1e4, -1e4}, 4, 3);
        Nd r = Reference.read(x);
        Tensor s = x.softmax(1);
        Tensor ls = x.logSoftmax(1);
        double tol = tolerance(dt, 3);
        assertClose("softmax of large logits", Reference.softmax(r, 1), s, tol);
        assertClose("logSoftmax of large logits", Reference.logSoftmax(r, 1), ls, tol);
        for (double v : Reference.read(s).data()) {
            assertTrue(Double.isFinite(v), "softmax of large logits is finite: " + s);
        }
        Nd rl = Reference.read(ls);
        for (int i = 0; i < rl.numel(); i++) {
            assertTrue(Double.isFinite(rl.data()[i]) || i == 7, "logSoftmax is finite except log(0): " + ls);
        }
        assertEquals(Double.NEGATIVE_INFINITY, rl.data()[7], "logSoftmax of -inf is -inf");
        assertEquals(0.0, Reference.read(s).data()[7], "softmax of -inf is 0");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void layerNormMatchesReference(DType dt, Layout layout) {
        Rng rng = new Rng(51);
        int[][] shapes = {{4, 7}, {2, 3, 5}, {3, 1}, {1, 16}, {0, 5}, {9}};
        for (int[] shape : shapes) {
            int last = shape[shape.length - 1];
            for (int affine = 0; affine < 4; affine++) {
                for (double offset : new double[]{0, 100}) {
                    Tensor x = random(layout, dt, rng, offset - 2, offset + 2, shape);
                    Tensor w = (affine & 1) != 0 ? random(layout, dt, rng, 0.5, 1.5, last) : null;
                    Tensor b = (affine & 2) != 0 ? random(layout, dt, rng, -1, 1, last) : null;
                    Tensor y = x.layerNorm(w, b, 1e-5);
                    assertDType(dt, y, "layerNorm");
                    Nd expected = Reference.layerNorm(Reference.read(x), w == null ? null : Reference.read(w),
                            b == null ? null : Reference.read(b), 1e-5);
                    // The normalised values are O(1); a float32 mean of values near 100 loses ~7 bits.
                    double tol = tolerance(dt, last) * (offset == 0 ? 1 : 4);
                    assertClose("layerNorm of " + layout + " " + Arrays.toString(shape) + " offset " + offset
                            + (w != null ? " weight" : "") + (b != null ? " bias" : ""), expected, y, tol);
                }
            }
        }
    }

    private static final SgdStep[] SGD = {
            new SgdStep(0.1, 0, 0, 0, false, false),
            new SgdStep(0.05, 0.9, 0, 0, false, false),
            new SgdStep(0.05, 0.9, 0.1, 1e-2, false, false),
            new SgdStep(0.05, 0.9, 0, 1e-2, true, false),
            new SgdStep(0.2, 0, 0, 0.1, false, false),
    };

    /** A (7, 5) tensor, either contiguous or a window of a larger buffer whose other elements must not change. */
    private Tensor parameter(boolean window, DType dt, Rng rng, double lo, double hi) {
        if (!window) {
            return random(dt, rng, lo, hi, 7, 5);
        }
        return random(dt, rng, lo, hi, 9, 8).narrow(0, 1, 7).narrow(1, 2, 5);
    }

    private static void assertOutsideUnchanged(String what, Nd before, Tensor window) {
        Tensor whole = Tensor.view(window.storage(), new int[]{9, 8}, new int[]{8, 1}, 0);
        Nd after = Reference.read(whole);
        for (int i = 0; i < 9; i++) {
            for (int j = 0; j < 8; j++) {
                if (i < 1 || i >= 8 || j < 2 || j >= 7) {
                    assertEquals(before.at(i, j), after.at(i, j), 0.0, what + ": element outside the window changed");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void sgdMatchesHandComputedSteps(DType dt) {
        Rng rng = new Rng(52);
        for (SgdStep config : SGD) {
            for (boolean window : new boolean[]{false, true}) {
                Tensor p = parameter(window, dt, rng, -1, 1);
                Tensor buf = parameter(window, dt, rng, 0, 0);
                Nd wholeBefore = window ? Reference.read(Tensor.view(p.storage(), new int[]{9, 8}, new int[]{8, 1}, 0))
                        : null;
                double[] rp = Reference.read(p).data();
                double[] rb = new double[rp.length];
                for (int step = 0; step < 5; step++) {
                    Tensor g = random(step % 2 == 0 ? Layout.PERMUTED : Layout.CONTIGUOUS, dt, rng, -1, 1, 7, 5);
                    SgdStep s = new SgdStep(config.lr(), config.momentum(), config.dampening(), config.weightDecay(),
                            config.nesterov(), step == 0);
                    backend().sgdUpdate(p, g, buf, s);
                    Reference.sgd(rp, Reference.read(g).data(), rb, s);
                    String what = "SGD " + s + (window ? " on a window" : "") + " after step " + (step + 1);
                    double tol = tolerance(dt, 4L * (step + 1));
                    assertClose(what + ": param", new Nd(rp.clone(), new int[]{7, 5}), p, tol);
                    if (s.momentum() != 0) {
                        assertClose(what + ": momentum buffer", new Nd(rb.clone(), new int[]{7, 5}), buf, tol);
                    }
                }
                if (window) {
                    assertOutsideUnchanged("SGD", wholeBefore, p);
                }
            }
        }
    }

    private static final AdamStep[] ADAM = {
            new AdamStep(1e-2, 0.9, 0.999, 1e-8, 0, false, 1),
            new AdamStep(1e-2, 0.9, 0.999, 1e-8, 1e-2, false, 1),
            new AdamStep(1e-2, 0.9, 0.999, 1e-8, 0.1, true, 1),
            new AdamStep(3e-3, 0.5, 0.9, 1e-6, 0, false, 1),
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void adamMatchesHandComputedSteps(DType dt) {
        Rng rng = new Rng(53);
        for (AdamStep config : ADAM) {
            for (boolean window : new boolean[]{false, true}) {
                Tensor p = parameter(window, dt, rng, -1, 1);
                Tensor m = parameter(window, dt, rng, 0, 0);
                Tensor v = parameter(window, dt, rng, 0, 0);
                Nd wholeBefore = window ? Reference.read(Tensor.view(p.storage(), new int[]{9, 8}, new int[]{8, 1}, 0))
                        : null;
                double[] rp = Reference.read(p).data();
                double[] rm = new double[rp.length];
                double[] rv = new double[rp.length];
                for (int step = 1; step <= 5; step++) {
                    Tensor g = random(step % 2 == 0 ? Layout.PERMUTED_NARROWED : Layout.CONTIGUOUS, dt, rng, -1, 1,
                            7, 5);
                    AdamStep s = new AdamStep(config.lr(), config.beta1(), config.beta2(), config.eps(),
                            config.weightDecay(), config.decoupled(), step);
                    backend().adamUpdate(p, g, m, v, s);
                    Reference.adam(rp, Reference.read(g).data(), rm, rv, s);
                    String what = "Adam " + s + (window ? " on a window" : "") + " after step " + step;
                    double tol = tolerance(dt, 4L * step);
                    assertClose(what + ": param", new Nd(rp.clone(), new int[]{7, 5}), p, tol);
                    assertClose(what + ": m", new Nd(rm.clone(), new int[]{7, 5}), m, tol);
                    assertClose(what + ": v", new Nd(rv.clone(), new int[]{7, 5}), v, tol);
                }
                if (window) {
                    assertOutsideUnchanged("Adam", wholeBefore, p);
                }
            }
        }
    }

    /**
     * Cross-entropy and its gradient against the reference, in double: loss = mean_i (log sum_j exp(x_ij) -
     * x_i,label_i), grad = g (softmax(x_i) - onehot_i) / N. Rows past a work-group (300), one class, one row,
     * strided logits, and logits near 1000 (stable only with the row maximum subtracted).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void crossEntropyAndItsGradientMatchReference(DType dt, Layout layout) {
        Rng rng = new Rng(57);
        int[][] shapes = {{7, 5}, {1, 1}, {1, 4}, {300, 3}, {33, 10}};
        for (int[] shape : shapes) {
            for (double shift : new double[]{0, 1000}) {
                int n = shape[0];
                int k = shape[1];
                Tensor x = random(layout, dt, rng, -6, 6, shape);
                if (shift != 0) {
                    x = x.add(shift);
                }
                int[] y = new int[n];
                for (int i = 0; i < n; i++) {
                    y[i] = (int) (rng.nextDouble() * k);
                }
                Tensor labels = ints(y, n);
                double g = -1.25;
                Nd r = Reference.read(x);
                double loss = 0;
                double[] grad = new double[n * k];
                for (int i = 0; i < n; i++) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < k; j++) {
                        max = Math.max(max, r.at(i, j));
                    }
                    double sum = 0;
                    for (int j = 0; j < k; j++) {
                        sum += Math.exp(r.at(i, j) - max);
                    }
                    loss += Math.log(sum) + max - r.at(i, y[i]);
                    for (int j = 0; j < k; j++) {
                        grad[i * k + j] = g * (Math.exp(r.at(i, j) - max) / sum - (j == y[i] ? 1 : 0)) / n;
                    }
                }
                String what = layout + " " + Arrays.toString(shape) + (shift != 0 ? " shifted by 1000" : "");
                Tensor ce = x.crossEntropy(labels);
                assertDType(dt, ce, "crossEntropy");
                assertArrayEquals(new int[0], ce.shape(), "crossEntropy is 0-d");
                // The loss is a difference of two numbers near the shift: its rounding error scales with them.
                assertClose("crossEntropy of " + what, Nd.of(new double[]{loss / n}), ce,
                        tolerance(dt, k) * (1 + Math.abs(shift)));
                Tensor dx = x.crossEntropyGrad(labels, tensor(dt, new double[]{g}, new int[0]));
                assertArrayEquals(shape, dx.shape());
                assertClose("crossEntropyGrad of " + what, Nd.of(grad, shape), dx, tolerance(dt, k));
            }
        }
    }

    /** Each fused op of the backend against the composed default of {@link Backend}, run on the same primitives. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void fusedOpsMatchTheirComposedDefaults(DType dt) {
        Backend fused = backend();
        Backend composed = new ComposedBackend(fused);
        Rng rng = new Rng(54);
        Tensor x = random(Layout.PERMUTED_NARROWED, dt, rng, -4, 4, 6, 33);
        double tol = tolerance(dt, 33);
        assertClose("softmax", Reference.read(composed.softmax(x, 1)), fused.softmax(x, 1), tol);
        assertClose("softmax along 0", Reference.read(composed.softmax(x, 0)), fused.softmax(x, 0), tol);
        assertClose("logSoftmax", Reference.read(composed.logSoftmax(x, 1)), fused.logSoftmax(x, 1), tol);
        Tensor w = random(dt, rng, 0.5, 1.5, 33);
        Tensor b = random(dt, rng, -1, 1, 33);
        assertClose("layerNorm", Reference.read(composed.layerNorm(x, w, b, 1e-5)), fused.layerNorm(x, w, b, 1e-5), tol);
        assertClose("layerNorm without affine", Reference.read(composed.layerNorm(x, null, null, 1e-5)),
                fused.layerNorm(x, null, null, 1e-5), tol);
        for (Layout layout : Layout.values()) {
            Tensor at = random(layout, dt, rng, -2, 2, 7, 33);
            Tensor g = random(Layout.PERMUTED, dt, rng, -1, 1, 7, 33);
            assertClose("layerNormGrad at " + layout, Reference.read(composed.layerNormGrad(at, g, w, 1e-5)),
                    fused.layerNormGrad(at, g, w, 1e-5), tolerance(dt, 33));
            assertClose("layerNormGrad without weight at " + layout,
                    Reference.read(composed.layerNormGrad(at, g, null, 1e-5)), fused.layerNormGrad(at, g, null, 1e-5),
                    tolerance(dt, 33));
        }

        Tensor image = random(Layout.NARROWED, dt, rng, -1, 1, 2, 3, 9, 8);
        Tensor kernel = random(dt, rng, -1, 1, 4, 3, 3, 3);
        Tensor bias = random(dt, rng, -1, 1, 4);
        assertClose("conv2d", Reference.read(composed.conv2d(image, kernel, bias, 2, 1, 1, 0)),
                fused.conv2d(image, kernel, bias, 2, 1, 1, 0), tolerance(dt, 27));
        Tensor outGrad = random(Layout.PERMUTED, dt, rng, -1, 1, fused.conv2d(image, kernel, bias, 2, 1, 1, 0).shape());
        assertClose("conv2dWeightGrad", Reference.read(composed.conv2dWeightGrad(image, outGrad, 3, 3, 2, 1, 1, 0)),
                fused.conv2dWeightGrad(image, outGrad, 3, 3, 2, 1, 1, 0), tolerance(dt, 64));

        for (Layout layout : Layout.values()) {
            Tensor at = random(layout, dt, rng, -6, 6, 37, 301);
            Tensor g = random(Layout.PERMUTED, dt, rng, -1, 1, 37, 301);
            Tensor withEdges = at.mul(at.gt(1.0));   // exact zeros among the inputs: x = 0 gives no gradient
            assertExact("reluGrad at " + layout, Reference.read(composed.reluGrad(g, withEdges)),
                    fused.reluGrad(g, withEdges));
            assertClose("geluGrad at " + layout, Reference.read(composed.geluGrad(g, at)), fused.geluGrad(g, at),
                    tolerance(dt, 8));
        }
        Tensor logits = random(Layout.PERMUTED, dt, rng, -4, 4, 9, 6);
        Tensor labels = ints(new int[]{0, 5, 2, 2, 1, 3, 4, 5, 0}, 9);
        Tensor upstream = tensor(dt, new double[]{-0.75}, new int[0]);
        assertClose("crossEntropy", Reference.read(composed.crossEntropy(logits, labels)),
                fused.crossEntropy(logits, labels), tolerance(dt, 6));
        assertClose("crossEntropyGrad", Reference.read(composed.crossEntropyGrad(logits, labels, upstream)),
                fused.crossEntropyGrad(logits, labels, upstream), tolerance(dt, 6));
        for (Layout layout : Layout.values()) {
            Tensor big = random(layout, dt, rng, -2, 2, 37, 301);                    // spans several blocks
            assertClose("sumOfSquares of " + layout, Reference.read(composed.sumOfSquares(big)), fused.sumOfSquares(big),
                    tolerance(dt, 37 * 301));
        }
        assertExact("sumOfSquares of nothing", Reference.read(Tensor.zeros(fused, dt)),
                fused.sumOfSquares(Tensor.zeros(fused, dt, 0, 3)));
        // Several at once: every layout, sizes from one element to several blocks, an empty one among them.
        List<Tensor> many = new java.util.ArrayList<>();
        for (Layout layout : Layout.values()) {
            many.add(random(layout, dt, rng, -2, 2, 37, 301));
            many.add(random(layout, dt, rng, -2, 2, 5, 3));
        }
        many.add(Tensor.zeros(fused, dt, 0, 3));
        many.add(random(dt, rng, -2, 2, 1));
        many.add(random(dt, rng, -2, 2, 200704));
        Tensor sums = Tensor.sumsOfSquares(many);
        assertDType(dt, sums, "sumsOfSquares");
        assertArrayEquals(new int[]{many.size()}, sums.shape());
        double[] expected = new double[many.size()];
        for (int i = 0; i < many.size(); i++) {
            for (double v : Reference.read(many.get(i)).data()) {
                expected[i] += v * v;
            }
        }
        assertClose("sumsOfSquares of " + many.size() + " tensors", Nd.of(expected, many.size()), sums,
                tolerance(dt, 200704));
        assertClose("sumsOfSquares against its composed default", Reference.read(composed.sumsOfSquares(many)),
                sums, tolerance(dt, 200704));

        Tensor p1 = random(dt, rng, -1, 1, 3, 4);
        Tensor p2 = random(Layout.PERMUTED, dt, rng, -1, 1, 3, 2);
        assertExact("concat", Reference.read(composed.concat(List.of(p1, p2), 1)), fused.concat(List.of(p1, p2), 1));
        assertExact("pad", Reference.read(composed.pad(p2, new int[]{1, 0}, new int[]{0, 2}, -1.5)),
                fused.pad(p2, new int[]{1, 0}, new int[]{0, 2}, -1.5));

        Tensor grad = random(dt, rng, -1, 1, 3, 4);
        Tensor[] sgd = {p1.copy(), Tensor.zeros(fused, dt, 3, 4), p1.copy(), Tensor.zeros(fused, dt, 3, 4)};
        for (int step = 0; step < 3; step++) {
            SgdStep s = new SgdStep(0.1, 0.9, 0, 0.01, true, step == 0);
            fused.sgdUpdate(sgd[0], grad, sgd[1], s);
            composed.sgdUpdate(sgd[2], grad, sgd[3], s);
        }
        assertClose("sgdUpdate", Reference.read(sgd[2]), sgd[0], tol);
        Tensor[] adam = {p1.copy(), Tensor.zeros(fused, dt, 3, 4), Tensor.zeros(fused, dt, 3, 4),
                p1.copy(), Tensor.zeros(fused, dt, 3, 4), Tensor.zeros(fused, dt, 3, 4)};
        for (int step = 1; step <= 3; step++) {
            AdamStep s = new AdamStep(0.01, 0.9, 0.999, 1e-8, 0.01, true, step);
            fused.adamUpdate(adam[0], grad, adam[1], adam[2], s);
            composed.adamUpdate(adam[3], grad, adam[4], adam[5], s);
        }
        assertClose("adamUpdate", Reference.read(adam[3]), adam[0], tol);
        assertClose("adamUpdate: v", Reference.read(adam[5]), adam[2], tol);
    }
}
