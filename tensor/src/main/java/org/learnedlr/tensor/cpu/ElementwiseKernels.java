package org.learnedlr.tensor.cpu;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.Tensor;
import org.learnedlr.tensor.cpu.simd.SimdMath;

/**
 * Elementwise primitives on the CPU: each op's scalar formula, and loops over strided operands. FLOAT32 values are
 * computed in double and rounded once, so results are correctly rounded wherever the double formula is.
 */
final class ElementwiseKernels {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private ElementwiseKernels() {
    }

    static DoubleUnaryOperator unaryFormula(Op op) {
        return switch (op) {
            case NEG -> x -> -x;
            case EXP -> Math::exp;
            case LOG -> Math::log;
            case SQRT -> Math::sqrt;
            case ABS -> Math::abs;
            case TANH -> Math::tanh;
            case SIGMOID -> ElementwiseKernels::sigmoid;
            case RELU -> x -> x > 0 ? x : (x != x ? x : 0.0);
            case GELU -> ElementwiseKernels::gelu;
            default -> throw new IllegalArgumentException("not a unary elementwise op: " + op);
        };
    }

    static DoubleBinaryOperator binaryFormula(Op op) {
        return switch (op) {
            case ADD -> Double::sum;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            case DIV -> (a, b) -> a / b;
            case POW -> Math::pow;
            case MAXIMUM -> Math::max;
            case MINIMUM -> Math::min;
            case EQ -> (a, b) -> a == b ? 1 : 0;
            case NE -> (a, b) -> a != b ? 1 : 0;
            case LT -> (a, b) -> a < b ? 1 : 0;
            case LE -> (a, b) -> a <= b ? 1 : 0;
            case GT -> (a, b) -> a > b ? 1 : 0;
            case GE -> (a, b) -> a >= b ? 1 : 0;
            default -> throw new IllegalArgumentException("not a binary elementwise op: " + op);
        };
    }

    /** 1 / (1 + e^-x), written so that neither branch overflows. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** GELU, tanh form. */
    static double gelu(double x) {
        return 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
    }

