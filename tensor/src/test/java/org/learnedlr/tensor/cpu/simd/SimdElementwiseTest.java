package org.learnedlr.tensor.cpu.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;
import org.learnedlr.tensor.AdamStep;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;
import org.learnedlr.tensor.cpu.CpuBackend;

/**
 * The Vector API row kernels, transcendental ops and Adam update against the plain path of the same backend, on
 * lengths that leave a tail past the last whole vector: Adam bit for bit (same float operations, same order), the
 * others to a few float32 ulps; and the vector exp against its own scalar definition, bit for bit.
 */
class SimdElementwiseTest {
    private static final CpuBackend FAST = new CpuBackend(true);
    private static final CpuBackend PLAIN = new CpuBackend(false);
    private static final int[] LENGTHS = {1, 7, 16, 37, 64, 129};

    private static Tensor random(CpuBackend be, long seed, double lo, double hi, int... shape) {
        return Tensor.uniform(be, new Rng(seed), lo, hi, DType.FLOAT32, shape);
    }

    private static void assertClose(String what, Tensor plain, Tensor fast, double relTol) {
        float[] p = plain.toFloatArray();
        float[] f = fast.toFloatArray();
        for (int i = 0; i < p.length; i++) {
            double tol = relTol * Math.max(1.0, Math.abs(p[i]));
            if (!(Math.abs(p[i] - f[i]) <= tol) && !(Float.isNaN(p[i]) && Float.isNaN(f[i]))) {
                fail(what + ": element " + i + ": plain " + p[i] + ", vector " + f[i]);
            }
        }
    }

    @Test
    void fastPathIsOn() {
        assertTrue(FAST.simd(), "the tests run with --add-modules jdk.incubator.vector");
    }

    @Test
    void rowKernelsAgreeWithThePlainPath() {
        for (int n : LENGTHS) {
            Tensor xp = random(PLAIN, n, -6, 6, 5, n);
            Tensor xf = Tensor.of(FAST, xp.toFloatArray(), 5, n);
            Tensor wp = random(PLAIN, 100 + n, 0.5, 1.5, n);
            Tensor bp = random(PLAIN, 200 + n, -1, 1, n);
            Tensor wf = Tensor.of(FAST, wp.toFloatArray(), n);
            Tensor bf = Tensor.of(FAST, bp.toFloatArray(), n);
            Tensor gp = random(PLAIN, 300 + n, -1, 1, 5, n);
            Tensor gf = Tensor.of(FAST, gp.toFloatArray(), 5, n);
            assertClose("softmax n=" + n, xp.softmax(1), xf.softmax(1), 1e-6);
            assertClose("logSoftmax n=" + n, xp.logSoftmax(1), xf.logSoftmax(1), 1e-6);
            assertClose("layerNorm n=" + n, xp.layerNorm(wp, bp, 1e-5), xf.layerNorm(wf, bf, 1e-5), 1e-5);
            assertClose("layerNorm grad n=" + n, PLAIN.layerNormGrad(xp, gp, wp, 1e-5),
                    FAST.layerNormGrad(xf, gf, wf, 1e-5), 1e-5);
        }
    }

    @Test
    void transcendentalOpsAgreeWithThePlainPath() {
        for (int n : LENGTHS) {
            Tensor xp = random(PLAIN, n, -9, 9, 3, n);
            Tensor xf = Tensor.of(FAST, xp.toFloatArray(), 3, n);
            Tensor pos = xp.abs().add(1e-3);
            Tensor posF = Tensor.of(FAST, pos.toFloatArray(), 3, n);
            Tensor g = random(PLAIN, 7 + n, -1, 1, 3, n);
            Tensor gF = Tensor.of(FAST, g.toFloatArray(), 3, n);
            assertClose("exp n=" + n, xp.exp(), xf.exp(), 4e-7);
            assertClose("log n=" + n, pos.log(), posF.log(), 4e-7);
            assertClose("tanh n=" + n, xp.tanh(), xf.tanh(), 4e-7);
            assertClose("sigmoid n=" + n, xp.sigmoid(), xf.sigmoid(), 4e-7);
            assertClose("gelu n=" + n, xp.gelu(), xf.gelu(), 1e-6);
            assertClose("geluGrad n=" + n, PLAIN.geluGrad(g, xp), FAST.geluGrad(gF, xf), 1e-6);
        }
    }

