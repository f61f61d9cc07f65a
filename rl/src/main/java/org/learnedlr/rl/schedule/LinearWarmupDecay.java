package org.learnedlr.rl.schedule;

/**
 * Linear warm-up then linear decay to 0 — HF's {@code get_linear_schedule_with_warmup}, with a start factor s:
 * <pre>
 *   lr(t) = eta0 (s + (1 - s) t / W)          0 <= t < W
 *   lr(t) = eta0 max(0, (T - t) / (T - W))    W <= t        (so lr(W) = eta0, lr(T) = 0, and 0 past T)
 * </pre>
 * With {@code s = 0} this is HF's form exactly (f(0) = 0: the LR is zero at step 0); the project's linear warm-up
 * expert uses {@code s = 0.01} (it starts at eta0/100, DESIGN.md section 4), see {@link Experts#linearWarmup}. With
 * {@code W = 0} it is a pure linear decay from eta0. Past T the LR holds at 0.
 *
 * @param eta0              the peak LR, reached at step W
 * @param total             T, the step at which the LR reaches 0 (>= 1)
 * @param warmup            W, the warm-up length, in [0, T)
 * @param warmupStartFactor s, the warm-up's start as a fraction of eta0, in [0, 1]
 */
public record LinearWarmupDecay(double eta0, long total, long warmup, double warmupStartFactor) implements Schedule {
    public LinearWarmupDecay {
        Schedules.checkLr("eta0", eta0);
        Schedules.checkSteps("total", total);
        Schedules.checkWarmup(warmup, total);
        Schedules.checkUnit("warmupStartFactor", warmupStartFactor);
    }

    /** HF's form: the warm-up starts at 0. */
    public LinearWarmupDecay(double eta0, long total, long warmup) {
        this(eta0, total, warmup, 0.0);
    }

    @Override
    public double lr(long step) {
        Schedules.checkStep(step);
        if (step < warmup) {
            return Schedules.ramp(eta0, warmupStartFactor, step, warmup);
        }
        return eta0 * Math.max(0.0, (double) (total - step) / (total - warmup));
    }

    @Override
    public String name() {
        return "linear-warmup";
    }
}