    /** g GELU'(x), tanh form (the formula of {@link org.learnedlr.tensor.Backend#geluGrad}). */
    static double geluGrad(double g, double x) {
        double x2 = x * x;
        double t = Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x2 * x));
        double du = SQRT_2_OVER_PI * (1.0 + 3 * 0.044715 * x2);
        return g * (0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * du);
    }

    /** Work units of one element of a cheap op; a chunk handed to a worker gets at least {@link #MIN_TASK}. */
    private static final long CHEAP = 1;
    /** Work units of one element of an op that calls exp, log, tanh or pow. */
    static final long COSTLY = 16;
    /** About 0.1 ms of memory-bound work: below it, waking a worker costs more than it saves. */
    static final long MIN_TASK = 1 << 18;

    static long cost(Op op) {
        return switch (op) {
            case EXP, LOG, TANH, SIGMOID, GELU, POW -> COSTLY;
            default -> CHEAP;
        };
    }

    /** y = op(x), with specialised float32 loops for the common ops and the double formula otherwise. */
    static Tensor unary(CpuBackend be, Op op, Tensor x) {
        Tensor out = be.empty(x.dtype(), x.shape());
        Walk w = Walk.of(out, x);
        int inner = w.inner();
        int xs = w.innerStride(1);
        long cost = (long) inner * cost(op);
        if (x.dtype() == DType.FLOAT32) {
            float[] o = CpuBackend.cpu(out).floats;
            float[] a = CpuBackend.cpu(x).floats;
            DoubleUnaryOperator f = unaryFormula(op);
            boolean simd = be.simd() && xs == 1;
            Parallel.forRange(w.runs(), cost, MIN_TASK, (s, e) -> {
                Walk.Cursor c = w.cursor(s);
                for (int r = s; r < e; r++, c.next()) {
                    int oi = c.base(0);
                    int ai = c.base(1);
                    if (simd && SimdMath.unary(op, o, oi, a, ai, inner)) {
                        continue;
                    }
                    if (!FloatLoops.unary(op, o, oi, a, ai, xs, inner)) {
                        for (int i = 0; i < inner; i++) {
                            o[oi + i] = (float) f.applyAsDouble(a[ai + i * xs]);
                        }
                    }
                }
            });
            return out;
        }
        return map(w, out, x, unaryFormula(op), cost);
    }

    /** y = f(x) elementwise through the double formula (clamp, float64, the rare ops). */
    static Tensor map(CpuBackend be, Tensor x, DoubleUnaryOperator f) {
        Tensor out = be.empty(x.dtype(), x.shape());
        Walk w = Walk.of(out, x);
        return map(w, out, x, f, w.inner());
    }

    private static Tensor map(Walk w, Tensor out, Tensor x, DoubleUnaryOperator f, long costPerRun) {
        int inner = w.inner();
        int xs = w.innerStride(1);
        if (x.dtype() == DType.FLOAT32) {
            float[] a = CpuBackend.cpu(x).floats;
            float[] o = CpuBackend.cpu(out).floats;
            Parallel.forRange(w.runs(), costPerRun, MIN_TASK, (s, e) -> {
                Walk.Cursor c = w.cursor(s);
                for (int r = s; r < e; r++, c.next()) {
                    int oi = c.base(0);
                    int ai = c.base(1);
                    for (int i = 0; i < inner; i++) {
                        o[oi + i] = (float) f.applyAsDouble(a[ai + i * xs]);
                    }
                }
            });
        } else {
            double[] a = CpuBackend.cpu(x).doubles;
            double[] o = CpuBackend.cpu(out).doubles;
            Parallel.forRange(w.runs(), costPerRun, MIN_TASK, (s, e) -> {
                Walk.Cursor c = w.cursor(s);
                for (int r = s; r < e; r++, c.next()) {
                    int oi = c.base(0);
                    int ai = c.base(1);
                    for (int i = 0; i < inner; i++) {
                        o[oi + i] = f.applyAsDouble(a[ai + i * xs]);
                    }
                }
            });
        }
        return out;
    }

    /** y = a op b over operands of one shape (broadcast ones as stride-0 views). */
    static Tensor binary(CpuBackend be, Op op, Tensor a, Tensor b) {
        return binary(be, op, a, b, binaryFormula(op), cost(op));
    }

    /**
     * y = f(a, b) elementwise; {@code op} names the float32 loop of {@link FloatLoops} to try first (ops without
     * one fall back to the double formula).
     */
    static Tensor binary(CpuBackend be, Op op, Tensor a, Tensor b, DoubleBinaryOperator f, long costPerElement) {
        Tensor out = be.empty(a.dtype(), a.shape());
        Walk w = Walk.of(out, a, b);
        int inner = w.inner();
        int as = w.innerStride(1);
        int bs = w.innerStride(2);
        long cost = (long) inner * costPerElement;
        if (a.dtype() == DType.FLOAT32) {
            float[] x = CpuBackend.cpu(a).floats;
            float[] y = CpuBackend.cpu(b).floats;
            float[] o = CpuBackend.cpu(out).floats;
            boolean simdGeluGrad = be.simd() && op == Op.GELU_GRAD && as == 1 && bs == 1;
            Parallel.forRange(w.runs(), cost, MIN_TASK, (s, e) -> {
                Walk.Cursor c = w.cursor(s);
                for (int r = s; r < e; r++, c.next()) {
                    int oi = c.base(0);
                    int ai = c.base(1);
                    int bi = c.base(2);
                    if (simdGeluGrad) {
                        SimdMath.geluGrad(o, oi, x, ai, y, bi, inner);
                        continue;
                    }
                    if (!FloatLoops.binary(op, o, oi, x, ai, as, y, bi, bs, inner)) {
                        for (int i = 0; i < inner; i++) {
                            o[oi + i] = (float) f.applyAsDouble(x[ai + i * as], y[bi + i * bs]);
                        }
                    }
                }
            });
        } else {
            double[] x = CpuBackend.cpu(a).doubles;
            double[] y = CpuBackend.cpu(b).doubles;
            double[] o = CpuBackend.cpu(out).doubles;
            Parallel.forRange(w.runs(), cost, MIN_TASK, (s, e) -> {
                Walk.Cursor c = w.cursor(s);
                for (int r = s; r < e; r++, c.next()) {
                    int oi = c.base(0);
                    int ai = c.base(1);
                    int bi = c.base(2);
                    for (int i = 0; i < inner; i++) {
                        o[oi + i] = f.applyAsDouble(x[ai + i * as], y[bi + i * bs]);
                    }
                }
            });
        }
        return out;
    }

    static Tensor where(CpuBackend be, Tensor cond, Tensor a, Tensor b) {
        Tensor out = be.empty(a.dtype(), a.shape());
        Walk w = Walk.of(out, cond, a, b);
        int inner = w.inner();
        int cs = w.innerStride(1);
        int as = w.innerStride(2);
        int bs = w.innerStride(3);
        CpuStorage cst = CpuBackend.cpu(cond);
        CpuStorage ast = CpuBackend.cpu(a);
        CpuStorage bst = CpuBackend.cpu(b);
        CpuStorage ost = CpuBackend.cpu(out);
        Parallel.forRange(w.runs(), inner, MIN_TASK, (s, e) -> {
            Walk.Cursor c = w.cursor(s);
            for (int r = s; r < e; r++, c.next()) {
                int oi = c.base(0);
                int ci = c.base(1);
                int ai = c.base(2);
                int bi = c.base(3);
                for (int i = 0; i < inner; i++) {
                    boolean t = cst.get(ci + i * cs) != 0;
                    ost.set(oi + i, t ? ast.get(ai + i * as) : bst.get(bi + i * bs));
                }
            }
        });
        return out;
    }

    /** dst[p] = src[p]; runs that are unit-stride on both sides are array copies. */
    static void copy(Tensor src, Tensor dst) {
        CpuStorage ss = CpuBackend.cpu(src);
        CpuStorage ds = CpuBackend.cpu(dst);
        Walk w = Walk.of(dst, src);
        int inner = w.inner();
        int dstStride = w.innerStride(0);
        int srcStride = w.innerStride(1);
        Object from = ss.floats != null ? ss.floats : ss.doubles != null ? ss.doubles : ss.ints;
        Object to = ds.floats != null ? ds.floats : ds.doubles != null ? ds.doubles : ds.ints;
        Parallel.forRange(w.runs(), inner, MIN_TASK, (s, e) -> {
            Walk.Cursor c = w.cursor(s);
            for (int r = s; r < e; r++, c.next()) {
                int di = c.base(0);
                int si = c.base(1);
                if (dstStride == 1 && srcStride == 1 && inner >= 64) {
                    System.arraycopy(from, si, to, di, inner);
                } else if (to instanceof float[] d) {
                    float[] f = (float[]) from;
                    for (int i = 0; i < inner; i++) {
                        d[di + i * dstStride] = f[si + i * srcStride];
                    }
                } else if (to instanceof double[] d) {
                    double[] f = (double[]) from;
                    for (int i = 0; i < inner; i++) {
                        d[di + i * dstStride] = f[si + i * srcStride];
                    }
                } else {
                    int[] d = (int[]) to;
                    int[] f = (int[]) from;
                    for (int i = 0; i < inner; i++) {
                        d[di + i * dstStride] = f[si + i * srcStride];
                    }
                }
            }
        });
    }

    static void fill(Tensor dst, double value) {
        CpuStorage ds = CpuBackend.cpu(dst);
        Walk w = Walk.of(dst);
        int inner = w.inner();
        int stride = w.innerStride(0);
        Walk.Cursor c = w.cursor(0);
        for (int r = 0, runs = w.runs(); r < runs; r++, c.next()) {
            int di = c.base(0);
            if (ds.floats != null) {
                float v = (float) value;
                for (int i = 0; i < inner; i++) {
                    ds.floats[di + i * stride] = v;
                }
            } else {
                for (int i = 0; i < inner; i++) {
                    ds.set(di + i * stride, value);
                }
            }
        }
    }

    static Tensor cast(CpuBackend be, Tensor x, DType dtype) {
        Tensor out = be.empty(dtype, x.shape());
        CpuStorage xs = CpuBackend.cpu(x);
        CpuStorage os = CpuBackend.cpu(out);
        Walk w = Walk.of(out, x);
        int inner = w.inner();
        int stride = w.innerStride(1);
        Walk.Cursor c = w.cursor(0);
        for (int r = 0, runs = w.runs(); r < runs; r++, c.next()) {
            int oi = c.base(0);
            int xi = c.base(1);
            for (int i = 0; i < inner; i++) {
                os.set(oi + i, xs.get(xi + i * stride));
            }
        }
        return out;
    }
}
