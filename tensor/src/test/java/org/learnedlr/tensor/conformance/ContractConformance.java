package org.learnedlr.tensor.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * The contract at the edges: bad arguments are an IllegalArgumentException whose message names the op and the
 * shapes (or the axis, or the dtypes); NaN and infinities propagate as IEEE 754 says and nothing throws on them.
 */
public abstract class ContractConformance extends PropertyConformance {

    private Tensor z(int... shape) {
        return Tensor.zeros(backend(), floatTypes().findFirst().orElseThrow(), shape);
    }

    @Test
    public void mismatchedShapesNameTheOpAndTheShapes() {
        assertRejected(() -> z(2, 3).add(z(4)), "add", "[2, 3]", "[4]");
        assertRejected(() -> z(3).mul(z(2)), "mul", "[3]", "[2]");
        assertRejected(() -> z(2, 3).ge(z(3, 2)), "ge", "[2, 3]", "[3, 2]");
        assertRejected(() -> Tensor.where(z(2), z(3), z(3)), "where", "[2]", "[3]");
        assertRejected(() -> z(2, 3).matmul(z(4, 5)), "matmul", "[2, 3]", "[4, 5]");
        assertRejected(() -> z(3).matmul(z(3, 2)), "matmul", "[3]", "[3, 2]");
        assertRejected(() -> z(2, 3, 4).matmul(z(3, 4, 5)), "matmul", "[2]", "[3]");
        assertRejected(() -> z(2, 3).reshape(4), "reshape", "[2, 3]", "[4]");
        assertRejected(() -> z(2, 3).reshape(-1, -1), "reshape");
        assertRejected(() -> z(2, 3).expand(4, 3), "expand", "[2, 3]", "[4, 3]");
        assertRejected(() -> z(2, 3).narrow(1, 2, 2), "narrow", "[2, 3]");
        assertRejected(() -> z(2, 3).squeeze(0), "squeeze", "[2, 3]");
        assertRejected(() -> z(2, 3).permute(0), "permute", "[2, 3]");
        assertRejected(() -> z(2, 3).permute(1, 1), "permute", "repeated");
        assertRejected(() -> Tensor.concat(List.of(z(2, 3), z(3, 4)), 1), "concat", "[2, 3]", "[3, 4]");
        assertRejected(() -> Tensor.concat(List.of(z(2, 3), z(2)), 0), "concat", "[2, 3]", "[2]");
        assertRejected(() -> Tensor.stack(List.of(z(2, 3), z(2, 4)), 0), "stack", "[2, 3]", "[2, 4]");
        assertRejected(() -> z(2, 3).pad(new int[]{1}, new int[]{1}, 0), "pad", "[2, 3]");
        assertRejected(() -> z(2, 3).item(), "item", "[2, 3]");
        assertRejected(() -> z(2, 0).max(new int[]{1}, false), "max", "[2, 0]");
        assertRejected(() -> z(2, 0).argmax(1, false), "argmax", "[2, 0]");
        assertRejected(() -> Tensor.of(backend(), new float[]{1, 2, 3}, 2, 2), "of", "[2, 2]");
        assertRejected(() -> z(1, 3, 5, 5).conv2d(z(2, 4, 3, 3), null, 1, 0), "conv2d", "[1, 3, 5, 5]",
                "[2, 4, 3, 3]");
        assertRejected(() -> z(1, 3, 5, 5).conv2d(z(2, 3, 3, 3), z(3), 1, 0), "conv2d", "bias", "[3]");
        assertRejected(() -> z(1, 3, 5, 5).conv2d(z(2, 3, 7, 7), null, 1, 0), "kernel", "7x7");
        Conv2dGeometry g = new Conv2dGeometry(1, 2, 4, 4, 3, 3, 1, 1, 0, 0);
        assertRejected(() -> z(1, 3, 4, 4).im2col(g), "im2col", "[1, 3, 4, 4]");
        assertRejected(() -> z(1, 18, 5).col2im(g), "col2im", "[1, 18, 5]");
        assertRejected(() -> z(4, 5).layerNorm(z(4), null, 1e-5), "layerNorm", "[4]");
        assertRejected(() -> z(5, 4).gather(0, Tensor.ofInts(backend(), new int[]{0, 5}, 2, 1)), "gather", "5",
                "out of range");
        assertRejected(() -> z(5, 4).gather(0, Tensor.ofInts(backend(), new int[]{3, -1}, 2, 1)), "gather", "-1",
                "out of range");
        assertRejected(() -> z(5, 4).gather(1, Tensor.ofInts(backend(), new int[]{2, Integer.MAX_VALUE}, 1, 2)),
                "gather", String.valueOf(Integer.MAX_VALUE), "axis 1 of size 4");
        assertRejected(() -> Tensor.scatterAdd(new int[]{5, 4}, 0, Tensor.ofInts(backend(), new int[]{4, 5}, 2, 1),
                z(2, 1)), "scatterAdd", "index 5", "out of range");
        assertRejected(() -> z(5, 4).gather(0, Tensor.ofInts(backend(), new int[]{0, 1}, 2)), "gather", "[2]",
                "[5, 4]");
        assertRejected(() -> z(5, 4).gather(0, z(2, 4)), "gather", "INT32");
        assertRejected(() -> Tensor.scatterAdd(new int[]{5, 4}, 0, Tensor.ofInts(backend(), new int[]{0, 1}, 2, 1),
                z(2, 2)), "scatterAdd", "[2, 1]", "[2, 2]");
        assertRejected(() -> z(5, 4).indexSelect(0, Tensor.ofInts(backend(), new int[]{0, 1}, 1, 2)), "indexSelect",
                "[1, 2]");
    }

