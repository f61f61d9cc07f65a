package org.learnedlr.rl.schedule;

/**
 * Inverse-square-root decay after a linear warm-up — HF's {@code get_inverse_sqrt_schedule(W, timescale)}, with a
 * start factor s for the warm-up:
 * <pre>
 *   lr(t) = eta0 (s + (1 - s) t / W)                       0 <= t < W
 *   lr(t) = eta0 / sqrt((t + timescale - W) / timescale)   t >= W        (so lr(W) = eta0)
 * </pre>
 * HF's form is s = 0; its default timescale is W, or 10,000 when W = 0 ({@link #InverseSqrt(double, long)}). There
 * is no end: the LR keeps decaying as 1/sqrt(t).
 *
 * @param eta0              the peak LR (step W)
 * @param warmup            W, the warm-up length, >= 0
 * @param timescale         the decay's time scale in steps, >= 1
 * @param warmupStartFactor s, the warm-up's start as a fraction of eta0, in [0, 1]
 */
public record InverseSqrt(double eta0, long warmup, long timescale, double warmupStartFactor) implements Schedule {
    /** HF's timescale when there is no warm-up. */
    public static final long HF_DEFAULT_TIMESCALE = 10_000;

    public InverseSqrt {
        Schedules.checkLr("eta0", eta0);
        Schedules.checkNonNegative("warmup", warmup);
        Schedules.checkSteps("timescale", timescale);
        Schedules.checkUnit("warmupStartFactor", warmupStartFactor);
    }

    /** HF's defaults: timescale W (10,000 when W = 0), warm-up from 0. */
    public InverseSqrt(double eta0, long warmup) {
        this(eta0, warmup, warmup > 0 ? warmup : HF_DEFAULT_TIMESCALE, 0.0);
    }

    @Override
    public double lr(long step) {
        Schedules.checkStep(step);
        if (step < warmup) {
            return Schedules.ramp(eta0, warmupStartFactor, step, warmup);
        }
        // (t - W) + timescale summed in double: exact below 2^53, and no overflow near Long.MAX_VALUE
        return eta0 * (1.0 / Math.sqrt(((double) (step - warmup) + timescale) / timescale));
    }

    @Override
    public String name() {
        return "inverse-sqrt";
    }
}
