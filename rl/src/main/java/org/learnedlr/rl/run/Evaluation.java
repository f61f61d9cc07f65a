package org.learnedlr.rl.run;

/**
 * Loss and accuracy of a network on a whole dataset split.
 *
 * @param loss     mean cross-entropy over the examples
 * @param accuracy fraction of examples whose arg-max logit is the label
 * @param examples number of examples evaluated
 */
public record Evaluation(double loss, double accuracy, int examples) {
}