    @Test
    public void outOfRangeAxesNameTheOpAndTheAxis() {
        assertRejected(() -> z(2, 3).sum(2, false), "sum", "axis 2");
        assertRejected(() -> z(2, 3).sum(new int[]{0, -2}, false), "sum", "axis");
        assertRejected(() -> z(2, 3).max(new int[]{-3}, true), "max", "axis -3");
        assertRejected(() -> z(2, 3).mean(new int[]{5}, true), "mean", "axis 5");
        assertRejected(() -> z(2, 3).argmax(2, false), "argmax", "axis 2");
        assertRejected(() -> z(2, 3).softmax(2), "softmax", "axis 2");
        assertRejected(() -> z(2, 3).logSoftmax(-3), "logSoftmax", "axis -3");
        assertRejected(() -> Tensor.sumsOfSquares(java.util.List.of()), "sumsOfSquares", "at least one");
        assertRejected(() -> Tensor.sumsOfSquares(java.util.List.of(z(2), ints(new int[]{1}, 1))), "sumsOfSquares",
                "INT32");
        assertRejected(() -> z(2, 3).crossEntropy(ints(new int[]{0, 3}, 2)), "crossEntropy", "index 3",
                "size 3");
        assertRejected(() -> z(2, 3).crossEntropy(ints(new int[]{-1, 0}, 2)), "crossEntropy", "index -1");
        assertRejected(() -> z(2, 3).crossEntropy(ints(new int[]{0, 1, 2}, 3)), "crossEntropy", "labels",
                "INT32 [2]", "[3]");
        assertRejected(() -> z(2, 3, 1).crossEntropy(ints(new int[]{0, 1}, 2)), "crossEntropy", "[N, K]",
                "[2, 3, 1]");
        assertRejected(() -> z(2, 3).crossEntropyGrad(ints(new int[]{0, 1}, 2), z(1)), "crossEntropyGrad",
                "0-d");
        assertRejected(() -> z(2, 3).transpose(0, 2), "transpose", "axis 2");
        assertRejected(() -> z(2, 3).unsqueeze(3), "unsqueeze", "axis 3");
        assertRejected(() -> z(2, 3).narrow(2, 0, 1), "narrow", "axis 2");
        assertRejected(() -> z(2, 3).gather(2, Tensor.ofInts(backend(), new int[]{0}, 1, 1)), "gather", "axis 2");
        assertRejected(() -> Tensor.concat(List.of(z(2, 3), z(2, 3)), 2), "concat", "axis 2");
        assertRejected(() -> Tensor.scalar(backend(), DType.FLOAT32, 1).softmax(0), "softmax", "axis 0");
    }

