package org.learnedlr.rl.env;

import org.learnedlr.tensor.Rng;

/**
 * The Subramanian et al. 2023 formulation, as DESIGN.md section 4 states it: the action is the learning rate itself
 * on a log scale, log10(eta) in [-6, 0]; the observation is the last validation loss, the decisions remaining and
 * the layer-wise gradient norms (the same G log-norm buckets, averaged over the interval); the reward is
 * gamma (best_val - val) + lambda (decisions remaining), with best_val the best validation loss before this
 * interval; divergence costs 1000 + 1000 U(0, 1).
 */
public final class Subramanian {
    public static final double LOG10_LR_MIN = -6.0;
    public static final double LOG10_LR_MAX = 0.0;
    public static final double GAMMA = 10.0;
    public static final double LAMBDA = 1.0;

    private Subramanian() {
    }

    /** The LR for action {@code a} = log10(eta), clipped to [1e-6, 1]; NaN maps to the geometric middle. */
    public static double lr(double a) {
        double x = a != a ? 0.5 * (LOG10_LR_MIN + LOG10_LR_MAX) : Math.max(LOG10_LR_MIN, Math.min(LOG10_LR_MAX, a));
        return Math.pow(10.0, x);
    }

    /** The reward of one interval. */
    public static double reward(double bestValidationBefore, double validation, int decisionsRemaining) {
        return GAMMA * (bestValidationBefore - validation) + LAMBDA * decisionsRemaining;
    }

    /** The divergence penalty, drawn from the episode's own generator. */
    public static double divergencePenalty(Rng rng) {
        return -(1000.0 + 1000.0 * rng.nextDouble());
    }

    /** Observation: [last validation loss, decisions remaining, G mean log gradient norms]. */
    public static Observation observe(double lastValidation, int decisionsRemaining, double[] meanLogGrad) {
        float[] g = new float[2 + meanLogGrad.length];
        g[0] = ObservationBuilder.clip(lastValidation);
        g[1] = decisionsRemaining;
        for (int b = 0; b < meanLogGrad.length; b++) {
            g[2 + b] = ObservationBuilder.clip(meanLogGrad[b]);
        }
        return new Observation(new float[0], new float[0], g, 0);
    }
}
