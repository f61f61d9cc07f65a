package org.learnedlr.tensor.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BinaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * Properties that hold whatever the values: view round trips, softmax rows summing to 1, commuting broadcasts,
 * sums over all axes agreeing with sums of sums, associativity of the matrix product, and the adjoint pairs
 * gather / scatterAdd. Shapes and values are drawn from a seeded generator.
 */
public abstract class PropertyConformance extends ViewConformance {

    private static final int TRIALS = 20;

    private static int[] randomShape(Rng rng, int maxRank, int maxSize) {
        int[] shape = new int[1 + rng.nextInt(maxRank)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = 1 + rng.nextInt(maxSize);
        }
        return shape;
    }

    private static int[] randomPermutation(Rng rng, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        rng.shuffle(p);
        return p;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void reshapeAndPermuteRoundTrip(DType dt, Layout layout) {
        Rng rng = new Rng(70);
        for (int trial = 0; trial < TRIALS; trial++) {
            int[] shape = randomShape(rng, 5, 4);
            Tensor x = random(layout, dt, rng, -1, 1, shape);
            int[] p = randomPermutation(rng, shape.length);
            int[] inverse = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                inverse[p[i]] = i;
            }
            Tensor back = x.permute(p).permute(inverse);
            String what = layout + " " + Arrays.toString(shape) + " permuted by " + Arrays.toString(p);
            assertSame(x.storage(), back.storage(), what);
            assertArrayEquals(x.strides(), back.strides(), what + ": strides");
            assertEquals(x.offset(), back.offset(), what + ": offset");
            assertExact(what, Reference.read(x), back);

            Tensor flat = x.reshape(-1);
            assertExact(layout + " " + Arrays.toString(shape) + " flattened and reshaped back", Reference.read(x),
                    flat.reshape(shape));
            assertExact(layout + " " + Arrays.toString(shape) + " permuted, made contiguous and permuted back",
                    Reference.read(x), x.permute(p).contiguous().permute(inverse));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void softmaxRowsSumToOne(DType dt) {
        Rng rng = new Rng(71);
        for (int trial = 0; trial < TRIALS; trial++) {
            int[] shape = randomShape(rng, 4, 9);
            int axis = rng.nextInt(shape.length);
            Layout layout = Layout.values()[rng.nextInt(Layout.values().length)];
            Tensor x = random(layout, dt, rng, -20, 20, shape);
            Tensor s = x.softmax(axis);
            String what = "softmax of " + layout + " " + Arrays.toString(shape) + " along " + axis;
            for (double v : Reference.read(s).data()) {
                assertTrue(v >= 0 && v <= 1, what + ": value " + v + " outside [0, 1]");
            }
            Nd sums = Reference.sum(Reference.read(s), new int[]{axis}, false);
            double tol = tolerance(dt, shape[axis]);
            for (double v : sums.data()) {
                assertEquals(1.0, v, tol, what + ": a row sums to " + v);
            }
            Nd logSums = Reference.sum(Reference.map(Reference.read(x.logSoftmax(axis)), Math::exp), new int[]{axis},
                    false);
            for (double v : logSums.data()) {
                assertEquals(1.0, v, tol, "exp(logSoftmax) of " + what + ": a row sums to " + v);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void broadcastingCommutes(DType dt, Layout layout) {
        Rng rng = new Rng(72);
        Map<String, BinaryOperator<Tensor>> ops = new LinkedHashMap<>();
        ops.put("add", Tensor::add);
        ops.put("mul", Tensor::mul);
        ops.put("maximum", Tensor::maximum);
        ops.put("minimum", Tensor::minimum);
        ops.put("eq", Tensor::eq);
        ops.put("ne", Tensor::ne);
        for (int[][] pair : BROADCAST_PAIRS) {
            Tensor a = random(layout, dt, rng, -2, 2, pair[0]);
            Tensor b = random(Layout.CONTIGUOUS, dt, rng, -2, 2, pair[1]);
            for (Map.Entry<String, BinaryOperator<Tensor>> op : ops.entrySet()) {
                assertBitwise(op.getKey() + " of " + layout + " " + describe(pair), op.getValue().apply(a, b),
                        op.getValue().apply(b, a));
            }
            assertBitwise("a - b == a + (-b) for " + describe(pair), a.sub(b), a.add(b.neg()));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void sumOverAllAxesEqualsSumsAxisByAxis(DType dt, Layout layout) {
        Rng rng = new Rng(73);
        for (int trial = 0; trial < TRIALS; trial++) {
            int[] shape = randomShape(rng, 4, 7);
            Tensor x = random(layout, dt, rng, -1, 1, shape);
            double total = x.sum().item();
            double magnitude = Reference.sum(Reference.map(Reference.read(x), Math::abs), new int[0], false).data()[0];
            int[] order = randomPermutation(rng, shape.length);
            // Reduce one axis at a time, keeping dims so that the remaining axis numbers stay valid.
            Tensor partial = x;
            for (int axis : order) {
                partial = partial.sum(axis, true);
            }
            String what = "sum of " + layout + " " + Arrays.toString(shape) + " axis by axis in order "
                    + Arrays.toString(order);
            assertEquals(total, partial.item(), tolerance(dt, x.numel()) * Math.max(1, magnitude), what);
            assertExact("sum over every axis without keepDim is the kept sum",
                    new Nd(Reference.read(x.sum(order, true)).data(), new int[0]), x.sum(order, false));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void matmulIsAssociative(DType dt) {
        Rng rng = new Rng(74);
        int[][] sizes = {{7, 17, 33, 5}, {1, 65, 1, 9}, {33, 7, 17, 1}};
        for (int[] s : sizes) {
            Tensor a = random(dt, rng, -1, 1, s[0], s[1]);
            Tensor b = random(Layout.PERMUTED, dt, rng, -1, 1, s[1], s[2]);
            Tensor c = random(dt, rng, -1, 1, s[2], s[3]);
            Nd scale = Reference.matmul(Reference.matmul(Reference.map(Reference.read(a), Math::abs),
                    Reference.map(Reference.read(b), Math::abs)), Reference.map(Reference.read(c), Math::abs));
            assertClose("(AB)C vs A(BC) for " + Arrays.toString(s), Reference.read(a.matmul(b).matmul(c)),
                    a.matmul(b.matmul(c)), tolerance(dt, (long) s[1] * s[2]), scale);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void scatterAddIsTheAdjointOfGather(DType dt) {
        Rng rng = new Rng(75);
        int[] shape = {5, 6, 4};
        for (int axis = 0; axis < 3; axis++) {
            int[] is = shape.clone();
            is[axis] = 8;
            Tensor x = random(Layout.PERMUTED_NARROWED, dt, rng, -1, 1, shape);
            Tensor idx = make(Layout.NARROWED, DType.INT32, is, integers(rng, 0, shape[axis] - 1));
            Tensor y = random(dt, rng, -1, 1, is);
            double left = Reference.dot(Reference.read(x.gather(axis, idx)), Reference.read(y));
            double right = Reference.dot(Reference.read(x), Reference.read(Tensor.scatterAdd(shape, axis, idx, y)));
            assertEquals(left, right, tolerance(dt, Nd.numel(is)) * Nd.numel(is),
                    "<gather(x), y> vs <x, scatterAdd(y)> along " + axis);
        }
    }
}