    @Test
    public void negativeSizesAreRejected() {
        DType dt = floatTypes().findFirst().orElseThrow();
        assertRejected(() -> Tensor.zeros(backend(), dt, 2, -1), "zeros", "negative", "[2, -1]");
        assertRejected(() -> Tensor.full(backend(), 1, dt, -3), "negative", "[-3]");
        assertRejected(() -> z(6).reshape(-2, -3), "reshape", "negative");
        assertRejected(() -> z(6).narrow(0, 1, -1), "narrow", "[6]");
        assertRejected(() -> z(6).narrow(0, -1, 2), "narrow", "[6]");
        assertRejected(() -> z(2, 3).pad(new int[]{0, -1}, new int[]{0, 0}, 0), "pad", "negative");
        assertRejected(() -> z(1, 3).expand(-1, 3), "expand", "[-1, 3]");
        assertRejected(() -> Tensor.arange(backend(), -1, dt), "arange", "-1");
        assertRejected(() -> new Conv2dGeometry(1, 1, 4, 4, 3, 3, 0, 1, 0, 0), "stride");
        assertRejected(() -> new Conv2dGeometry(1, 1, 4, 4, 3, 3, 1, 1, -1, 0), "padding");
    }

    @Test
    public void mixedDTypesAreRejected() {
        if (!backend().dtypes().contains(DType.FLOAT64) || !backend().dtypes().contains(DType.FLOAT32)) {
            return; // a single floating dtype cannot be mixed
        }
        Tensor f = Tensor.zeros(backend(), DType.FLOAT32, 2, 2);
        Tensor d = Tensor.zeros(backend(), DType.FLOAT64, 2, 2);
        assertRejected(() -> f.add(d), "add", "FLOAT32", "FLOAT64");
        assertRejected(() -> d.lt(f), "lt", "FLOAT64", "FLOAT32");
        assertRejected(() -> f.matmul(d), "matmul", "FLOAT32", "FLOAT64");
        assertRejected(() -> Tensor.where(f, d, d), "where", "FLOAT32", "FLOAT64");
        assertRejected(() -> Tensor.concat(List.of(f, d), 0), "concat", "FLOAT32", "FLOAT64");
        assertRejected(() -> Tensor.zeros(backend(), DType.FLOAT32, 1, 2, 4, 4)
                .conv2d(Tensor.zeros(backend(), DType.FLOAT64, 3, 2, 3, 3), null, 1, 0), "conv2d", "FLOAT32", "FLOAT64");
        assertRejected(() -> f.layerNorm(Tensor.zeros(backend(), DType.FLOAT64, 2), null, 1e-5), "layerNorm",
                "FLOAT64");
    }

    @Test
    public void int32HasNoArithmetic() {
        Tensor i = Tensor.ofInts(backend(), new int[]{1, 2, 3, 4}, 2, 2);
        assertRejected(() -> i.add(i), "add", "INT32");
        assertRejected(() -> i.mul(2), "mul", "INT32");
        assertRejected(() -> i.exp(), "exp", "INT32");
        assertRejected(() -> i.neg(), "neg", "INT32");
        assertRejected(() -> i.clamp(0, 1), "clamp", "INT32");
        assertRejected(() -> i.eq(i), "eq", "INT32");
        assertRejected(() -> i.sum(), "sum", "INT32");
        assertRejected(() -> i.max(new int[]{0}, false), "max", "INT32");
        assertRejected(() -> i.argmax(0, false), "argmax", "INT32");
        assertRejected(() -> i.matmul(i), "matmul", "INT32");
        assertRejected(() -> i.softmax(0), "softmax", "INT32");
        assertRejected(() -> Tensor.where(i, i, i), "where", "INT32");
        assertRejected(() -> Tensor.uniform(backend(), new Rng(0), 0, 1, DType.INT32, 2), "uniform", "INT32");
    }

