package org.learnedlr.rl.run;

/**
 * What one training step yields.
 *
 * @param step      the step's index, from 0
 * @param trainLoss the mean cross-entropy of the step's mini-batch (NaN or infinite if training diverged)
 * @param lr        the learning rate the step used
 * @param gradNorms per-module gradient norms (weight and bias together), in depth order
 * @param nanos     the step's wall time
 */
public record StepResult(long step, double trainLoss, double lr, double[] gradNorms, long nanos) {
    /** False once the loss is NaN or infinite. */
    public boolean finite() {
        return Double.isFinite(trainLoss);
    }
}
