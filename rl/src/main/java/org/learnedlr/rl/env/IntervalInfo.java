package org.learnedlr.rl.env;

/**
 * Details of one decision interval, for logs, tables and tests.
 *
 * @param decision           the decision's index, from 0
 * @param firstStep          the interval's first training step
 * @param steps              steps run in the interval (fewer than K at the end, or on divergence)
 * @param lr                 the learning rate used throughout the interval
 * @param meanTrainLoss      L_d
 * @param meanValidationLoss V_d
 * @param improvement        the reward's improvement term (0 for SUBRAMANIAN)
 * @param smoothness         the smoothness term, before its coefficient (std of log-loss differences)
 * @param generalisation     the generalisation term, before its coefficient
 * @param diverged           true when this interval ended the episode by divergence
 * @param trainNanos         time spent in training steps and validation
 * @param envNanos           time spent in the environment's own bookkeeping (observations, rewards)
 */
public record IntervalInfo(int decision, long firstStep, int steps, double lr, double meanTrainLoss,
                           double meanValidationLoss, double improvement, double smoothness, double generalisation,
                           boolean diverged, long trainNanos, long envNanos) {
}
