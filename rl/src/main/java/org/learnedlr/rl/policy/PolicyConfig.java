package org.learnedlr.rl.policy;

/**
 * The transformer policy's architecture (DESIGN.md section 3), shared by the actor ({@link TransformerPolicy}) and
 * the critic ({@link TransformerCritic}), which have the same trunk with separate weights.
 *
 * <p>Tokens: one summary token (a linear embedding of the {@code globals} values) followed by {@code patches} patch
 * tokens (a linear embedding of {@code patchFeatures} values each), plus a learned positional embedding per
 * position; a pre-norm transformer encoder with a final layer norm; the summary token's output feeds the heads.
 *
 * @param dModel        width of every token (default 64)
 * @param heads         attention heads (default 2); must divide dModel
 * @param layers        encoder layers (default 4)
 * @param ffn           hidden width of each layer's feed-forward block (default 256)
 * @param patches       patch tokens (default 32 = 512 steps / 16)
 * @param patchFeatures inputs per patch token (default 192 = 16 steps x (4 + 8 buckets))
 * @param globals       inputs of the summary token (default 4)
 * @param dropout       dropout inside the feed-forward blocks, in [0, 1) (default 0: PPO's log-probabilities must
 *                      be those of the policy that acted)
 * @param initialLogStd the actor's state-independent log standard deviation at construction (default ln 0.1: a
 *                      relative LR change of about +-10% per decision, the range of GNS's controller)
 * @param levelHead     the mean head predicts the LR level to move to, log(eta_next / eta0), and the mean action is
 *                      that minus the current level log(eta_now / eta0) (an observed global). The action the
 *                      environment receives is the same relative change either way; what changes is what a small
 *                      error of the network means: with a level head it sets the LR a little off, without it it
 *                      moves the LR a little off at every decision, and 125 small moves add up (docs/ppo.md
 *                      measures both). Default true; false reads policies saved before it existed.
 */
public record PolicyConfig(int dModel, int heads, int layers, int ffn, int patches, int patchFeatures, int globals,
                           double dropout, double initialLogStd, boolean levelHead) {
    public static final int DEFAULT_D_MODEL = 64;
    public static final int DEFAULT_HEADS = 2;
    public static final int DEFAULT_LAYERS = 4;
    public static final int DEFAULT_FFN = 256;
    public static final double DEFAULT_INITIAL_LOG_STD = Math.log(0.1);
    /** Index of log(eta_now / eta0) among the globals ({@link org.learnedlr.rl.env.ObservationBuilder}). */
    public static final int CURRENT_LR_GLOBAL = 1;

    public PolicyConfig {
        positive("dModel", dModel);
        positive("heads", heads);
        positive("layers", layers);
        positive("ffn", ffn);
        positive("patches", patches);
        positive("patchFeatures", patchFeatures);
        positive("globals", globals);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("heads: must divide dModel = " + dModel + ", got " + heads);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("dropout: must be in [0, 1), got " + dropout);
        }
        if (levelHead && globals <= CURRENT_LR_GLOBAL) {
            throw new IllegalArgumentException("levelHead: needs the current-LR global (index " + CURRENT_LR_GLOBAL
                    + "), but there are " + globals + " globals");
        }
        if (!Double.isFinite(initialLogStd)) {
            throw new IllegalArgumentException("initialLogStd: must be finite, got " + initialLogStd);
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + ": must be >= 1, got " + v);
        }
    }

    /** The design's architecture (d 64, 2 heads, 4 layers, FFN 256, no dropout) for observations of {@code layout}. */
    public static PolicyConfig defaults(ObservationLayout layout) {
        return new PolicyConfig(DEFAULT_D_MODEL, DEFAULT_HEADS, DEFAULT_LAYERS, DEFAULT_FFN, layout.patches(),
                layout.patchFeatures(), layout.globals(), 0.0, DEFAULT_INITIAL_LOG_STD, true);
    }

    /** Sequence length: the summary token plus the patches. */
    public int tokens() {
        return 1 + patches;
    }

    /** True when observations of {@code layout} fit this architecture. */
    public boolean fits(ObservationLayout layout) {
        return patches == layout.patches() && patchFeatures == layout.patchFeatures() && globals == layout.globals();
    }

    public PolicyConfig withInitialLogStd(double v) {
        return new PolicyConfig(dModel, heads, layers, ffn, patches, patchFeatures, globals, dropout, v, levelHead);
    }

    public PolicyConfig withSize(int newDModel, int newHeads, int newLayers, int newFfn) {
        return new PolicyConfig(newDModel, newHeads, newLayers, newFfn, patches, patchFeatures, globals, dropout,
                initialLogStd, levelHead);
    }
}
