package org.learnedlr.rl.schedule;

/**
 * PyTorch's {@code ExponentialLR}: lr(t) = eta0 gamma^t. There is no end: the LR keeps decaying (and underflows to 0
 * eventually). {@link #reaching} picks gamma so that the LR is a given value after T steps.
 *
 * @param eta0  the LR at step 0
 * @param gamma the factor per step, in (0, 1] (PyTorch has no default)
 */
public record Exponential(double eta0, double gamma) implements Schedule {
    public Exponential {
        Schedules.checkLr("eta0", eta0);
        Schedules.checkGamma("gamma", gamma);
    }

    /** gamma = (etaFinal / eta0)^(1/T), so that lr(T) = etaFinal (up to rounding). */
    public static Exponential reaching(double eta0, double etaFinal, long total) {
        Schedules.checkLr("eta0", eta0);
        Schedules.checkLr("etaFinal", etaFinal);
        if (etaFinal > eta0) {
            throw new IllegalArgumentException("etaFinal: must be <= eta0 (" + eta0 + "), got " + etaFinal);
        }
        Schedules.checkSteps("total", total);
        return new Exponential(eta0, Math.pow(etaFinal / eta0, 1.0 / total));
    }

    @Override
    public double lr(long step) {
        Schedules.checkStep(step);
        return eta0 * Math.pow(gamma, step);
    }

    @Override
    public String name() {
        return "exponential";
    }
}
