package org.learnedlr.rl.schedule;

import java.util.List;

/**
 * The three experts of DESIGN.md section 4, whose demonstrations the policy is cloned from. Their shapes are fixed
 * for everyone; only the base LR eta0 and the budget T vary.
 *
 * <ul>
 *   <li>{@link #linearWarmup}: linear warm-up over the first W = floor(T/20) steps (5% of T) from eta0/100, then
 *       linear decay to 0 at T.</li>
 *   <li>{@link #cosine}: cosine annealing from eta0 at step 0 to 0 at T, no warm-up.</li>
 *   <li>{@link #polynomial}: (1 - t/T)^2 decay from eta0 at step 0 to 0 at T, no warm-up.</li>
 * </ul>
 * All three reach 0 at T and hold 0 past it. (The environment keeps the LR inside its band, so "0" becomes the
 * band's floor there; that is the environment's business, not the schedule's.)
 */
public final class Experts {
    /** The linear warm-up expert's warm-up, as a fraction of T: 5%. */
    public static final int WARMUP_DIVISOR = 20;
    /** The linear warm-up expert's start: eta0/100. */
    public static final double WARMUP_START_FACTOR = 0.01;
    /** The polynomial expert's power. */
    public static final double POLYNOMIAL_POWER = 2.0;

    /** The experts' names, as {@link Catalog#byName} knows them. */
    public static final List<String> NAMES = List.of("linear-warmup", "cosine", "polynomial");

    private Experts() {
    }

    /** floor(T/20): the warm-up length of the linear warm-up expert (and of WSD's project shape). */
    public static long warmupSteps(long total) {
        Schedules.checkSteps("total", total);
        return total / WARMUP_DIVISOR;
    }

    /**
     * lr(t) = eta0 (0.01 + 0.99 t/W) for t &lt; W = floor(T/20); eta0 (T - t)/(T - W) up to T; 0 after. For T &lt; 20
     * there is no warm-up (W = 0) and it is a pure linear decay.
     */
    public static LinearWarmupDecay linearWarmup(double eta0, long total) {
        return new LinearWarmupDecay(eta0, total, warmupSteps(total), WARMUP_START_FACTOR);
    }

    /** lr(t) = eta0 (1 + cos(pi t / T)) / 2 up to T; 0 after. */
    public static Cosine cosine(double eta0, long total) {
        return new Cosine(eta0, total);
    }

    /** lr(t) = eta0 (1 - t/T)^2 up to T; 0 after. */
    public static Polynomial polynomial(double eta0, long total) {
        return new Polynomial(eta0, total, POLYNOMIAL_POWER);
    }
}