    // ---- IEEE 754 ------------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void nanAndInfinityPropagate(DType dt) {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        Tensor num = tensor(dt, new double[]{0, 1, -1, 1, 1e30, inf, inf, nan}, 8);
        Tensor den = tensor(dt, new double[]{0, 0, 0, -0.0, 1e30, inf, 1, 1}, 8);
        assertExact("div", Nd.of(new double[]{nan, inf, -inf, -inf, 1, nan, inf, nan}, 8), num.div(den));
        double big = round(dt, 1e30);
        assertExact("mul", Nd.of(new double[]{0, 0, -0.0, -0.0, round(dt, big * big), inf, inf, nan}, 8), num.mul(den));
        assertExact("sub", Nd.of(new double[]{0, 1, -1, 1, 0, nan, inf, nan}, 8), num.sub(den));

        Tensor x = tensor(dt, new double[]{1000, -1000, 100, 0, -1, inf, -inf, nan}, 8);
        // Transcendental results may differ from Java's by an ulp; NaN and infinities must match exactly.
        double tol = tolerance(dt);
        assertClose("exp", Nd.of(new double[]{inf, 0, round(dt, Math.exp(100)), 1, round(dt, Math.exp(-1)), inf, 0,
                nan}, 8), x.exp(), tol);
        assertClose("log", Nd.of(new double[]{round(dt, Math.log(1000)), nan, round(dt, Math.log(100)), -inf, nan, inf,
                nan, nan}, 8), x.log(), tol);
        assertClose("sqrt", Nd.of(new double[]{round(dt, Math.sqrt(1000)), nan, 10, 0, nan, inf, nan, nan}, 8),
                x.sqrt(), tol);
        assertClose("tanh", Nd.of(new double[]{1, -1, 1, 0, round(dt, Math.tanh(-1)), 1, -1, nan}, 8), x.tanh(), tol);
        assertClose("sigmoid", Nd.of(new double[]{1, 0, 1, 0.5, round(dt, 1 / (1 + Math.E)), 1, 0, nan}, 8),
                x.sigmoid(), tol);
        assertExact("relu", Nd.of(new double[]{1000, 0, 100, 0, 0, inf, 0, nan}, 8), x.relu());
        assertExact("abs", Nd.of(new double[]{1000, 1000, 100, 0, 1, inf, inf, nan}, 8), x.abs());
        assertExact("neg", Nd.of(new double[]{-1000, 1000, -100, 0, 1, -inf, inf, nan}, 8), x.neg());
        // GELU's tanh formula itself: gelu(-inf) = 0.5 * -inf * (1 + tanh(-inf)) = -inf * 0 = NaN.
        assertClose("gelu", Reference.map(Reference.read(x), Reference.unary(Op.GELU)), x.gelu(), tol);
        assertExact("clamp", Nd.of(new double[]{2, -2, 2, 0, -1, 2, -2, nan}, 8), x.clamp(-2, 2));

