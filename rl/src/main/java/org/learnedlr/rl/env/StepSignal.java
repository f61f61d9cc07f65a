package org.learnedlr.rl.env;

/**
 * The raw signals of one training step, as the environment records them and demonstrations store them: everything
 * the {@link ObservationBuilder} needs, nothing pre-normalised.
 *
 * @param trainLoss      the step's mini-batch loss
 * @param validationLoss the latest held-out validation loss (evaluated every V steps, held in between)
 * @param lr             the learning rate the step used
 * @param logGradBuckets the step's gradient norms reduced to G log-norm buckets ({@link GradBuckets})
 */
public record StepSignal(double trainLoss, double validationLoss, double lr, double[] logGradBuckets) {
}
