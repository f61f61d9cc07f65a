package org.learnedlr.rl.schedule;

import java.util.OptionalDouble;

/**
 * A linear warm-up in front of any schedule. The wrapped schedule's own step count starts after the warm-up:
 * <pre>
 *   lr(t) = after.lr(0) (s + (1 - s) t / W)    0 <= t < W     (the ramp ends at the value the schedule starts from)
 *   lr(t) = after.lr(t - W)                    t >= W
 * </pre>
 * so the whole run lasts W plus the wrapped schedule's length, and lr is continuous at W. The start is given as the
 * fraction s of {@code after.lr(0)}: s = 0.01 starts from eta0/100, s = 0 from 0 (HF). The momentum follows the same
 * shift: {@code after.momentum(0)} during the warm-up, {@code after.momentum(t - W)} after.
 *
 * <p>This is the HF composition: {@code new Warmup(W, 0, new Cosine(eta0, T - W))} equals
 * {@code new Cosine(eta0, T).withWarmup(W, 0)} (HF's cosine with warm-up over a total of T steps), and likewise for
 * {@link LinearWarmupDecay}, {@link Polynomial} and {@link InverseSqrt}; a warm-up with
 * W = 0 is the wrapped schedule itself. Past the wrapped schedule's end, it does what that schedule does.
 *
 * @param steps       W, the warm-up length, >= 0
 * @param startFactor s, in [0, 1]
 * @param after       the schedule that follows, counted from 0 at step W
 */
public record Warmup(long steps, double startFactor, Schedule after) implements Schedule {
    public Warmup {
        Schedules.checkNonNegative("steps", steps);
        Schedules.checkUnit("startFactor", startFactor);
        Schedules.checkNotNull("after", after);
    }

    @Override
    public double lr(long step) {
        Schedules.checkStep(step);
        if (step < steps) {
            return Schedules.ramp(after.lr(0), startFactor, step, steps);
        }
        return after.lr(step - steps);
    }

    @Override
    public OptionalDouble momentum(long step) {
        Schedules.checkStep(step);
        return after.momentum(Math.max(0, step - steps));
    }

    @Override
    public String name() {
        return "warmup+" + after.name();
    }
}
