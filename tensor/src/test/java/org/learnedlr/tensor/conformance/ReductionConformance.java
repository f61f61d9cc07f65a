package org.learnedlr.tensor.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/** SUM, MAX and ARGMAX over single, multiple and all axes, keepDim both ways; mean, var and min built on them. */
public abstract class ReductionConformance extends ElementwiseConformance {

    /** A shape and the axis sets reduced over it; an empty set means every axis. */
    private record Case(int[] shape, int[][] axisSets) {
    }

    private static final Case[] CASES = {
            new Case(new int[]{3, 4, 5}, new int[][]{{0}, {1}, {2}, {-1}, {0, 2}, {1, 2}, {2, 0}, {0, 1, 2}, {}}),
            new Case(new int[]{7}, new int[][]{{0}, {}}),
            new Case(new int[]{1, 1}, new int[][]{{0}, {1}, {}}),
            new Case(new int[]{17, 33}, new int[][]{{0}, {1}, {}}),
            new Case(new int[]{2, 1, 3, 1}, new int[][]{{1}, {0, 3}, {1, 3}}),
            new Case(new int[]{2, 3, 2, 3, 2}, new int[][]{{0, 2, 4}, {1, 3}, {4}}),
    };

    private static long terms(int[] shape, int[] axes) {
        if (axes.length == 0) {
            return Nd.numel(shape);
        }
        long n = 1;
        for (int a : axes) {
            n *= shape[a < 0 ? a + shape.length : a];
        }
        return n;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void sumAndMaxMatchReference(DType dt, Layout layout) {
        Rng rng = new Rng(10);
        for (Case c : CASES) {
            for (int[] axes : c.axisSets()) {
                for (boolean keep : new boolean[]{false, true}) {
                    Tensor x = random(layout, dt, rng, -2, 2, c.shape());
                    Nd r = Reference.read(x);
                    String what = layout + " " + Arrays.toString(c.shape()) + " over " + Arrays.toString(axes)
                            + " keepDim=" + keep;
                    Tensor s = x.sum(axes, keep);
                    assertDType(dt, s, "sum");
                    assertClose("sum of " + what, Reference.sum(r, axes, keep), s,
                            tolerance(dt, terms(c.shape(), axes)),
                            Reference.sum(Reference.map(r, Math::abs), axes, keep));
                    Tensor m = x.max(axes, keep);
                    assertDType(dt, m, "max");
                    assertExact("max of " + what, Reference.max(r, axes, keep), m);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void emptyAndScalarReductions(DType dt) {
        Rng rng = new Rng(11);
        Tensor empty = random(Layout.NARROWED, dt, rng, -1, 1, 2, 0, 3);
        assertExact("sum over an empty axis", Nd.zeros(2, 3), empty.sum(1, false));
        assertExact("sum over an empty axis, keepDim", Nd.zeros(2, 1, 3), empty.sum(1, true));
        assertExact("sum over a non-empty axis of an empty tensor", Nd.zeros(0, 3), empty.sum(0, false));
        assertExact("max over a non-empty axis of an empty tensor", Nd.zeros(0, 3), empty.max(new int[]{0}, false));
        assertExact("sum of all of an empty tensor", Nd.zeros(), empty.sum());
        assertExact("mean over a non-empty axis of an empty tensor", Nd.zeros(2, 1, 0), empty.permute(0, 2, 1)
                .mean(new int[]{1}, true));

        Tensor scalar = Tensor.scalar(backend(), dt, 2.5);
        assertExact("sum of a 0-d tensor", Nd.of(new double[]{2.5}), scalar.sum());
        assertExact("max of a 0-d tensor", Nd.of(new double[]{2.5}), scalar.max(new int[0], true));
        assertExact("mean of a 0-d tensor", Nd.of(new double[]{2.5}), scalar.mean());
        assertEquals(2.5, scalar.item());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void longReductions(DType dt) {
        Rng rng = new Rng(12);
        int[][] shapes = {{3, 1000}, {2, 50_001}, {100_003}, {1000, 3}};
        for (int[] shape : shapes) {
            for (Layout layout : new Layout[]{Layout.CONTIGUOUS, Layout.PERMUTED_NARROWED}) {
                Tensor x = random(layout, dt, rng, -1, 1, shape);
                Nd r = Reference.read(x);
                Nd abs = Reference.map(r, Math::abs);
                for (int[] axes : new int[][]{{0}, {shape.length - 1}, {}}) {
                    String what = "sum of " + layout + " " + Arrays.toString(shape) + " over " + Arrays.toString(axes);
                    assertClose(what, Reference.sum(r, axes, false), x.sum(axes, false),
                            tolerance(dt, terms(shape, axes)), Reference.sum(abs, axes, false));
                    assertExact("max of " + what, Reference.max(r, axes, false), x.max(axes, false));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void argmaxPicksTheFirstMaximum(DType dt, Layout layout) {
        Rng rng = new Rng(13);
        int[][] shapes = {{4, 7}, {7}, {1}, {3, 1, 5}, {2, 33, 3}, {3, 0}};
        for (int[] shape : shapes) {
            for (int axis = -shape.length; axis < shape.length; axis++) {
                if (shape[axis < 0 ? axis + shape.length : axis] == 0) {
                    continue;
                }
                for (boolean keep : new boolean[]{false, true}) {
                    // Few distinct values, so most rows have ties.
                    Tensor x = make(layout, dt, shape, integers(rng, 0, 2));
                    Tensor i = x.argmax(axis, keep);
                    assertDType(DType.INT32, i, "argmax");
                    assertExact("argmax of " + layout + " " + Arrays.toString(shape) + " along " + axis + " keepDim="
                            + keep, Reference.argmax(Reference.read(x), axis, keep), i);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void argmaxHandCases(DType dt) {
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        Tensor x = tensor(dt, new double[]{
                1, 3, 3, 2,
                -inf, -inf, -inf, -inf,
                0, nan, 5, nan,
                inf, 1, inf, 0,
                -0.0, 0.0, -1, -2}, 5, 4);
        assertArrayEquals(new int[]{1, 0, 1, 0, 0}, x.argmax(1, false).toIntArray(),
                "ties pick the first; all -inf picks 0; the first NaN is the maximum; -0.0 == 0.0");
        assertArrayEquals(new int[]{3, 2, 3, 2}, x.argmax(0, false).toIntArray());
        assertArrayEquals(new int[]{5, 1}, x.argmax(1, true).shape());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void meanVarMinMatchReference(DType dt, Layout layout) {
        Rng rng = new Rng(14);
        int[] shape = {3, 4, 5};
        for (int[] axes : new int[][]{{1}, {0, 2}, {-1}, {}}) {
            for (boolean keep : new boolean[]{false, true}) {
                Tensor x = random(layout, dt, rng, -2, 2, shape);
                Nd r = Reference.read(x);
                String what = layout + " " + Arrays.toString(shape) + " over " + Arrays.toString(axes) + " keepDim="
                        + keep;
                double tol = tolerance(dt, terms(shape, axes));
                Nd magnitude = Reference.mean(Reference.map(r, Math::abs), axes, keep);
                assertClose("mean of " + what, Reference.mean(r, axes, keep), x.mean(axes, keep), tol, magnitude);
                for (int correction : new int[]{0, 1}) {
                    assertClose("var(correction " + correction + ") of " + what,
                            Reference.var(r, axes, keep, correction), x.var(axes, keep, correction), tol);
                }
                assertExact("min of " + what, Reference.min(r, axes, keep), x.min(axes, keep));
            }
        }
        Tensor one = tensor(dt, new double[]{5}, 1);
        assertExact("unbiased variance of one element is 0/0", Nd.of(new double[]{Double.NaN}),
                one.var(new int[]{0}, false, 1));
    }
}
