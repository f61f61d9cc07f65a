package org.learnedlr.rl.env;

/**
 * How jumpy training is: the standard deviation of consecutive log train-loss differences, log L_t - log L_{t-1}.
 * The reward's smoothness term (per interval) and the evaluation's smoothness metric (per run) both use it. The
 * previous loss carries over {@link #restart()}, so an interval's first difference reaches back into the last one.
 */
public final class LossRoughness {
    private double previous = Double.NaN;
    private double sum;
    private double sumOfSquares;
    private int count;

    /** Records the next step's (finite) train loss. */
    public void add(double loss) {
        if (Double.isFinite(previous)) {
            double d = Math.log(loss) - Math.log(previous);
            sum += d;
            sumOfSquares += d * d;
            count++;
        }
        previous = loss;
    }

    /** Population standard deviation of the differences since the last restart; 0 with fewer than two. */
    public double std() {
        if (count < 2) {
            return 0;
        }
        double mean = sum / count;
        return Math.sqrt(Math.max(0, sumOfSquares / count - mean * mean));
    }

    /** Starts new statistics, keeping the last loss as the predecessor of the next. */
    public void restart() {
        sum = 0;
        sumOfSquares = 0;
        count = 0;
    }
}
