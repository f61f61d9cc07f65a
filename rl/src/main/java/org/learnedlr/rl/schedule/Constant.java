package org.learnedlr.rl.schedule;

/** lr(t) = eta0 for every step. */
public record Constant(double eta0) implements Schedule {
    public Constant {
        Schedules.checkLr("eta0", eta0);
    }

    @Override
    public double lr(long step) {
        return eta0;
    }

    @Override
    public String name() {
        return "constant";
    }
}
