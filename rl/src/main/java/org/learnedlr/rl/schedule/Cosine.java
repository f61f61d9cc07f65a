package org.learnedlr.rl.schedule;

/**
 * Cosine annealing from eta0 to etaMin over T steps, after an optional linear warm-up of W steps:
 * <pre>
 *   lr(t) = eta0 (s + (1 - s) t / W)                                      0 <= t < W
 *   lr(t) = etaMin + (eta0 - etaMin) (1 + cos(pi (t - W) / (T - W))) / 2  W <= t <= T
 *   lr(t) = etaMin                                                        t > T
 * </pre>
 * With W = 0 this is PyTorch's {@code CosineAnnealingLR(T_max = T, eta_min)} closed form, evaluated in the same
 * order; with W > 0 and s = 0 it is HF's {@code get_cosine_schedule_with_warmup} (num_cycles 0.5) and, with etaMin,
 * its min-LR variant. Past T both of those rise again (PyTorch with period 2T); here the LR holds the floor etaMin,
 * which is what a schedule that was planned to end at T should do if training runs on.
 *
 * @param eta0              the peak LR (step W)
 * @param total             T, the step at which the LR reaches etaMin (>= 1)
 * @param etaMin            the floor, in [0, eta0]
 * @param warmup            W, the warm-up length, in [0, T)
 * @param warmupStartFactor s, the warm-up's start as a fraction of eta0, in [0, 1]
 */
public record Cosine(double eta0, long total, double etaMin, long warmup, double warmupStartFactor)
        implements Schedule {
    public Cosine {
        Schedules.checkLr("eta0", eta0);
        Schedules.checkSteps("total", total);
        Schedules.checkFloor("etaMin", etaMin, "eta0", eta0);
        Schedules.checkWarmup(warmup, total);
        Schedules.checkUnit("warmupStartFactor", warmupStartFactor);
    }

    /** From eta0 to 0 over {@code total} steps, no warm-up. */
    public Cosine(double eta0, long total) {
        this(eta0, total, 0.0);
    }

    /** From eta0 to etaMin over {@code total} steps, no warm-up. */
    public Cosine(double eta0, long total, double etaMin) {
        this(eta0, total, etaMin, 0, 0.0);
    }

    /** The same cosine with a linear warm-up over the first {@code w} of its T steps, from eta0 * startFactor. */
    public Cosine withWarmup(long w, double startFactor) {
        return new Cosine(eta0, total, etaMin, w, startFactor);
    }

    @Override
    public double lr(long step) {
        Schedules.checkStep(step);
        if (step < warmup) {
            return Schedules.ramp(eta0, warmupStartFactor, step, warmup);
        }
        if (step > total) {
            return etaMin;
        }
        return etaMin + (eta0 - etaMin) * (1 + Math.cos(Math.PI * (step - warmup) / (total - warmup))) / 2;
    }

    @Override
    public String name() {
        return "cosine";
    }
}
