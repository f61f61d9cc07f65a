package org.learnedlr.cli.report;

import java.util.Arrays;
import java.util.List;
import org.learnedlr.rl.eval.RunCurve;

/**
 * The mean over seeds of one quantity, as a chart draws it: at each step the mean over the seeds still running there
 * (a diverged seed's curve ends where it stopped; non-finite values are left out), then averaged again over buckets
 * of {@code ceil(T / maxPoints)} consecutive steps so a chart gets at most {@code maxPoints} points, placed at the
 * bucket's middle on a continuous axis where step t covers [t, t + 1) (so the axis runs from 0 to T, and a single
 * step sits at t + 0.5). Only positive means are kept, since the charts' value axes are logarithmic (an LR of 0, at the
 * end of cosine, REX or WSD, cannot be drawn there).
 *
 * @param step  (P) the x of each point
 * @param value (P) the mean at that point
 */
public record MeanCurve(double[] step, double[] value) {

    public int size() {
        return step.length;
    }

    /** The number of steps averaged into one point for curves of {@code steps} steps. */
    public static int bucket(int steps, int maxPoints) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints: must be at least 1, got " + maxPoints);
        }
        return Math.max(1, (steps + maxPoints - 1) / maxPoints);
    }

    public static MeanCurve of(List<RunCurve> seeds, RunCurve.Quantity q, int maxPoints) {
        int steps = 0;
        for (RunCurve c : seeds) {
            steps = Math.max(steps, c.steps());
        }
        int bucket = bucket(steps, maxPoints);
        double[] xs = new double[(steps + bucket - 1) / bucket];
        double[] ys = new double[xs.length];
        int n = 0;
        for (int b0 = 0; b0 < steps; b0 += bucket) {
            int b1 = Math.min(steps, b0 + bucket);
            double sum = 0;
            int count = 0;
            for (int t = b0; t < b1; t++) {
                // Mean over the seeds at step t first, so a bucket weighs its steps alike however many seeds ran.
                double s = 0;
                int k = 0;
                for (RunCurve c : seeds) {
                    if (t < c.steps() && Double.isFinite(c.values(q)[t])) {
                        s += c.values(q)[t];
                        k++;
                    }
                }
                if (k > 0) {
                    sum += s / k;
                    count++;
                }
            }
            double mean = count > 0 ? sum / count : Double.NaN;
            if (mean > 0 && Double.isFinite(mean)) {
                xs[n] = 0.5 * (b0 + b1);
                ys[n] = mean;
                n++;
            }
        }
        return new MeanCurve(Arrays.copyOf(xs, n), Arrays.copyOf(ys, n));
    }
}
