package org.learnedlr.rl.env;

/**
 * Reduces per-module gradient norms (modules in depth order, any number of them) to a fixed number G of buckets by
 * relative depth, so that a 2-layer MLP and ResNet-18 give observations of the same shape.
 *
 * <p>Module i of M covers the relative-depth interval [i/M, (i+1)/M); bucket b covers [b/G, (b+1)/G). A bucket's
 * value is the mean of the log norms of the modules overlapping it, weighted by the length of the overlap. With
 * more modules than buckets this is the mean of log norms within the bucket; with fewer (the MLP's 2 modules in 8
 * buckets) each module's log norm fills the buckets it spans. Norms are floored at {@link #FLOOR} before the log,
 * so a module with a zero gradient gives a finite value.
 */
public final class GradBuckets {
    /** Smallest norm taken before the logarithm. */
    public static final double FLOOR = 1e-12;

    private GradBuckets() {
    }

    /** Log-norm buckets: {@code buckets} values from {@code norms.length >= 1} per-module norms. */
    public static double[] logBuckets(double[] norms, int buckets) {
        if (norms.length == 0) {
            throw new IllegalArgumentException("gradient norms: at least one module is needed");
        }
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets: must be at least 1, got " + buckets);
        }
        int m = norms.length;
        double[] out = new double[buckets];
        for (int b = 0; b < buckets; b++) {
            double lo = (double) b / buckets;
            double hi = (double) (b + 1) / buckets;
            double weighted = 0;
            double weight = 0;
            int first = (int) Math.floor(lo * m);
            int last = Math.min(m - 1, (int) Math.ceil(hi * m) - 1);
            for (int i = first; i <= last; i++) {
                double overlap = Math.min(hi, (double) (i + 1) / m) - Math.max(lo, (double) i / m);
                if (overlap > 0) {
                    double n = norms[i];
                    double logNorm = n != n ? n : Math.log(Math.max(n, FLOOR));   // NaN stays NaN: divergence shows
                    weighted += overlap * logNorm;
                    weight += overlap;
                }
            }
            out[b] = weighted / weight;
        }
        return out;
    }
}
