package org.learnedlr.rl.schedule;

/**
 * PyTorch's {@code StepLR}: lr(t) = eta0 gamma^floor(t / stepSize). There is no end: the LR keeps decaying (and
 * underflows to 0 eventually).
 *
 * @param eta0     the LR of the first period
 * @param stepSize the period length in steps (>= 1)
 * @param gamma    the factor per period, in (0, 1]; PyTorch's default is 0.1
 */
public record StepDecay(double eta0, long stepSize, double gamma) implements Schedule {
    public static final double DEFAULT_GAMMA = 0.1;

    public StepDecay {
        Schedules.checkLr("eta0", eta0);
        Schedules.checkSteps("stepSize", stepSize);
        Schedules.checkGamma("gamma", gamma);
    }

    /** With PyTorch's default gamma 0.1. */
    public StepDecay(double eta0, long stepSize) {
        this(eta0, stepSize, DEFAULT_GAMMA);
    }

    @Override
    public double lr(long step) {
        Schedules.checkStep(step);
        return eta0 * Math.pow(gamma, step / stepSize);
    }

    @Override
    public String name() {
        return "step";
    }
}
