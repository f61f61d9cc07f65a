package org.learnedlr.tensor.cpu;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.Tensor;

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

    static Tensor map(CpuBackend be, Tensor x, DoubleUnaryOperator f) {
        Tensor out = be.empty(x.dtype(), x.shape());
        CpuStorage xs = CpuBackend.cpu(x);
        CpuStorage os = CpuBackend.cpu(out);
        int[] xo = Strided.offsetsOrNull(x);
        int xb = x.offset();
        int n = out.numel();
        if (x.dtype() == DType.FLOAT32) {
            float[] a = xs.floats;
            float[] o = os.floats;
            Parallel.forRange(n, 16, (s, e) -> {
                for (int i = s; i < e; i++) {
                    o[i] = (float) f.applyAsDouble(a[Strided.at(xo, xb, i)]);
                }
            });
        } else {
            double[] a = xs.doubles;
            double[] o = os.doubles;
            Parallel.forRange(n, 16, (s, e) -> {
                for (int i = s; i < e; i++) {
                    o[i] = f.applyAsDouble(a[Strided.at(xo, xb, i)]);
                }
            });
        }
        return out;
    }

    static Tensor zip(CpuBackend be, Tensor a, Tensor b, DoubleBinaryOperator f) {
        Tensor out = be.empty(a.dtype(), a.shape());
        CpuStorage as = CpuBackend.cpu(a);
        CpuStorage bs = CpuBackend.cpu(b);
        CpuStorage os = CpuBackend.cpu(out);
        int[] ao = Strided.offsetsOrNull(a);
        int[] bo = Strided.offsetsOrNull(b);
        int ab = a.offset();
        int bb = b.offset();
        int n = out.numel();
        if (a.dtype() == DType.FLOAT32) {
            float[] x = as.floats;
            float[] y = bs.floats;
            float[] o = os.floats;
            Parallel.forRange(n, 8, (s, e) -> {
                for (int i = s; i < e; i++) {
                    o[i] = (float) f.applyAsDouble(x[Strided.at(ao, ab, i)], y[Strided.at(bo, bb, i)]);
                }
            });
        } else {
            double[] x = as.doubles;
            double[] y = bs.doubles;
            double[] o = os.doubles;
            Parallel.forRange(n, 8, (s, e) -> {
                for (int i = s; i < e; i++) {
                    o[i] = f.applyAsDouble(x[Strided.at(ao, ab, i)], y[Strided.at(bo, bb, i)]);
                }
            });
        }
        return out;
    }

    static Tensor where(CpuBackend be, Tensor cond, Tensor a, Tensor b) {
        Tensor out = be.empty(a.dtype(), a.shape());
        CpuStorage cs = CpuBackend.cpu(cond);
        CpuStorage as = CpuBackend.cpu(a);
        CpuStorage bs = CpuBackend.cpu(b);
        CpuStorage os = CpuBackend.cpu(out);
        int[] co = Strided.offsetsOrNull(cond);
        int[] ao = Strided.offsetsOrNull(a);
        int[] bo = Strided.offsetsOrNull(b);
        int n = out.numel();
        Parallel.forRange(n, 4, (s, e) -> {
            for (int i = s; i < e; i++) {
                boolean c = cs.get(Strided.at(co, cond.offset(), i)) != 0;
                os.set(i, c ? as.get(Strided.at(ao, a.offset(), i)) : bs.get(Strided.at(bo, b.offset(), i)));
            }
        });
        return out;
    }

    static void copy(Tensor src, Tensor dst) {
        CpuStorage ss = CpuBackend.cpu(src);
        CpuStorage ds = CpuBackend.cpu(dst);
        int n = dst.numel();
        if (Strided.dense(src) && Strided.dense(dst)) {
            switch (dst.dtype()) {
                case FLOAT32 -> System.arraycopy(ss.floats, src.offset(), ds.floats, dst.offset(), n);
                case FLOAT64 -> System.arraycopy(ss.doubles, src.offset(), ds.doubles, dst.offset(), n);
                case INT32 -> System.arraycopy(ss.ints, src.offset(), ds.ints, dst.offset(), n);
            }
            return;
        }
        int[] so = Strided.offsetsOrNull(src);
        int[] dof = Strided.offsetsOrNull(dst);
        int sb = src.offset();
        int db = dst.offset();
        switch (dst.dtype()) {
            case FLOAT32 -> {
                float[] s = ss.floats;
                float[] d = ds.floats;
                for (int i = 0; i < n; i++) {
                    d[Strided.at(dof, db, i)] = s[Strided.at(so, sb, i)];
                }
            }
            case FLOAT64 -> {
                double[] s = ss.doubles;
                double[] d = ds.doubles;
                for (int i = 0; i < n; i++) {
                    d[Strided.at(dof, db, i)] = s[Strided.at(so, sb, i)];
                }
            }
            case INT32 -> {
                int[] s = ss.ints;
                int[] d = ds.ints;
                for (int i = 0; i < n; i++) {
                    d[Strided.at(dof, db, i)] = s[Strided.at(so, sb, i)];
                }
            }
        }
    }

    static void fill(Tensor dst, double value) {
        CpuStorage ds = CpuBackend.cpu(dst);
        int[] dof = Strided.offsetsOrNull(dst);
        int n = dst.numel();
        for (int i = 0; i < n; i++) {
            ds.set(Strided.at(dof, dst.offset(), i), value);
        }
    }

    static Tensor cast(CpuBackend be, Tensor x, DType dtype) {
        Tensor out = be.empty(dtype, x.shape());
        CpuStorage xs = CpuBackend.cpu(x);
        CpuStorage os = CpuBackend.cpu(out);
        int[] xo = Strided.offsetsOrNull(x);
        int n = out.numel();
        for (int i = 0; i < n; i++) {
            os.set(i, xs.get(Strided.at(xo, x.offset(), i)));
        }
        return out;
    }
}
