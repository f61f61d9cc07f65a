package org.learnedlr.tensor.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/** GATHER, SCATTER_ADD, indexSelect, COPY into strided destinations, FILL, CAST, concat, stack and pad. */
public abstract class IndexingConformance extends MatmulConformance {

    private static final int SENTINEL = 99;

    /** An INT32 index of {@code shape} with values in [0, bound), in the given layout. */
    private Tensor index(Layout layout, Rng rng, int bound, int... shape) {
        return make(layout, DType.INT32, shape, integers(rng, 0, bound - 1));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void gatherMatchesReference(DType dt, Layout layout) {
        Rng rng = new Rng(30);
        int[] shape = {4, 5, 6};
        for (int axis = -1; axis < 3; axis++) {
            int a = axis < 0 ? axis + 3 : axis;
            for (int along : new int[]{1, 7, 0}) {
                Tensor x = random(layout, dt, rng, -3, 3, shape);
                int[] is = shape.clone();
                is[a] = along;
                is[(a + 1) % 3] -= 1; // smaller than x off the gathered axis
                Tensor idx = index(layout, rng, shape[a], is);
                Tensor y = x.gather(axis, idx);
                assertDType(dt, y, "gather");
                assertExact("gather along " + axis + " of " + layout + " index " + Arrays.toString(is),
                        Reference.gather(Reference.read(x), a, Reference.read(idx)), y);
            }
        }
        Tensor v = random(layout, dt, rng, -3, 3, 10);
        Tensor idx = index(layout, rng, 10, 15);
        assertExact("1-d gather", Reference.gather(Reference.read(v), 0, Reference.read(idx)), v.gather(0, idx));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void scatterAddAccumulatesDuplicates(DType dt, Layout layout) {
        Rng rng = new Rng(31);
        int[] shape = {4, 5, 6};
        for (int axis = 0; axis < 3; axis++) {
            for (int along : new int[]{1, 9, 0}) {
                int[] is = shape.clone();
                is[axis] = along;
                is[(axis + 2) % 3] -= 2;
                // Few distinct targets along the axis: duplicates must accumulate, not overwrite.
                Tensor idx = index(layout, rng, 2, is);
                Tensor src = random(layout, dt, rng, -3, 3, is);
                Tensor y = Tensor.scatterAdd(shape, axis, idx, src);
                assertDType(dt, y, "scatterAdd");
                Nd ri = Reference.read(idx);
                Nd rs = Reference.read(src);
                assertClose("scatterAdd along " + axis + " of " + layout + " index " + Arrays.toString(is),
                        Reference.scatterAdd(shape, axis, ri, rs), y, tolerance(dt, along),
                        Reference.scatterAdd(shape, axis, ri, Reference.map(rs, Math::abs)));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void indexSelectPicksSlices(DType dt, Layout layout) {
        Rng rng = new Rng(32);
        int[] shape = {5, 4, 3};
        for (int axis = 0; axis < 3; axis++) {
            for (int[] picks : new int[][]{{0}, {2, 0, 2, 1}, {}, {shape[axis] - 1, 0}}) {
                Tensor x = random(layout, dt, rng, -3, 3, shape);
                Tensor idx = picks.length == 0 ? ints(picks, 0)
                        : make(layout, DType.INT32, new int[]{picks.length}, new Cycle(Arrays.stream(picks).asDoubleStream().toArray()));
                Tensor y = x.indexSelect(axis, idx);
                assertExact("indexSelect along " + axis + " of " + layout + " " + Arrays.toString(picks),
                        Reference.indexSelect(Reference.read(x), axis, Arrays.stream(Reference.read(idx).data())
                                .mapToInt(d -> (int) d).toArray()), y);
            }
        }
    }

    /** Yields the given values in order, then repeats the last (so a narrowed layout's padding is harmless). */
    private static final class Cycle implements java.util.function.DoubleSupplier {
        private final double[] values;
        private int at;

        Cycle(double[] values) {
            this.values = values;
        }

        @Override
        public double getAsDouble() {
            return values[at++ % values.length];
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void copyIntoStridedDestinations(DType dt, Layout layout) {
        Rng rng = new Rng(33);
        int[][] sources = {{4, 5}, {1, 5}, {4, 1}, {}, {5}};
        for (int[] srcShape : sources) {
            for (boolean transposedDst : new boolean[]{false, true}) {
                Tensor base = Tensor.full(backend(), SENTINEL, dt, transposedDst ? new int[]{7, 6} : new int[]{6, 7});
                Tensor b = transposedDst ? base.transpose(0, 1) : base;          // (6, 7)
                Tensor dst = b.narrow(0, 1, 4).narrow(1, 2, 5);                  // (4, 5), offset, strided
                Tensor src = random(layout, dt, rng, -3, 3, srcShape);
                Tensor returned = dst.copyFrom(src);
                assertSame(dst, returned, "copyFrom returns this");
                String what = "copyFrom " + layout + " " + Arrays.toString(srcShape) + " into a "
                        + (transposedDst ? "transposed " : "") + "window";
                assertExact(what, Reference.expand(Reference.read(src), new int[]{4, 5}), dst);
                Nd all = Reference.read(b);
                for (int i = 0; i < 6; i++) {
                    for (int j = 0; j < 7; j++) {
                        if (i < 1 || i >= 5 || j < 2 || j >= 7) {
                            assertEquals(SENTINEL, all.at(i, j), what + ": element outside the window changed at ["
                                    + i + ", " + j + "]");
                        }
                    }
                }
            }
        }
        // INT32 copies, and a copy that converts the source's dtype first.
        Tensor idst = Tensor.zeros(backend(), DType.INT32, 3, 4).transpose(0, 1);
        Tensor isrc = make(layout, DType.INT32, new int[]{4, 3}, integers(rng, -100, 100));
        assertExact("INT32 copyFrom", Reference.read(isrc), idst.copyFrom(isrc));
        Tensor fdst = Tensor.zeros(backend(), dt, 2, 3);
        Tensor fsrc = make(layout, DType.INT32, new int[]{2, 3}, integers(rng, -100, 100));
        assertExact("copyFrom INT32 into " + dt, Reference.read(fsrc), fdst.copyFrom(fsrc));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void fillWritesOnlyTheView(DType dt) {
        Rng rng = new Rng(34);
        for (double value : new double[]{2.5, Double.NaN, Double.NEGATIVE_INFINITY, 0}) {
            Tensor base = random(dt, rng, 10, 20, 5, 6);
            Nd before = Reference.read(base);
            Tensor view = base.transpose(0, 1).narrow(0, 1, 3).narrow(1, 2, 2); // (3, 2): base[2..3][1..3]
            view.fill(value);
            Nd after = Reference.read(base);
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 6; j++) {
                    boolean inside = i >= 2 && i < 4 && j >= 1 && j < 4;
                    double expected = inside ? round(dt, value) : before.at(i, j);
                    double got = after.at(i, j);
                    assertEquals(expected, got, 0.0, "fill(" + value + ") at [" + i + ", " + j + "]");
                }
            }
        }
        Tensor empty = Tensor.zeros(backend(), dt, 0, 3);
        empty.fill(1);
        assertEquals(0, empty.numel());
        Tensor ints = Tensor.zeros(backend(), DType.INT32, 2, 3).transpose(0, 1);
        assertExact("INT32 fill", Nd.of(new double[]{7, 7, 7, 7, 7, 7}, 3, 2), ints.fill(7));
        Tensor negativeZero = Tensor.full(backend(), -0.0, dt, 2);
        assertEquals(Double.NEGATIVE_INFINITY, 1 / Reference.read(negativeZero).data()[0], "full(-0.0) keeps the sign");
    }

    private static double[] castSources(DType from) {
        return from == DType.INT32
                ? new double[]{-3, 0, 7, 16_777_217, -2_147_483_648, 2_147_483_647, 1, -1}
                : new double[]{-2.7, -0.5, 0, 0.5, 2.7, 1e6 + 0.9, -16_777_217, 123_456.789};
    }

    @Test
    public void castBetweenAllDTypes() {
        for (DType from : backend().dtypes()) {
            for (DType to : backend().dtypes()) {
                for (Layout layout : Layout.values()) {
                    double[] values = castSources(from);
                    Tensor x = make(layout, from, new int[]{2, 4}, new Cycle(values));
                    Tensor y = x.cast(to);
                    assertDType(to, y, "cast");
                    String what = "cast " + from + " -> " + to + " of " + layout;
                    if (from == to) {
                        assertSame(x, y, what + ": a cast to the same dtype is the identity");
                    }
                    // Floats to INT32 truncate toward zero; everything else rounds to nearest.
                    assertExact(what, Reference.map(Reference.read(x), v -> round(to, v)), y);
                }
                Tensor empty = Tensor.zeros(backend(), from, 0, 2).cast(to);
                assertEquals(to, empty.dtype());
                assertExact("cast of a 0-d tensor", Nd.of(new double[]{round(to, 3)}),
                        Tensor.scalar(backend(), from, 3).cast(to));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void concatJoinsAlongAnAxis(DType dt, Layout layout) {
        Rng rng = new Rng(35);
        Object[][] cases = {
                {new int[][]{{2, 3}, {0, 3}, {4, 3}}, 0},
                {new int[][]{{3, 1}, {3, 4}, {3, 2}}, 1},
                {new int[][]{{3, 1}, {3, 4}}, -1},
                {new int[][]{{2, 3, 4}, {2, 1, 4}, {2, 5, 4}}, 1},
                {new int[][]{{5}}, 0},
                {new int[][]{{2, 0}, {2, 0}}, 0},
        };
        for (Object[] c : cases) {
            int[][] shapes = (int[][]) c[0];
            int axis = (int) c[1];
            List<Tensor> parts = new ArrayList<>();
            List<Nd> refs = new ArrayList<>();
            for (int i = 0; i < shapes.length; i++) {
                Tensor p = random(i % 2 == 0 ? layout : Layout.CONTIGUOUS, dt, rng, -3, 3, shapes[i]);
                parts.add(p);
                refs.add(Reference.read(p));
            }
            Tensor y = Tensor.concat(parts, axis);
            assertDType(dt, y, "concat");
            assertExact("concat of " + layout + " " + describe(shapes) + " along " + axis,
                    Reference.concat(refs, axis), y);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void stackJoinsAlongANewAxis(DType dt, Layout layout) {
        Rng rng = new Rng(36);
        for (int[] shape : new int[][]{{2, 3}, {}, {4}}) {
            for (int axis = -shape.length - 1; axis <= shape.length; axis++) {
                List<Tensor> parts = new ArrayList<>();
                List<Nd> refs = new ArrayList<>();
                int a = axis < 0 ? axis + shape.length + 1 : axis;
                for (int i = 0; i < 3; i++) {
                    Tensor p = random(layout, dt, rng, -3, 3, shape);
                    parts.add(p);
                    Nd r = Reference.read(p);
                    int[] s = new int[shape.length + 1];
                    for (int d = 0, k = 0; d < s.length; d++) {
                        s[d] = d == a ? 1 : shape[k++];
                    }
                    refs.add(new Nd(r.data(), s));
                }
                assertExact("stack of " + layout + " " + Arrays.toString(shape) + " along " + axis,
                        Reference.concat(refs, a), Tensor.stack(parts, axis));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void padSurroundsWithAConstant(DType dt, Layout layout) {
        Rng rng = new Rng(37);
        Object[][] cases = {
                {new int[]{3, 4}, new int[]{1, 0}, new int[]{2, 3}},
                {new int[]{2, 3, 4}, new int[]{0, 1, 2}, new int[]{1, 0, 1}},
                {new int[]{0, 3}, new int[]{1, 0}, new int[]{1, 1}},
                {new int[]{}, new int[]{}, new int[]{}},
                {new int[]{5}, new int[]{0}, new int[]{0}},
        };
        for (Object[] c : cases) {
            int[] shape = (int[]) c[0];
            int[] before = (int[]) c[1];
            int[] after = (int[]) c[2];
            for (double value : new double[]{0, 1.5, Double.NEGATIVE_INFINITY}) {
                Tensor x = random(layout, dt, rng, -3, 3, shape);
                Tensor y = x.pad(before, after, value);
                assertDType(dt, y, "pad");
                assertExact("pad(" + value + ") of " + layout + " " + Arrays.toString(shape) + " by "
                                + Arrays.toString(before) + "/" + Arrays.toString(after),
                        Reference.pad(Reference.read(x), before, after, round(dt, value)), y);
            }
        }
    }
}
