package org.learnedlr.rl.schedule;

/**
 * lr(t) = eta0 for every step; there is no end. PyTorch's {@code ConstantLR} is not this: it multiplies eta0 by a
 * factor (1/3) for the first {@code total_iters} steps, a stepped warm-up this package does not provide.
 */
public record Constant(double eta0) implements Schedule {
    public Constant {
        Schedules.checkLr("eta0", eta0);
    }

    @Override
    public double lr(long step) {
        Schedules.checkStep(step);
        return eta0;
    }

    @Override
    public String name() {
        return "constant";
    }
}
