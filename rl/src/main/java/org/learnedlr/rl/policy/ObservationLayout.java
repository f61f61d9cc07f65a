package org.learnedlr.rl.policy;

import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.ObservationBuilder;

/**
 * What a learned policy observes and how often it decides: the settings an {@link ObservationBuilder} and a
 * {@link org.learnedlr.rl.env.SignalHistory} need to rebuild, bit for bit, the observations the policy was trained
 * on. Saved with every policy ({@link PolicyIO}), so an embedded scheduler cannot feed it a different window.
 *
 * @param window             W, steps the observation covers (a multiple of {@code patchSize})
 * @param patchSize          steps per patch token
 * @param buckets            G, gradient-norm buckets per step
 * @param absoluteGlobals    whether the summary token shows log10(eta0) and the optimizer family
 * @param decisionInterval   K, steps between decisions (also the length of the reference interval)
 * @param validationInterval V, steps between validation mini-batches
 */
public record ObservationLayout(int window, int patchSize, int buckets, boolean absoluteGlobals, int decisionInterval,
                                int validationInterval) {

    public ObservationLayout {
        if (patchSize < 1 || window < patchSize || window % patchSize != 0) {
            throw new IllegalArgumentException("window: W = " + window + " must be a positive multiple of patchSize "
                    + patchSize);
        }
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets: G must be >= 1, got " + buckets);
        }
        if (decisionInterval < 1) {
            throw new IllegalArgumentException("decisionInterval: K must be >= 1, got " + decisionInterval);
        }
        if (validationInterval < 1) {
            throw new IllegalArgumentException("validationInterval: V must be >= 1, got " + validationInterval);
        }
    }

    /** The layout of the learned scheduler's environment configuration. */
    public static ObservationLayout of(EnvConfig c) {
        return new ObservationLayout(c.window(), c.patchSize(), c.buckets(), c.absoluteGlobals(),
                c.effectiveDecisionInterval(), c.validationInterval());
    }

    public ObservationBuilder builder() {
        return new ObservationBuilder(window, patchSize, buckets, absoluteGlobals);
    }

    /** Patch tokens: W / S. */
    public int patches() {
        return window / patchSize;
    }

    /** Inputs per patch token: S * (4 + G). */
    public int patchFeatures() {
        return patchSize * (ObservationBuilder.STEP_FEATURES_BEFORE_BUCKETS + buckets);
    }

    /** Inputs of the summary token. */
    public int globals() {
        return ObservationBuilder.GLOBALS;
    }

    /** True when {@code c} produces observations of this layout, at this decision and validation cadence. */
    public boolean matches(EnvConfig c) {
        return equals(of(c));
    }
}
