package org.learnedlr.rl.env;

/**
 * Which problem the environment poses: the learned scheduler's (a 512-step window every K steps, a relative action,
 * the shaped reward) or the Subramanian et al. 2023 baseline's (about 10 decisions per episode, a small observation
 * vector, the LR itself as the action, their reward). Both drive the same training run in the same environment.
 */
public enum Formulation {
    LEARNED,
    SUBRAMANIAN
}
