package org.learnedlr.tensor.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.learnedlr.tensor.Op;

/**
 * The transcendental elementwise ops on the Vector API, over one unit-stride float32 run: exp, log, tanh, sigmoid,
 * GELU (tanh form) and GELU's gradient. The plain loops call {@code Math.exp}/{@code Math.tanh} in double, about
 * 13 ns an element; the JDK's vector versions (SVML on x86) take a fraction of a nanosecond, within a few float ulps.
 * The cheap ops (+, *, max, comparisons) need none of this: C2 compiles their plain unit-stride loops to vector
 * instructions by itself ({@code FloatLoops}).
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
            case EXP, LOG, TANH, SIGMOID, GELU -> {
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
            case EXP -> x.lanewise(VectorOperators.EXP);
            case LOG -> x.lanewise(VectorOperators.LOG);
            case TANH -> x.lanewise(VectorOperators.TANH);
            // 1 / (1 + e^-x): e^-x overflows to infinity for x < -88, and 1 / infinity is the right 0.
            case SIGMOID -> FloatVector.broadcast(F, 1f).div(x.neg().lanewise(VectorOperators.EXP).add(1f));
            case GELU -> x.mul(0.5f).mul(tanhArgument(x).lanewise(VectorOperators.TANH).add(1f));
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
        FloatVector t = tanhArgument(x).lanewise(VectorOperators.TANH);
        FloatVector du = x2.mul(3 * GELU_CUBIC).add(1f).mul(SQRT_2_OVER_PI);
        FloatVector oneMinusT2 = t.mul(t).neg().add(1f);
        return t.add(1f).mul(0.5f).add(x.mul(0.5f).mul(oneMinusT2).mul(du)).mul(g);
    }
}
