package org.learnedlr.rl.schedule;

import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What one training step tells a schedule that observes training. Divergence is a signal, not an error: the losses
 * and norms may be NaN or infinite.
 *
 * <pre>{@code
 * StepResult r = run.step(scheduler.getLastLr());
 * OptionalDouble v = validateNow ? OptionalDouble.of(run.validationLoss()) : OptionalDouble.empty();
 * scheduler.step(new StepSignals(r.step(), r.trainLoss(), v, r.lr(), r.gradNorms()));
 * }</pre>
 *
 * @param step           the index of the step just taken, >= 0
 * @param trainLoss      the mean loss of the step's mini-batch
 * @param validationLoss the held-out validation loss, when it was evaluated at this step (empty otherwise: a value
 *                       held from an earlier step must not be repeated here)
 * @param lr             the learning rate the step used, finite and >= 0
 * @param gradNorms      per-module gradient norms (weight and bias together), in depth order; may be empty. Copied
 *                       on the way in and out, so a record never changes.
 */
public record StepSignals(long step, double trainLoss, OptionalDouble validationLoss, double lr, double[] gradNorms) {
    public StepSignals {
        Schedules.checkStep(step);
        Schedules.checkNotNull("validationLoss", validationLoss);
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr: must be finite and >= 0, got " + lr);
        }
        gradNorms = Schedules.checkNotNull("gradNorms", gradNorms).clone();
    }

    /** Signals without a validation loss and without gradient norms. */
    public static StepSignals ofTrainLoss(long step, double trainLoss, double lr) {
        return new StepSignals(step, trainLoss, OptionalDouble.empty(), lr, new double[0]);
    }

    /** Signals with a validation loss and without gradient norms. */
    public static StepSignals ofLosses(long step, double trainLoss, double validationLoss, double lr) {
        return new StepSignals(step, trainLoss, OptionalDouble.of(validationLoss), lr, new double[0]);
    }

    /** A copy of the per-module gradient norms. */
    @Override
    public double[] gradNorms() {
        return gradNorms.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepSignals s && step == s.step
                && Double.compare(trainLoss, s.trainLoss) == 0 && validationLoss.equals(s.validationLoss)
                && Double.compare(lr, s.lr) == 0 && Arrays.equals(gradNorms, s.gradNorms);
    }

    @Override
    public int hashCode() {
        return Objects.hash(step, trainLoss, validationLoss, lr, Arrays.hashCode(gradNorms));
    }

    @Override
    public String toString() {
        return "StepSignals[step=" + step + ", trainLoss=" + trainLoss + ", validationLoss=" + validationLoss
                + ", lr=" + lr + ", gradNorms=" + Arrays.toString(gradNorms) + "]";
    }
}
