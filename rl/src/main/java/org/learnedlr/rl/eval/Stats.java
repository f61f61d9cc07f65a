package org.learnedlr.rl.eval;

import java.util.List;

/** Small-sample statistics for the tables: mean, sample standard deviation, Student-t 95% intervals. */
public final class Stats {
    /** Two-sided 95% critical values of Student's t for 1..30 degrees of freedom. */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    private Stats() {
    }

    public static double mean(List<Double> xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.size();
    }

    /** Sample standard deviation (n - 1); 0 for fewer than two values. */
    public static double sd(List<Double> xs) {
        if (xs.size() < 2) {
            return 0;
        }
        double m = mean(xs);
        double s = 0;
        for (double x : xs) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (xs.size() - 1));
    }

    /** The two-sided 95% critical value of t with {@code df} degrees of freedom. */
    public static double t975(int df) {
        if (df < 1) {
            return Double.NaN;
        }
        return df <= T975.length ? T975[df - 1] : 1.96;
    }

    /** Mean and 95% interval half-width of paired differences. */
    public record Interval(double mean, double halfWidth, int n) {
        public double low() {
            return mean - halfWidth;
        }

        public double high() {
            return mean + halfWidth;
        }

        /** True when the interval lies strictly on one side of 0. */
        public boolean excludesZero() {
            return low() > 0 || high() < 0;
        }
    }

    public static Interval paired(List<Double> differences) {
        int n = differences.size();
        double half = n < 2 ? Double.NaN : t975(n - 1) * sd(differences) / Math.sqrt(n);
        return new Interval(mean(differences), half, n);
    }
}
