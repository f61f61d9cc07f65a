package org.learnedlr.rl.schedule;

import java.util.OptionalDouble;

/**
 * A hand-made learning-rate schedule: a pure function of the step (counted from 0). It never touches an optimizer;
 * the training run asks it for the LR (and, for schedules that cycle it, the momentum) and sets them. Schedules
 * compose: {@link Warmup} wraps any other schedule.
 */
public interface Schedule {

    /** The learning rate to use at {@code step}. Defined for every step >= 0, including past the planned end. */
    double lr(long step);

    /** The momentum (or Adam's beta1) to use at {@code step}, for schedules that set it; empty otherwise. */
    default OptionalDouble momentum(long step) {
        return OptionalDouble.empty();
    }

    /** A short, stable name for tables and plots. */
    String name();
}
