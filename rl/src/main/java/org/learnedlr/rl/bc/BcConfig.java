package org.learnedlr.rl.bc;

import java.util.List;

/**
 * Behavioural cloning's settings: fit the actor's mean to the experts' recorded actions by mean squared error
 * (the log-std is held fixed — the experts are deterministic, so a learned one would collapse), with Adam on
 * shuffled minibatches of decisions, early-stopped on the action error over held-out EPISODES.
 *
 * @param experts         the experts whose demonstrations are used (by name, e.g. "cosine"); empty = all of them
 * @param epochs          the most passes over the training decisions (default 40)
 * @param batchSize       decisions per minibatch (default 64)
 * @param lr              Adam's learning rate (default 3e-4)
 * @param weightDecay     Adam's (coupled) weight decay (default 0)
 * @param maxGradNorm     global gradient-norm clip per step (default 1.0; +inf disables)
 * @param heldOutFraction the fraction of episodes (not decisions) held out for validation, in [0, 1) (default 0.2;
 *                        at least one episode when > 0); 0 trains on everything for {@code epochs} epochs
 * @param patience        epochs without a better held-out error before stopping (default 5)
 * @param lrShift         half of each minibatch's decisions are shown off the expert's path: every LR in the
 *                        observation e^delta times what it was, delta uniform in [-lrShift, lrShift], labelled with
 *                        the expert's correction (default 1.5; 0 = plain cloning). Without it the per-decision errors
 *                        compound: measured, plain BC policies drifted 5x above or to 1/500 of the expert's LR over
 *                        a 2,000-step run (docs/ppo.md)
 * @param seed            seeds the split, the shuffles and the initial weights (default 0)
 */
public record BcConfig(List<String> experts, int epochs, int batchSize, double lr, double weightDecay,
                       double maxGradNorm, double heldOutFraction, int patience, double lrShift, long seed) {

    public BcConfig {
        experts = experts == null ? List.of() : List.copyOf(experts);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs: must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: must be >= 1, got " + batchSize);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr: must be finite and > 0, got " + lr);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay: must be finite and >= 0, got " + weightDecay);
        }
        if (!(maxGradNorm > 0)) {
            throw new IllegalArgumentException("maxGradNorm: must be > 0, got " + maxGradNorm);
        }
        if (!(heldOutFraction >= 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("heldOutFraction: must be in [0, 1), got " + heldOutFraction);
        }
        if (!(lrShift >= 0) || Double.isInfinite(lrShift)) {
            throw new IllegalArgumentException("lrShift: must be finite and >= 0, got " + lrShift);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience: must be >= 1, got " + patience);
        }
    }

    /** The defaults, on every expert's demonstrations. */
    public static BcConfig defaults() {
        return new BcConfig(List.of(), 40, 64, 3e-4, 0.0, 1.0, 0.2, 5, 1.5, 0);
    }

    /** The same settings on one expert's demonstrations (or on all, for "all"). */
    public BcConfig forExpert(String name) {
        return withExperts(name.equals(BcTrainer.ALL) ? List.of() : List.of(name));
    }

    /** Half of each minibatch's decisions are shown with their LRs shifted by up to e^+-v (0: off). */
    public BcConfig withLrShift(double v) {
        return new BcConfig(experts, epochs, batchSize, lr, weightDecay, maxGradNorm, heldOutFraction, patience, v,
                seed);
    }

    public BcConfig withExperts(List<String> names) {
        return new BcConfig(names, epochs, batchSize, lr, weightDecay, maxGradNorm, heldOutFraction, patience,
                lrShift, seed);
    }

    public BcConfig withEpochs(int n) {
        return new BcConfig(experts, n, batchSize, lr, weightDecay, maxGradNorm, heldOutFraction, patience,
                lrShift, seed);
    }

    public BcConfig withBatchSize(int n) {
        return new BcConfig(experts, epochs, n, lr, weightDecay, maxGradNorm, heldOutFraction, patience, lrShift, seed);
    }

    public BcConfig withLr(double v) {
        return new BcConfig(experts, epochs, batchSize, v, weightDecay, maxGradNorm, heldOutFraction, patience,
                lrShift, seed);
    }

    public BcConfig withHeldOutFraction(double v) {
        return new BcConfig(experts, epochs, batchSize, lr, weightDecay, maxGradNorm, v, patience, lrShift, seed);
    }

    public BcConfig withPatience(int n) {
        return new BcConfig(experts, epochs, batchSize, lr, weightDecay, maxGradNorm, heldOutFraction, n,
                lrShift, seed);
    }

    public BcConfig withSeed(long s) {
        return new BcConfig(experts, epochs, batchSize, lr, weightDecay, maxGradNorm, heldOutFraction, patience,
                lrShift, s);
    }
}
