package org.learnedlr.rl.env;

import org.learnedlr.rl.run.RunConfig;

/**
 * One episode's configuration: the training run, how often the policy decides and validation is measured, what it
 * observes, how actions map to learning rates, and the reward.
 *
 * @param run                the training run (trainee, optimizer, eta0, budget T, batch size, seed)
 * @param formulation        the learned scheduler's problem or the Subramanian baseline's
 * @param decisionInterval   K, steps between decisions (for SUBRAMANIAN: 0 means T / 10 rounded up)
 * @param validationInterval V, steps between validation mini-batches
 * @param window             W, steps the observation covers
 * @param patchSize          steps per patch token
 * @param buckets            G, gradient-norm buckets
 * @param absoluteGlobals    whether the observation shows log10(eta0) and the optimizer family
 * @param actions            the relative action's clamp and band (LEARNED)
 * @param reward             the reward's coefficients (LEARNED)
 */
public record EnvConfig(RunConfig run, Formulation formulation, int decisionInterval, int validationInterval,
                        int window, int patchSize, int buckets, boolean absoluteGlobals, ActionSpace actions,
                        RewardConfig reward) {

    public static final int DEFAULT_K = 16;
    public static final int DEFAULT_V = 4;
    public static final int DEFAULT_WINDOW = 512;
    public static final int DEFAULT_PATCH = 16;
    public static final int DEFAULT_BUCKETS = 8;

    public EnvConfig {
        if (run == null) {
            throw new IllegalArgumentException("run: must be given");
        }
        if (formulation == null) {
            throw new IllegalArgumentException("formulation: must be given");
        }
        if (formulation == Formulation.LEARNED && decisionInterval < 1) {
            throw new IllegalArgumentException("decisionInterval: K must be at least 1, got " + decisionInterval);
        }
        if (decisionInterval < 0) {
            throw new IllegalArgumentException("decisionInterval: must be >= 0, got " + decisionInterval);
        }
        if (run.steps() < Math.max(1, decisionInterval)) {
            throw new IllegalArgumentException("steps: the budget T = " + run.steps()
                    + " must be at least the decision interval K = " + decisionInterval);
        }
        if (validationInterval < 1) {
            throw new IllegalArgumentException("validationInterval: V must be at least 1, got " + validationInterval);
        }
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets: G must be at least 1, got " + buckets);
        }
        if (patchSize < 1 || window < patchSize || window % patchSize != 0) {
            throw new IllegalArgumentException("window: W = " + window + " must be a positive multiple of the patch size "
                    + patchSize);
        }
        if (actions == null || reward == null) {
            throw new IllegalArgumentException("actions and reward: must be given");
        }
    }

    /** The learned scheduler's environment with the design's defaults (K 16, V 4, W 512 in 16-step patches, G 8). */
    public static EnvConfig learned(RunConfig run) {
        return new EnvConfig(run, Formulation.LEARNED, DEFAULT_K, DEFAULT_V, DEFAULT_WINDOW, DEFAULT_PATCH,
                DEFAULT_BUCKETS, true, ActionSpace.DEFAULT, RewardConfig.DEFAULT);
    }

    /** The Subramanian et al. baseline's environment: about 10 decisions per episode. */
    public static EnvConfig subramanian(RunConfig run) {
        return new EnvConfig(run, Formulation.SUBRAMANIAN, 0, DEFAULT_V, DEFAULT_WINDOW, DEFAULT_PATCH,
                DEFAULT_BUCKETS, true, ActionSpace.DEFAULT, RewardConfig.DEFAULT);
    }

    /** K in steps (resolving SUBRAMANIAN's "T / 10"). */
    public int effectiveDecisionInterval() {
        if (formulation == Formulation.SUBRAMANIAN && decisionInterval == 0) {
            return (run.steps() + 9) / 10;
        }
        return decisionInterval;
    }

    /** The number of decisions in an episode that does not diverge. */
    public int decisions() {
        int k = effectiveDecisionInterval();
        return (run.steps() + k - 1) / k;
    }

    public ObservationBuilder observationBuilder() {
        return new ObservationBuilder(window, patchSize, buckets, absoluteGlobals);
    }

    public EnvConfig withRun(RunConfig r) {
        return new EnvConfig(r, formulation, decisionInterval, validationInterval, window, patchSize, buckets,
                absoluteGlobals, actions, reward);
    }

    public EnvConfig withReward(RewardConfig r) {
        return new EnvConfig(run, formulation, decisionInterval, validationInterval, window, patchSize, buckets,
                absoluteGlobals, actions, r);
    }

    public EnvConfig withActions(ActionSpace a) {
        return new EnvConfig(run, formulation, decisionInterval, validationInterval, window, patchSize, buckets,
                absoluteGlobals, a, reward);
    }

    public EnvConfig withAbsoluteGlobals(boolean on) {
        return new EnvConfig(run, formulation, decisionInterval, validationInterval, window, patchSize, buckets,
                on, actions, reward);
    }

    public EnvConfig withDecisionInterval(int k) {
        return new EnvConfig(run, formulation, k, validationInterval, window, patchSize, buckets,
                absoluteGlobals, actions, reward);
    }
}
