package org.learnedlr.tensor.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.learnedlr.tensor.Op;

/**
 * The transcendental elementwise ops on the Vector API, over one unit-stride float32 run: exp, tanh, sigmoid, GELU
 * (tanh form) and GELU's gradient. The plain loops call {@code Math.exp}/{@code Math.tanh} in double, about 13 ns an
 * element. The cheap ops (+, *, max, comparisons) need none of this: C2 compiles their plain unit-stride loops to
 * vector instructions by itself ({@code FloatLoops}).
 *
 * <p>Why exp and tanh are written here rather than taken from {@code VectorOperators.EXP}: the JDK computes those
 * with SVML once C2 has compiled the loop and with {@code Math.exp} per lane before, and the two differ in the last
 * bit, so a run's numbers would depend on when the JIT got to them (two identical runs disagreed). These use only
 * operations every path rounds the same way (+, *, fused multiply-add, division, conversions), so they are
 * reproducible: exp by range reduction to |r| &lt;= ln 2 / 2 and a degree-7 polynomial (within 2 float ulps),
 * tanh from exp (and its series near 0).
 *
 * <p>Only reachable once {@link SimdSupport#enabled()} is true.
 */
public final class SimdMath {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2.0 / Math.PI);
    private static final float GELU_CUBIC = 0.044715f;

    private SimdMath() {
    }

    /** o[oi + i] = op(a[ai + i]) for i in [0, n); false when op has no vector loop here. */
    public static boolean unary(Op op, float[] o, int oi, float[] a, int ai, int n) {
        switch (op) {
            case EXP, TANH, SIGMOID, GELU -> {
                int bound = F.loopBound(n);
                for (int i = 0; i < bound; i += F.length()) {
                    apply(op, FloatVector.fromArray(F, a, ai + i)).intoArray(o, oi + i);
                }
                if (bound < n) {
                    // The tail through a masked vector, so that it gets exactly the same arithmetic.
                    var m = F.indexInRange(bound, n);
                    apply(op, FloatVector.fromArray(F, a, ai + bound, m)).intoArray(o, oi + bound, m);
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static FloatVector apply(Op op, FloatVector x) {
        return switch (op) {
            case EXP -> exp(x);
            case TANH -> tanh(x);
            // 1 / (1 + e^-x): e^-x overflows to infinity for x < -88, and 1 / infinity is the right 0.
            case SIGMOID -> FloatVector.broadcast(F, 1f).div(exp(x.neg()).add(1f));
            case GELU -> x.mul(0.5f).mul(tanh(tanhArgument(x)).add(1f));
            default -> throw new IllegalArgumentException("SimdMath: no vector loop for " + op);
        };
    }

    /** sqrt(2/pi) (x + 0.044715 x^3), the argument of GELU's tanh. */
    private static FloatVector tanhArgument(FloatVector x) {
        return x.mul(x).mul(GELU_CUBIC).fma(x, x).mul(SQRT_2_OVER_PI);
    }

    /**
     * o = g GELU'(x) over unit-stride runs, tanh form: with t = tanh(u), u = sqrt(2/pi) (x + 0.044715 x^3),
     * GELU'(x) = (1 + t) / 2 + x (1 - t^2) sqrt(2/pi) (1 + 3 * 0.044715 x^2) / 2.
     */
    public static void geluGrad(float[] o, int oi, float[] g, int gi, float[] x, int xi, int n) {
        int bound = F.loopBound(n);
        for (int i = 0; i < bound; i += F.length()) {
            geluGrad(FloatVector.fromArray(F, g, gi + i), FloatVector.fromArray(F, x, xi + i)).intoArray(o, oi + i);
        }
        if (bound < n) {
            var m = F.indexInRange(bound, n);
            geluGrad(FloatVector.fromArray(F, g, gi + bound, m), FloatVector.fromArray(F, x, xi + bound, m))
                    .intoArray(o, oi + bound, m);
        }
    }

    private static FloatVector geluGrad(FloatVector g, FloatVector x) {
        FloatVector x2 = x.mul(x);
        FloatVector t = tanh(tanhArgument(x));
        FloatVector du = x2.mul(3 * GELU_CUBIC).add(1f).mul(SQRT_2_OVER_PI);
        FloatVector oneMinusT2 = t.mul(t).neg().add(1f);
        return t.add(1f).mul(0.5f).add(x.mul(0.5f).mul(oneMinusT2).mul(du)).mul(g);
    }

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;          // ln 2 split so that k * LN2_HI is exact for |k| < 2^9
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to the nearest integer. */
    private static final float ROUNDER = 12582912f;
    private static final float EXP_MAX = 88.72283f;             // above, e^x overflows a float
    private static final float EXP_MIN = -87.33654f;            // below, e^x is under the smallest normal float: 0

    /** e^x per lane: x = k ln 2 + r, e^r by its Taylor polynomial to degree 7 (Horner, with fused multiply-adds). */
    public static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector k = c.mul(LOG2E).add(ROUNDER).sub(ROUNDER);
        FloatVector r = k.neg().fma(FloatVector.broadcast(F, LN2_HI), c);
        r = k.neg().fma(FloatVector.broadcast(F, LN2_LO), r);
        FloatVector p = FloatVector.broadcast(F, 1f / 5040f);
        p = p.fma(r, FloatVector.broadcast(F, 1f / 720f));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 120f));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 24f));
        p = p.fma(r, FloatVector.broadcast(F, 1f / 6f));
        p = p.fma(r, FloatVector.broadcast(F, 0.5f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        // 2^k, built in the exponent bits; k is in [-126, 128], and 2^128 is split in two factors of 2^64.
        IntVector ki = (IntVector) k.convert(VectorOperators.F2I, 0);
        IntVector half = ki.lanewise(VectorOperators.ASHR, 1);
        FloatVector scaleA = half.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector scaleB = ki.sub(half).add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector e = p.mul(scaleA).mul(scaleB);
        e = e.blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
        return e.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_MAX));
    }

    /**
     * tanh per lane: sign(x) (1 - 2 / (e^(2|x|) + 1)), and near 0 (|x| &lt; 0.04, where that subtraction would
     * cancel) its series x - x^3/3 + 2 x^5/15.
     */
    public static FloatVector tanh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector big = FloatVector.broadcast(F, 1f).sub(FloatVector.broadcast(F, 2f).div(exp(a.add(a)).add(1f)));
        big = big.blend(big.neg(), x.compare(VectorOperators.LT, 0f));
        FloatVector x2 = x.mul(x);
        FloatVector small = x2.mul(2f / 15f).sub(1f / 3f).mul(x2).mul(x).add(x);
        return big.blend(small, a.compare(VectorOperators.LT, 0.04f));
    }
}