    /**
     * The vector exp is made only of operations every execution path rounds the same way, so it must equal the same
     * steps written out in scalar Java bit for bit — whether C2 has compiled it or not (VectorOperators.EXP did not:
     * SVML compiled, Math.exp before).
     */
    @Test
    void vectorExpIsItsScalarDefinitionBitForBit() {
        jdk.incubator.vector.VectorSpecies<Float> f = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;
        float[] x = new float[f.length() * 64];
        Rng rng = new Rng(9);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (rng.nextDouble() * 200 - 100);
        }
        x[0] = Float.NEGATIVE_INFINITY;
        x[1] = Float.POSITIVE_INFINITY;
        x[2] = 0f;
        x[3] = -87.5f;
        x[4] = 88.5f;
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += f.length()) {
            SimdMath.exp(jdk.incubator.vector.FloatVector.fromArray(f, x, i)).intoArray(y, i);
        }
        for (int i = 0; i < x.length; i++) {
            float expected = scalarExp(x[i]);
            if (Float.floatToIntBits(expected) != Float.floatToIntBits(y[i])) {
                fail("exp(" + x[i] + "): vector " + y[i] + ", scalar definition " + expected);
            }
            double exact = Math.exp(x[i]);
            if (exact > 1e-37 && exact < 1e38) {
                assertTrue(Math.abs(y[i] - exact) <= 2.5 * Math.ulp((float) exact), "exp(" + x[i] + ") within 2 ulps");
            }
        }
    }

    /** SimdMath.exp's steps, one lane, in scalar Java. */
    private static float scalarExp(float x) {
        if (x < -87.33654f) {
            return 0f;
        }
        if (x > 88.72283f) {
            return Float.POSITIVE_INFINITY;
        }
        float c = x;
        float k = (c * 1.44269504088896341f + 12582912f) - 12582912f;
        float r = Math.fma(-k, 0.693359375f, c);
        r = Math.fma(-k, -2.12194440e-4f, r);
        float p = 1f / 5040f;
        p = Math.fma(p, r, 1f / 720f);
        p = Math.fma(p, r, 1f / 120f);
        p = Math.fma(p, r, 1f / 24f);
        p = Math.fma(p, r, 1f / 6f);
        p = Math.fma(p, r, 0.5f);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        int ki = (int) k;
        int half = ki >> 1;
        return p * Float.intBitsToFloat((half + 127) << 23) * Float.intBitsToFloat((ki - half + 127) << 23);
    }

    @Test
    void adamAgreesBitForBit() {
        for (int n : LENGTHS) {
            for (int variant = 0; variant < 3; variant++) {
                boolean decay = variant > 0;
                boolean decoupled = variant == 2;
                Tensor[] plain = {random(PLAIN, n, -1, 1, n), random(PLAIN, n + 1, -1, 1, n),
                        random(PLAIN, n + 2, -0.1, 0.1, n), random(PLAIN, n + 3, 0, 0.01, n)};
                Tensor[] fast = new Tensor[4];
                for (int k = 0; k < 4; k++) {
                    fast[k] = Tensor.of(FAST, plain[k].toFloatArray(), n);
                }
                for (int step = 1; step <= 3; step++) {
                    AdamStep s = new AdamStep(1e-3, 0.9, 0.999, 1e-8, decay ? 0.01 : 0, decoupled, step);
                    PLAIN.adamUpdate(plain[0], plain[1], plain[2], plain[3], s);
                    FAST.adamUpdate(fast[0], fast[1], fast[2], fast[3], s);
                }
                for (int k = 0; k < 4; k++) {
                    assertArrayEquals(plain[k].toFloatArray(), fast[k].toFloatArray(),
                            "Adam n=" + n + " variant " + variant + " tensor " + k);
                }
            }
        }
    }
}
