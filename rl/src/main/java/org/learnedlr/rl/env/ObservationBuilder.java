package org.learnedlr.rl.env;

import org.learnedlr.rl.run.OptimizerFamily;

/**
 * Turns a run's raw per-step signals into the learned policy's input. The environment and the embedded
 * LearnedScheduler both use this one class, so what the policy saw in training is, bit for bit, what it sees when
 * embedded.
 *
 * <p>The window is the last {@code W} steps (default 512), cut into {@code W / S} patches of {@code S} steps
 * (default 32 of 16), oldest first and aligned to the current step, so the newest patch ends at the last recorded
 * step. Each step contributes {@link #STEP_FEATURES_BEFORE_BUCKETS} + G features:
 * <ol>
 *   <li>1 if the step exists (0 for steps before the run started, whose features are all 0);</li>
 *   <li>log(L_t / L_ref), the train loss;</li>
 *   <li>log(V_t / L_ref), the held validation loss;</li>
 *   <li>log(eta_t / eta0), the learning rate used;</li>
 *   <li>per bucket b: log g_t,b - log g_ref,b, the layer-wise gradient norms.</li>
 * </ol>
 * The summary token's values ({@link #GLOBALS}): the left-step fraction (T - t) / T, log(eta_now / eta0), and two
 * deliberately absolute values, log10(eta0) and the optimizer family (1 for SGD, -1 for Adam), so that the first
 * decision, on an empty window, can react to a dangerous base LR. With {@code absoluteGlobals} off (an ablation)
 * those two are 0.
 *
 * <p>Until the references exist (the first interval is complete) the window is empty: every patch masked. Every
 * feature is clipped to [-{@link #CLIP}, {@link #CLIP}]; a NaN becomes +CLIP (a diverged value reads as "very
 * large").
 */
public final class ObservationBuilder {
    public static final int STEP_FEATURES_BEFORE_BUCKETS = 4;
    public static final int GLOBALS = 4;
    public static final double CLIP = 10.0;

    private final int window;
    private final int patchSize;
    private final int buckets;
    private final boolean absoluteGlobals;

    /**
     * @param window          W, steps in the window (a multiple of {@code patchSize})
     * @param patchSize       S, steps per patch token
     * @param buckets         G, gradient-norm buckets per step
     * @param absoluteGlobals whether log10(eta0) and the optimizer family are shown
     */
    public ObservationBuilder(int window, int patchSize, int buckets, boolean absoluteGlobals) {
        if (patchSize < 1 || window < patchSize || window % patchSize != 0) {
            throw new IllegalArgumentException("ObservationBuilder: window " + window
                    + " must be a positive multiple of patchSize " + patchSize);
        }
        if (buckets < 1) {
            throw new IllegalArgumentException("ObservationBuilder: buckets must be >= 1, got " + buckets);
        }
        this.window = window;
        this.patchSize = patchSize;
        this.buckets = buckets;
        this.absoluteGlobals = absoluteGlobals;
    }

    public int patches() {
        return window / patchSize;
    }

    public int stepFeatures() {
        return STEP_FEATURES_BEFORE_BUCKETS + buckets;
    }

    public int patchFeatures() {
        return patchSize * stepFeatures();
    }

    public int buckets() {
        return buckets;
    }

    public int window() {
        return window;
    }

    public int patchSize() {
        return patchSize;
    }

    public boolean absoluteGlobals() {
        return absoluteGlobals;
    }

    /**
     * The observation after {@code history.size()} steps of a run with budget {@code totalSteps}, whose learning
     * rate is now {@code lrNow}.
     *
     * @param totalSteps T; a value <= 0 means "unknown" and gives a left-step fraction of 0
     */
    public Observation build(SignalHistory history, double eta0, long totalSteps, double lrNow,
                             OptimizerFamily family) {
        if (history.buckets() != buckets) {
            throw new IllegalArgumentException("ObservationBuilder: history has " + history.buckets()
                    + " buckets, expected " + buckets);
        }
        int p = patches();
        int sf = stepFeatures();
        float[] patchValues = new float[p * patchSize * sf];
        float[] mask = new float[p];
        int now = history.size();
        if (history.hasReferences()) {
            double logLref = Math.log(history.referenceLoss());
            double logEta0 = Math.log(eta0);
            int first = now - window;
            for (int i = 0; i < window; i++) {
                int t = first + i;
                if (t < 0) {
                    continue;
                }
                int at = i * sf;
                patchValues[at] = 1f;
                patchValues[at + 1] = clip(Math.log(history.trainLoss(t)) - logLref);
                patchValues[at + 2] = clip(Math.log(history.validationLoss(t)) - logLref);
                patchValues[at + 3] = clip(Math.log(history.lr(t)) - logEta0);
                for (int b = 0; b < buckets; b++) {
                    patchValues[at + 4 + b] = clip(history.logGrad(t, b) - history.referenceLogGrad(b));
                }
                mask[i / patchSize] = 1f;
            }
        }
        float[] globals = new float[GLOBALS];
        globals[0] = totalSteps > 0 ? clip(Math.max(0.0, (double) (totalSteps - now) / totalSteps)) : 0f;
        globals[1] = clip(Math.log(lrNow / eta0));
        if (absoluteGlobals) {
            globals[2] = clip(Math.log10(eta0));
            globals[3] = family == OptimizerFamily.ADAM ? -1f : 1f;
        }
        return new Observation(patchValues, mask, globals, patchSize * sf);
    }

    /**
     * The observation as if every learning rate in it — each recorded step's and the current one — had been
     * e^delta times what it was, everything else unchanged. Behavioural cloning uses it to show the policy states
     * off the expert's path (its own LR drifted) together with the expert's correction, so that small per-decision
     * errors do not compound over a run's 125 decisions (DART-style noise, applied to the LR channel only).
     */
    public Observation shiftLr(Observation o, double delta) {
        float[] patches = o.patches().clone();
        int sf = stepFeatures();
        for (int at = 0; at < patches.length; at += sf) {
            if (patches[at] != 0f) {                             // the step exists
                patches[at + 3] = clip(patches[at + 3] + delta);
            }
        }
        float[] globals = o.globals().clone();
        globals[1] = clip(globals[1] + delta);
        return new Observation(patches, o.patchMask(), globals, o.patchFeatures());
    }

    /** Clips to [-CLIP, CLIP]; NaN becomes +CLIP. */
    static float clip(double v) {
        if (v != v) {
            return (float) CLIP;
        }
        return (float) Math.max(-CLIP, Math.min(CLIP, v));
    }
}
