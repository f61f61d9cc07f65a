package org.learnedlr.tensor.cpu.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row kernels on the Vector API for one contiguous float32 row of length n: softmax and log-softmax, layer norm and
 * its input gradient. The plain kernels work a row in double with {@code Math.exp}, about 13 ns an element on this
 * machine's cores.
 *
 * <p>Arithmetic: float lanes, each lane summing every {@code VLEN}-th element, then the lanes summed in lane order;
 * the tail past the last whole vector in float scalars. The row statistics (max, sums, mean, variance) are combined
 * in double; exp is {@link SimdMath#exp}. Results agree with the plain path to float32 rounding, not bit for bit,
 * and are reproducible: they depend on the row's length and the vector width, not on threads or on the JIT.
 *
 * <p>Only reachable once {@link SimdSupport#enabled()} is true.
 */
public final class SimdRows {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private SimdRows() {
    }

    /**
     * out[oi, oi + n) = softmax (or log-softmax) of x[xi, xi + n). A NaN anywhere in the row makes the whole row NaN,
     * as in the plain path. out may be x itself.
     */
    public static void softmax(float[] x, int xi, float[] out, int oi, int n, boolean log) {
        int bound = F.loopBound(n);
        float max = Float.NEGATIVE_INFINITY;
        if (bound > 0) {
            FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            for (int i = 0; i < bound; i += F.length()) {
                m = m.max(FloatVector.fromArray(F, x, xi + i));      // Math.max semantics: NaN wins
            }
            max = m.reduceLanes(VectorOperators.MAX);
        }
        for (int i = bound; i < n; i++) {
            max = Math.max(max, x[xi + i]);
        }
        FloatVector shift = FloatVector.broadcast(F, max);
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector e = SimdMath.exp(FloatVector.fromArray(F, x, xi + i).sub(shift));
            if (!log) {
                e.intoArray(out, oi + i);
            }
            acc = acc.add(e);
        }
        double sum = sumLanes(acc);
        for (int i = bound; i < n; i++) {
            float e = (float) Math.exp(x[xi + i] - max);
            if (!log) {
                out[oi + i] = e;
            }
            sum += e;
        }
        if (log) {
            float offset = (float) (max + Math.log(sum));
            FloatVector off = FloatVector.broadcast(F, offset);
            for (int i = 0; i < bound; i += F.length()) {
                FloatVector.fromArray(F, x, xi + i).sub(off).intoArray(out, oi + i);
            }
            for (int i = bound; i < n; i++) {
                out[oi + i] = x[xi + i] - offset;
            }
        } else {
            FloatVector s = FloatVector.broadcast(F, (float) sum);
            for (int i = 0; i < bound; i += F.length()) {
                FloatVector.fromArray(F, out, oi + i).div(s).intoArray(out, oi + i);
            }
            for (int i = bound; i < n; i++) {
                out[oi + i] = (float) (out[oi + i] / sum);
            }
        }
    }

    /**
     * out = (x - mean) / sqrt(var + eps) * w + b over the row (biased variance); w and b, of length n from offset 0,
     * may be null.
     */
    public static void layerNorm(float[] x, int xi, float[] out, int oi, int n, float[] w, float[] b, double eps) {
        double mean = sum(x, xi, n) / n;
        float inv = (float) (1.0 / Math.sqrt(squaredDeviations(x, xi, n, (float) mean) / n + eps));
        int bound = F.loopBound(n);
        FloatVector mv = FloatVector.broadcast(F, (float) mean);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector y = FloatVector.fromArray(F, x, xi + i).sub(mv).mul(inv);
            if (w != null) {
                y = y.mul(FloatVector.fromArray(F, w, i));
            }
            if (b != null) {
                y = y.add(FloatVector.fromArray(F, b, i));
            }
            y.intoArray(out, oi + i);
        }
        for (int i = bound; i < n; i++) {
            float y = (x[xi + i] - (float) mean) * inv;
            if (w != null) {
                y *= w[i];
            }
            if (b != null) {
                y += b[i];
            }
            out[oi + i] = y;
        }
    }

    /**
     * Layer norm's input gradient for one row: with xhat = (x - mean) / std and gy = g * w (g where w is null),
     * dx = (gy - mean(gy) - xhat * mean(gy * xhat)) / std. The row statistics are recomputed from x.
     */
    public static void layerNormGrad(float[] x, int xi, float[] g, int gi, float[] out, int oi, int n, float[] w,
                                     double eps) {
        float mean = (float) (sum(x, xi, n) / n);
        float inv = (float) (1.0 / Math.sqrt(squaredDeviations(x, xi, n, mean) / n + eps));
        int bound = F.loopBound(n);
        FloatVector mv = FloatVector.broadcast(F, mean);
        FloatVector sumGy = FloatVector.zero(F);
        FloatVector sumGyXhat = FloatVector.zero(F);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector gy = FloatVector.fromArray(F, g, gi + i);
            if (w != null) {
                gy = gy.mul(FloatVector.fromArray(F, w, i));
            }
            FloatVector xhat = FloatVector.fromArray(F, x, xi + i).sub(mv).mul(inv);
            sumGy = sumGy.add(gy);
            sumGyXhat = gy.fma(xhat, sumGyXhat);
        }
        double sGy = sumLanes(sumGy);
        double sGyXhat = sumLanes(sumGyXhat);
        for (int i = bound; i < n; i++) {
            float gy = w == null ? g[gi + i] : g[gi + i] * w[i];
            sGy += gy;
            sGyXhat += gy * ((x[xi + i] - mean) * inv);
        }
        float meanGy = (float) (sGy / n);
        float meanGyXhat = (float) (sGyXhat / n);
        FloatVector mg = FloatVector.broadcast(F, meanGy);
        FloatVector mgx = FloatVector.broadcast(F, meanGyXhat);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector gy = FloatVector.fromArray(F, g, gi + i);
            if (w != null) {
                gy = gy.mul(FloatVector.fromArray(F, w, i));
            }
            FloatVector xhat = FloatVector.fromArray(F, x, xi + i).sub(mv).mul(inv);
            gy.sub(mg).sub(xhat.mul(mgx)).mul(inv).intoArray(out, oi + i);
        }
        for (int i = bound; i < n; i++) {
            float gy = w == null ? g[gi + i] : g[gi + i] * w[i];
            float xhat = (x[xi + i] - mean) * inv;
            out[oi + i] = (gy - meanGy - xhat * meanGyXhat) * inv;
        }
    }

    /**
     * The lanes of v added in lane order, in double. Not {@code reduceLanes(ADD)}: its order is unspecified, and
     * compiled and interpreted code add in different orders, so a run's numbers would depend on the JIT.
     */
    static double sumLanes(FloatVector v) {
        float[] lanes = new float[F.length()];
        v.intoArray(lanes, 0);
        double s = 0;
        for (float f : lanes) {
            s += f;
        }
        return s;
    }

    /** The sum of x[xi, xi + n). */
    private static double sum(float[] x, int xi, int n) {
        int bound = F.loopBound(n);
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < bound; i += F.length()) {
            acc = acc.add(FloatVector.fromArray(F, x, xi + i));
        }
        double s = sumLanes(acc);
        for (int i = bound; i < n; i++) {
            s += x[xi + i];
        }
        return s;
    }

    /** The sum of (x - mean)^2 over x[xi, xi + n): the second pass of a two-pass variance. */
    private static double squaredDeviations(float[] x, int xi, int n, float mean) {
        int bound = F.loopBound(n);
        FloatVector mv = FloatVector.broadcast(F, mean);
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector d = FloatVector.fromArray(F, x, xi + i).sub(mv);
            acc = d.fma(d, acc);
        }
        double s = sumLanes(acc);
        for (int i = bound; i < n; i++) {
            double d = x[xi + i] - mean;
            s += d * d;
        }
        return s;
    }
}