        Tensor one = tensor(dt, new double[]{1, 1, 1, 1, 1, 1, 1, 1}, 8);
        assertExact("maximum", Nd.of(new double[]{1000, 1, 100, 1, 1, inf, 1, nan}, 8), x.maximum(one));
        assertExact("maximum, NaN second", Nd.of(new double[]{1000, 1, 100, 1, 1, inf, 1, nan}, 8), one.maximum(x));
        assertExact("minimum", Nd.of(new double[]{1, -1000, 1, 0, -1, 1, -inf, nan}, 8), x.minimum(one));
        assertExact("eq", Nd.of(new double[]{0, 0, 0, 0, 0, 0, 0, 0}, 8), x.eq(one));
        assertExact("ne with NaN", Nd.of(new double[]{1}, 1), x.narrow(0, 7, 1).ne(x.narrow(0, 7, 1)));
        assertExact("eq with NaN", Nd.of(new double[]{0}, 1), x.narrow(0, 7, 1).eq(x.narrow(0, 7, 1)));
        for (Tensor cmp : new Tensor[]{x.lt(one), x.le(one), x.gt(one), x.ge(one)}) {
            assertEquals(0.0, Reference.read(cmp).data()[7], "an ordered comparison with NaN is false");
        }
        assertExact("where picks past a NaN", Nd.of(new double[]{1, 1}, 2),
                Tensor.where(tensor(dt, new double[]{0, 1}, 2), tensor(dt, new double[]{nan, 1}, 2), one.narrow(0, 0, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void nanAndInfinityPropagateThroughReductionsAndProducts(DType dt) {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        Tensor x = tensor(dt, new double[]{
                1, nan, 3,
                inf, -inf, 0,
                inf, 1, 2,
                -1, -2, -3}, 4, 3);
        assertExact("max with NaN", Nd.of(new double[]{nan, inf, inf, -1}, 4), x.max(new int[]{1}, false));
        assertExact("min with NaN", Nd.of(new double[]{nan, -inf, 1, -3}, 4), x.min(new int[]{1}, false));
        assertExact("sum with NaN and inf - inf", Nd.of(new double[]{nan, nan, inf, -6}, 4), x.sum(1, false));
        assertExact("max of everything", Nd.of(new double[]{nan}), x.max(new int[0], false));
        assertExact("argmax with NaN", Nd.of(new double[]{1, 0, 0, 0}, 4), x.argmax(1, false));

        // inf * 0 is NaN inside a product too: no backend may skip zeros.
        Tensor a = tensor(dt, new double[]{inf, 0, 1, 1, nan, 1}, 3, 2);
        Tensor b = tensor(dt, new double[]{0, 1, 1, 0}, 2, 2);
        assertExact("matmul with inf * 0 and NaN", Nd.of(new double[]{nan, inf, 1, 1, nan, nan}, 3, 2), a.matmul(b));

        Tensor s = tensor(dt, new double[]{0, nan, 1, 2, 3, 4}, 2, 3).softmax(1);
        Nd rs = Reference.read(s);
        for (int j = 0; j < 3; j++) {
            assertEquals(nan, rs.at(0, j), "softmax of a row with NaN is NaN");
        }
        assertEquals(1.0, rs.at(1, 0) + rs.at(1, 1) + rs.at(1, 2), tolerance(dt, 3), "the other row is untouched");
        // Long rows (a backend may read them in vector lanes): a NaN inside the lanes and one in the tail past
        // the last multiple of 16 poison their rows only; -inf entries get probability 0.
        int len = 37;
        double[] rows = new double[4 * len];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (i % 7) * 0.25 - 1;
        }
        rows[5] = nan;
        rows[len + 35] = nan;
        rows[2 * len + 3] = Double.NEGATIVE_INFINITY;
        rows[2 * len + 34] = Double.NEGATIVE_INFINITY;
        Tensor long4 = tensor(dt, rows, 4, len);
        Nd soft = Reference.read(long4.softmax(1));
        Nd logSoft = Reference.read(long4.logSoftmax(1));
        Nd norm = Reference.read(long4.layerNorm(null, null, 1e-5));
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < len; j++) {
                assertEquals(nan, soft.at(r, j), "softmax of a long row with NaN (row " + r + ") is NaN");
                assertEquals(nan, logSoft.at(r, j), "logSoftmax of a long row with NaN (row " + r + ") is NaN");
                assertEquals(nan, norm.at(r, j), "layerNorm of a long row with NaN (row " + r + ") is NaN");
            }
        }
        double total = 0;
        for (int j = 0; j < len; j++) {
            total += soft.at(2, j);
            assertTrue(Double.isFinite(norm.at(3, j)), "layerNorm of a finite long row is finite");
        }
        assertEquals(1.0, total, tolerance(dt, len), "softmax of a long row with -inf entries sums to 1");
        assertEquals(0.0, soft.at(2, 3), "softmax of -inf in a long row is 0");
        assertEquals(0.0, soft.at(2, 34), "softmax of -inf in a long row's tail is 0");
        assertEquals(Double.NEGATIVE_INFINITY, logSoft.at(2, 34), "logSoftmax of -inf in a long row is -inf");
        if (dt == DType.FLOAT32 && backend().dtypes().contains(DType.FLOAT64)) {
            Tensor big = Tensor.of(backend(), new double[]{1e300, -1e300, 1e-300}, 3);
            assertExact("cast FLOAT64 -> FLOAT32 overflows to infinity and underflows to 0",
                    Nd.of(new double[]{inf, -inf, 0}, 3), big.cast(DType.FLOAT32));
        }
    }
}
