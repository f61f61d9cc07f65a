package org.learnedlr.rl.bc;

import java.util.Locale;

/**
 * One finished epoch of behavioural cloning, as the trainer reports it.
 *
 * @param policy       which policy: an expert's name, or {@value BcTrainer#ALL}
 * @param epoch        1-based
 * @param maxEpochs    the configured limit (early stopping may end sooner)
 * @param trainMse     mean squared action error over the epoch's training batches
 * @param heldOutRmse  RMS action error on the held-out episodes (NaN without a held-out split)
 */
public record BcEpoch(String policy, int epoch, int maxEpochs, double trainMse, double heldOutRmse) {
    /** One line for a log. */
    public String line() {
        return Double.isNaN(heldOutRmse)
                ? String.format(Locale.ROOT, "%s: bc epoch %d: train mse %.6f", policy, epoch, trainMse)
                : String.format(Locale.ROOT, "%s: bc epoch %d: train mse %.6f, held-out rmse %.6f", policy, epoch,
                        trainMse, heldOutRmse);
    }
}
