package org.learnedlr.rl.env;

/**
 * What one decision leads to: the next observation, the interval's reward, whether the episode ended, and details.
 */
public record StepOutcome(Observation observation, double reward, boolean done, IntervalInfo info) {
}
