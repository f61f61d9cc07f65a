package org.learnedlr.rl.schedule;

/**
 * Polynomial decay of power p from eta0 to an end LR over T steps, after an optional linear warm-up of W steps:
 * <pre>
 *   lr(t) = eta0 (s + (1 - s) t / W)                                 0 <= t < W
 *   lr(t) = (eta0 - etaEnd) (1 - (t - W) / (T - W))^p + etaEnd       W <= t <= T
 *   lr(t) = etaEnd                                                   t > T
 * </pre>
 * Both common forms are parameter choices: PyTorch's {@code PolynomialLR(total_iters = T, power = p)} is
 * {@link #pytorch} (etaEnd = 0, W = 0; PyTorch also holds the end past T); HF's
 * {@code get_polynomial_decay_schedule_with_warmup(W, T, lr_end, power)} is {@link #hf} (s = 0). HF rejects
 * lr_end >= eta0; here etaEnd = eta0 is allowed (a constant) and only etaEnd > eta0 is rejected. p = 1 is linear
 * decay; the project's polynomial expert is p = 2 to 0 ({@link Experts#polynomial}).
 *
 * @param eta0              the peak LR (step W)
 * @param total             T, the step at which the LR reaches etaEnd (>= 1)
 * @param power             p, finite and > 0
 * @param etaEnd            the end LR, in [0, eta0]
 * @param warmup            W, the warm-up length, in [0, T)
 * @param warmupStartFactor s, the warm-up's start as a fraction of eta0, in [0, 1]
 */
public record Polynomial(double eta0, long total, double power, double etaEnd, long warmup, double warmupStartFactor)
        implements Schedule {
    /** HF's default end LR. */
    public static final double HF_DEFAULT_END = 1e-7;

    public Polynomial {
        Schedules.checkLr("eta0", eta0);
        Schedules.checkSteps("total", total);
        if (!(power > 0) || Double.isInfinite(power)) {
            throw new IllegalArgumentException("power: must be finite and > 0, got " + power);
        }
        Schedules.checkFloor("etaEnd", etaEnd, "eta0", eta0);
        Schedules.checkWarmup(warmup, total);
        Schedules.checkUnit("warmupStartFactor", warmupStartFactor);
    }

    /** From eta0 to 0 with power p over {@code total} steps, no warm-up. */
    public Polynomial(double eta0, long total, double power) {
        this(eta0, total, power, 0.0, 0, 0.0);
    }

    /** PyTorch's {@code PolynomialLR(total_iters, power)}: eta0 (1 - min(t, N) / N)^p. */
    public static Polynomial pytorch(double eta0, long totalIters, double power) {
        return new Polynomial(eta0, totalIters, power);
    }

    /** HF's {@code get_polynomial_decay_schedule_with_warmup(W, T, lrEnd, power)}: the warm-up starts at 0. */
    public static Polynomial hf(double eta0, long warmup, long total, double lrEnd, double power) {
        return new Polynomial(eta0, total, power, lrEnd, warmup, 0.0);
    }

    /** The same decay with a linear warm-up over the first {@code w} of its T steps, from eta0 * startFactor. */
    public Polynomial withWarmup(long w, double startFactor) {
        return new Polynomial(eta0, total, power, etaEnd, w, startFactor);
    }

    @Override
    public double lr(long step) {
        Schedules.checkStep(step);
        if (step < warmup) {
            return Schedules.ramp(eta0, warmupStartFactor, step, warmup);
        }
        if (step > total) {
            return etaEnd;
        }
        return (eta0 - etaEnd) * Math.pow(1.0 - (double) (step - warmup) / (total - warmup), power) + etaEnd;
    }

    @Override
    public String name() {
        return "polynomial";
    }
}
