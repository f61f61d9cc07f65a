package org.learnedlr.tensor.cpu;

import org.learnedlr.tensor.Op;

/**
 * Float32 elementwise loops over one run of a {@link Walk}, one loop per op and stride pattern, so that C2 can
 * compile the unit-stride ones to vector instructions. A run is {@code n} elements; an operand's elements are at
 * {@code base + i * stride}; the output is always at unit stride.
 *
 * <p>Results are bit for bit those of {@link ElementwiseKernels}' double formulas rounded once to float: for
 * +, -, *, /, sqrt, comparisons, min, max, abs, neg and relu, float arithmetic is that rounding (a double holds
 * more than 2 * 24 + 2 bits, so rounding to double first never changes the float result); the transcendental ops
 * call the same double functions.
 */
final class FloatLoops {
    /**
     * The bits of 1.0f. Comparisons select between int bit patterns: C2 compiles that to a conditional move, while a
     * choice between two floats becomes a branch, mispredicted half the time on a ReLU mask (16x slower).
     */
    private static final int ONE = 0x3f800000;

    private FloatLoops() {
    }

    /** o[oi + i] = op(a[ai + i * as]) for i in [0, n); false when op has no loop here (use the generic path). */
    static boolean unary(Op op, float[] o, int oi, float[] a, int ai, int as, int n) {
        if (as != 1) {
            return false;
        }
        switch (op) {
            case NEG -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = -a[ai + i];
                }
            }
            case ABS -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = Math.abs(a[ai + i]);
                }
            }
            case RELU -> {
                // max(NaN, 0) is NaN and max(-0, 0) is +0, as the formula x > 0 ? x : (x is NaN ? x : 0) gives.
                for (int i = 0; i < n; i++) {
                    o[oi + i] = Math.max(a[ai + i], 0f);
                }
            }
            case SQRT -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = (float) Math.sqrt(a[ai + i]);
                }
            }
            case EXP -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = (float) Math.exp(a[ai + i]);
                }
            }
            case LOG -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = (float) Math.log(a[ai + i]);
                }
            }
            case TANH -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = (float) Math.tanh(a[ai + i]);
                }
            }
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = (float) ElementwiseKernels.sigmoid(a[ai + i]);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * o[oi + i] = a[ai + i * as] op b[bi + i * bs] for i in [0, n), for the arithmetic ops and comparisons with
     * unit or zero strides; false when there is no loop here for that op and pattern (use the generic path).
     */
    static boolean binary(Op op, float[] o, int oi, float[] a, int ai, int as, float[] b, int bi, int bs, int n) {
        if (as == 1 && bs == 1) {
            return vv(op, o, oi, a, ai, b, bi, n);
        }
        if (as == 1 && bs == 0) {
            return vs(op, o, oi, a, ai, b[bi], n);
        }
        if (as == 0 && bs == 1) {
            return sv(op, o, oi, a[ai], b, bi, n);
        }
        return false;
    }

    private static boolean vv(Op op, float[] o, int oi, float[] a, int ai, float[] b, int bi, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = a[ai + i] + b[bi + i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = a[ai + i] - b[bi + i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = a[ai + i] * b[bi + i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = a[ai + i] / b[bi + i];
                }
            }
            case EQ -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = Float.intBitsToFloat(a[ai + i] == b[bi + i] ? ONE : 0);
                }
            }
            case GT -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = Float.intBitsToFloat(a[ai + i] > b[bi + i] ? ONE : 0);
                }
            }
            case LT -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = Float.intBitsToFloat(a[ai + i] < b[bi + i] ? ONE : 0);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The second operand is one value for the whole run (a scalar, or a per-channel value). */
    private static boolean vs(Op op, float[] o, int oi, float[] a, int ai, float y, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = a[ai + i] + y;
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = a[ai + i] - y;
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = a[ai + i] * y;
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = a[ai + i] / y;
                }
            }
            case GT -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = Float.intBitsToFloat(a[ai + i] > y ? ONE : 0);
                }
            }
            case LT -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = Float.intBitsToFloat(a[ai + i] < y ? ONE : 0);
                }
            }
            case GE -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = Float.intBitsToFloat(a[ai + i] >= y ? ONE : 0);
                }
            }
            case LE -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = Float.intBitsToFloat(a[ai + i] <= y ? ONE : 0);
                }
            }
            case EQ -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = Float.intBitsToFloat(a[ai + i] == y ? ONE : 0);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** The first operand is one value for the whole run. */
    private static boolean sv(Op op, float[] o, int oi, float x, float[] b, int bi, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = x + b[bi + i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = x - b[bi + i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = x * b[bi + i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = x / b[bi + i];
                }
            }
            case EQ -> {
                for (int i = 0; i < n; i++) {
                    o[oi + i] = Float.intBitsToFloat(x == b[bi + i] ? ONE : 0);
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
