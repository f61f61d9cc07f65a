package org.learnedlr.rl.schedule;

import java.util.OptionalDouble;

/**
 * A hand-made learning-rate schedule: a pure function of the step (counted from 0). It never touches an optimizer;
 * the training run asks it for the LR (and, for schedules that cycle it, the momentum) and sets them. Schedules
 * compose: {@link Warmup} wraps any other schedule.
 *
 * <p>Contract of every implementation: {@link #lr} is defined for every step >= 0, including past the schedule's
 * planned end (each schedule documents what it does there — most hold their final value); a negative step is
 * rejected with an {@link IllegalArgumentException} naming {@code step}. The same step always gives the same value:
 * implementations are immutable records.
 *
 * <pre>{@code
 * Schedule s = Experts.linearWarmup(0.1, 2000);
 * while (!run.finished()) {
 *     long t = run.stepsDone();
 *     run.step(s.lr(t), s.momentum(t));
 * }
 * }</pre>
 *
 * @see ObservingSchedule for schedules that observe training (ReduceLROnPlateau, the learned one)
 * @see LrScheduler for PyTorch's stateful habits over either kind
 */
public interface Schedule {

    /** The learning rate to use at {@code step} (>= 0). */
    double lr(long step);

    /**
     * The momentum (SGD's momentum, Adam's beta1) to use at {@code step}, for schedules that cycle it (OneCycle);
     * empty for the others, which leave the optimizer's momentum alone.
     */
    default OptionalDouble momentum(long step) {
        Schedules.checkStep(step);
        return OptionalDouble.empty();
    }

    /** A short, stable name for tables and plots. */
    String name();
}
