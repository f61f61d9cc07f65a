package org.learnedlr.rl.schedule;

import java.util.Locale;

/**
 * Warm-up, stable, decay (WSD): a linear warm-up of W steps, S steps at eta0, then D steps of decay to a floor
 * eta0 m, held after. With q = (t - W - S) / D:
 * <pre>
 *   lr(t) = eta0 (s + (1 - s) t / W)          0 <= t < W
 *   lr(t) = eta0                              W <= t < W + S
 *   lr(t) = eta0 (m + (1 - m) d(q))           W + S <= t < W + S + D
 *   lr(t) = eta0 m                            t >= W + S + D
 * </pre>
 * with the decay shape d(q) = 1 - q (linear), (1 + cos(pi q)) / 2 (cosine) or 1 - sqrt(q) (1-sqrt). HF's
 * {@code get_wsd_schedule} is {@link #hf}: its warm-up goes from m (s = m); only its linear warm-up type is
 * provided here. The project's shape ({@link #of}) is 5% warm-up from eta0/100, 75% stable, 20% linear decay to 0
 * (DESIGN.md section 4); the stable phase is what makes WSD horizon-agnostic until the decay starts.
 *
 * @param eta0              the LR of the stable phase
 * @param warmup            W, >= 0
 * @param stable            S, >= 0
 * @param decay             D, >= 1
 * @param decayShape        d
 * @param minLrRatio        m, the floor as a fraction of eta0, in [0, 1]
 * @param warmupStartFactor s, the warm-up's start as a fraction of eta0, in [0, 1]
 */
public record Wsd(double eta0, long warmup, long stable, long decay, DecayShape decayShape, double minLrRatio,
                  double warmupStartFactor) implements Schedule {

    /** How the decay phase falls from 1 to 0 over its progress q in [0, 1]. */
    public enum DecayShape {
        LINEAR, COSINE, ONE_MINUS_SQRT;

        double at(double q) {
            return switch (this) {
                case LINEAR -> 1.0 - q;
                case COSINE -> 0.5 * (1.0 + Math.cos(Math.PI * q));
                case ONE_MINUS_SQRT -> 1.0 - Math.sqrt(q);
            };
        }

        /** Parses HF's names: linear, cosine, 1-sqrt. */
        public static DecayShape parse(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "linear" -> LINEAR;
                case "cosine", "cos" -> COSINE;
                case "1-sqrt", "one-minus-sqrt" -> ONE_MINUS_SQRT;
                default -> throw new IllegalArgumentException("decayShape: unknown decay shape '" + name
                        + "' (expected linear, cosine or 1-sqrt)");
            };
        }
    }

    /** The project's warm-up start factor: eta0/100, as for the linear warm-up expert. */
    public static final double PROJECT_WARMUP_START = 0.01;

    public Wsd {
        Schedules.checkLr("eta0", eta0);
        Schedules.checkNonNegative("warmup", warmup);
        Schedules.checkNonNegative("stable", stable);
        Schedules.checkSteps("decay", decay);
        Schedules.checkNotNull("decayShape", decayShape);
        Schedules.checkUnit("minLrRatio", minLrRatio);
        Schedules.checkUnit("warmupStartFactor", warmupStartFactor);
    }

    /**
     * The project's shape over T steps: W = floor(T/20) warm-up from eta0/100, D = max(1, floor(T/5)) linear decay to
     * 0, and the stable phase S = T - W - D in between (75% of T when T is a multiple of 20). Requires T >= 1.
     */
    public static Wsd of(double eta0, long total) {
        Schedules.checkSteps("total", total);
        long w = total / 20;
        long d = Math.max(1, total / 5);
        long s = Math.max(0, total - w - d);
        return new Wsd(eta0, w, s, d, DecayShape.LINEAR, 0.0, PROJECT_WARMUP_START);
    }

    /**
     * HF's {@code get_wsd_schedule(W, D, num_training_steps = T, warmup_type = 'linear', decay_type, min_lr_ratio)}:
     * S = T - W - D, and the warm-up starts at the floor m.
     */
    public static Wsd hf(double eta0, long warmup, long decay, long total, DecayShape shape, double minLrRatio) {
        Schedules.checkNonNegative("warmup", warmup);
        Schedules.checkSteps("decay", decay);
        if (total < warmup + decay) {
            throw new IllegalArgumentException("total: must be >= warmup + decay (" + (warmup + decay) + "), got "
                    + total);
        }
        return new Wsd(eta0, warmup, total - warmup - decay, decay, shape, minLrRatio, minLrRatio);
    }

    /** W + S + D: the step from which the LR holds at the floor. */
    public long total() {
        return warmup + stable + decay;
    }

    @Override
    public double lr(long step) {
        Schedules.checkStep(step);
        if (step < warmup) {
            return Schedules.ramp(eta0, warmupStartFactor, step, warmup);
        }
        long decayStart = warmup + stable;
        if (step < decayStart) {
            return eta0;
        }
        if (step >= decayStart + decay) {
            return eta0 * minLrRatio;
        }
        double q = (double) (step - decayStart) / decay;
        return eta0 * (minLrRatio + (1 - minLrRatio) * decayShape.at(q));
    }

    @Override
    public String name() {
        return "wsd";
    }
}
