package org.learnedlr.rl.schedule;

/**
 * REX, the "reflected exponential" profile of Chen, Wolfe and Kyrillidis (MLSys 2022), sampled every step — the
 * paper's exact profile, with no extra hyper-parameter:
 * <pre>
 *   r = 1 - t / T,   lr(t) = eta0 r / (1/2 + r/2)   (= eta0 2 (1 - t/T) / (2 - t/T))   0 <= t <= T
 *   lr(t) = 0                                                                           t > T
 * </pre>
 * It falls from eta0 at step 0 to 0 at step T, staying above linear decay early and dropping fast at the end.
 * The widely copied reference code uses a sharper knee, {@code r / (0.1 + 0.9 r)}; this is the paper's form
 * (METHODS.md 1.8). Past T the LR holds at 0.
 *
 * @param eta0  the LR at step 0
 * @param total T, the step at which the LR reaches 0 (>= 1)
 */
public record Rex(double eta0, long total) implements Schedule {
    public Rex {
        Schedules.checkLr("eta0", eta0);
        Schedules.checkSteps("total", total);
    }

    @Override
    public double lr(long step) {
        Schedules.checkStep(step);
        if (step >= total) {
            return 0.0;
        }
        double r = 1.0 - (double) step / total;
        return eta0 * r / (0.5 + 0.5 * r);
    }

    @Override
    public String name() {
        return "rex";
    }
}
