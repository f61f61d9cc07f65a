package org.learnedlr.rl.ppo;

/**
 * Running mean and variance of a stream of vectors, merged batch by batch with the parallel algorithm (Chan et al.),
 * as CleanRL's (gym's) RunningMeanStd: it starts at mean 0, variance 1 and a count of 1e-4, so the first batch
 * dominates at once.
 * <pre>
 *   delta = mean_b - mean;   n = count + count_b
 *   mean' = mean + delta * count_b / n
 *   var'  = (var * count + var_b * count_b + delta^2 * count * count_b / n) / n
 * </pre>
 */
public final class RunningMeanStd {
    public static final double INITIAL_COUNT = 1e-4;

    private final double[] mean;
    private final double[] var;
    private double count = INITIAL_COUNT;

    public RunningMeanStd(int dims) {
        mean = new double[dims];
        var = new double[dims];
        java.util.Arrays.fill(var, 1.0);
    }

    /** Restores a saved state. */
    public RunningMeanStd(double[] mean, double[] var, double count) {
        if (mean.length != var.length || !(count > 0)) {
            throw new IllegalArgumentException("RunningMeanStd: " + mean.length + " means, " + var.length
                    + " variances and count " + count);
        }
        this.mean = mean.clone();
        this.var = var.clone();
        this.count = count;
    }

    /** Folds in a batch of rows, each of {@code dims} values. */
    public void update(double[][] rows) {
        if (rows.length == 0) {
            return;
        }
        int d = mean.length;
        double[] bm = new double[d];
        double[] bv = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                bm[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            bm[j] /= rows.length;
        }
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                bv[j] += (r[j] - bm[j]) * (r[j] - bm[j]);
            }
        }
        for (int j = 0; j < d; j++) {
            bv[j] /= rows.length;
        }
        merge(mean, var, count, bm, bv, rows.length);
        count += rows.length;
    }

    /** Merges batch moments into (mean, var) in place, given the running count before the batch. */
    public static void merge(double[] mean, double[] var, double count, double[] batchMean, double[] batchVar,
                             double batchCount) {
        double n = count + batchCount;
        for (int j = 0; j < mean.length; j++) {
            double delta = batchMean[j] - mean[j];
            mean[j] += delta * batchCount / n;
            double m2 = var[j] * count + batchVar[j] * batchCount + delta * delta * count * batchCount / n;
            var[j] = m2 / n;
        }
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] var() {
        return var.clone();
    }

    public double count() {
        return count;
    }
}
