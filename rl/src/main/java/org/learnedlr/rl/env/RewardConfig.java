package org.learnedlr.rl.env;

/**
 * The learned scheduler's reward, per decision interval d (V_d the mean validation loss and L_d the mean train loss
 * over the interval):
 * <pre>
 *   r_d = -(log V_d - log V_{d-1})                                 improvement (telescopes to -log(V_end / V_start))
 *         - smoothness * std_t(log L_t - log L_{t-1})              jumpy training is penalised
 *         - generalisation * max(0, log V_d - log L_d)             a growing generalisation gap is penalised
 * </pre>
 * A diverging run (a non-finite loss at any step, or an interval's mean train loss above
 * {@code divergenceFactor * min(L_ref, ln 10)}) ends the episode with reward {@code divergencePenalty}, which is below any
 * achievable return (see docs/environment.md for the bound).
 */
public record RewardConfig(double smoothness, double generalisation, double divergencePenalty,
                           double divergenceFactor) {
    public static final RewardConfig DEFAULT = new RewardConfig(0.002, 0.002, -20.0, 3.0);

    public RewardConfig {
        if (!(smoothness >= 0) || !(generalisation >= 0)) {
            throw new IllegalArgumentException("smoothness and generalisation coefficients must be >= 0, got "
                    + smoothness + " and " + generalisation);
        }
        if (!(divergencePenalty < 0) || Double.isInfinite(divergencePenalty)) {
            throw new IllegalArgumentException("divergencePenalty: must be finite and < 0, got " + divergencePenalty);
        }
        if (!(divergenceFactor > 1) || Double.isInfinite(divergenceFactor)) {
            throw new IllegalArgumentException("divergenceFactor: must be finite and > 1, got " + divergenceFactor);
        }
    }

    /** r_d = improvement - c_s smoothness - c_g generalisation, for an interval that did not diverge. */
    public double reward(IntervalTerms.Terms t) {
        return t.improvement() - smoothness * t.smoothness() - generalisation * t.generalisation();
    }

    public RewardConfig withSmoothness(double c) {
        return new RewardConfig(c, generalisation, divergencePenalty, divergenceFactor);
    }

    public RewardConfig withGeneralisation(double c) {
        return new RewardConfig(smoothness, c, divergencePenalty, divergenceFactor);
    }

    public RewardConfig withPenalty(double p) {
        return new RewardConfig(smoothness, generalisation, p, divergenceFactor);
    }
}
