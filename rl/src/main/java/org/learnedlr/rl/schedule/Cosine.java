package org.learnedlr.rl.schedule;

/**
 * Cosine annealing from {@code eta0} to {@code etaMin} over {@code total} steps:
 * lr(t) = etaMin + (eta0 - etaMin) (1 + cos(pi t / total)) / 2 for t <= total, and etaMin after (PyTorch's closed
 * form would rise again past T_max; holding the floor is the defined behaviour here).
 */
public record Cosine(double eta0, long total, double etaMin) implements Schedule {
    public Cosine {
        Schedules.checkLr("eta0", eta0);
        Schedules.checkSteps("total", total);
        if (!(etaMin >= 0 && etaMin <= eta0)) {
            throw new IllegalArgumentException("etaMin must be in [0, eta0], got " + etaMin);
        }
    }

    public Cosine(double eta0, long total) {
        this(eta0, total, 0.0);
    }

    @Override
    public double lr(long step) {
        long t = Math.min(Math.max(step, 0), total);
        return etaMin + (eta0 - etaMin) * 0.5 * (1 + Math.cos(Math.PI * t / total));
    }

    @Override
    public String name() {
        return "cosine";
    }
}
