package org.learnedlr.tensor.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Adam / AdamW update on the Vector API, for parameters, gradients and both moments stored at unit stride. The
 * plain loop is scalar (C2 does not vectorise its division and square root), about 5.6 ns an element; this one does
 * the same float operations in the same order, each rounded as the scalar one is (no fused multiply-adds), so the
 * two agree bit for bit.
 *
 * <p>Only reachable once {@link SimdSupport#enabled()} is true.
 */
public final class SimdUpdates {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private SimdUpdates() {
    }

    /**
     * One Adam step over n elements from the given offsets, in place: with x = p and d = g, decay (x *= keep when
     * decoupled, else d += x * wd), m' = m b1 + d (1 - b1), v' = v b2 + d^2 (1 - b2),
     * p = x - m' / c1 / (sqrt(v' / c2) + eps) * lr. Does the whole vectors only: returns how many elements it did
     * (a multiple of the vector length), and the caller's scalar loop does the rest.
     */
    public static int adam(float[] p, int pi, float[] g, int gi, float[] m, int mi, float[] v, int vi, int n,
                            boolean decay, boolean decoupled, float keep, float wd, float b1, float b1c, float b2,
                            float b2c, float c1, float c2, float eps, float lr) {
        int bound = F.loopBound(n);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector x = FloatVector.fromArray(F, p, pi + i);
            FloatVector d = FloatVector.fromArray(F, g, gi + i);
            if (decay) {
                if (decoupled) {
                    x = x.mul(keep);
                } else {
                    d = d.add(x.mul(wd));
                }
            }
            FloatVector mNew = FloatVector.fromArray(F, m, mi + i).mul(b1).add(d.mul(b1c));
            FloatVector vNew = FloatVector.fromArray(F, v, vi + i).mul(b2).add(d.mul(d).mul(b2c));
            FloatVector update = mNew.div(c1).div(vNew.div(c2).lanewise(VectorOperators.SQRT).add(eps)).mul(lr);
            mNew.intoArray(m, mi + i);
            vNew.intoArray(v, vi + i);
            x.sub(update).intoArray(p, pi + i);
        }
        return bound;
    }
}
