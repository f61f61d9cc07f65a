package org.learnedlr.rl.eval;

import java.util.function.UnaryOperator;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.tensor.Rng;

/**
 * The step-level window shuffle: each decision, the recorded steps of the window (every step whose existence flag,
 * its first feature, is set) are put in a random order, each step's features kept together; patches are then the
 * same 16-step cuts of the shuffled sequence. Unlike {@link WindowShuffle}, which moves whole patches, this also
 * mixes old and new steps inside each patch token: what is left of the window is the bag of its steps' values —
 * levels and spread, with every trend, spike position and LR history destroyed. The mask and the summary token are
 * untouched (the same steps exist where they did).
 *
 * <p>Seeded: one generator per run, so the ablation is reproducible.
 */
public final class WindowStepShuffle implements UnaryOperator<Observation> {
    private final Rng rng;
    private final int stepFeatures;

    /** @param stepFeatures features per step (a patch token holds patchFeatures / stepFeatures steps) */
    public WindowStepShuffle(long seed, int stepFeatures) {
        if (stepFeatures < 1) {
            throw new IllegalArgumentException("stepFeatures must be >= 1, got " + stepFeatures);
        }
        this.rng = new Rng(seed);
        this.stepFeatures = stepFeatures;
    }

    @Override
    public Observation apply(Observation o) {
        if (o.patchFeatures() % stepFeatures != 0) {
            throw new IllegalArgumentException("a patch of " + o.patchFeatures() + " features is not a whole number of "
                    + stepFeatures + "-feature steps");
        }
        float[] in = o.patches();
        int steps = in.length / stepFeatures;
        int[] recorded = new int[steps];
        int n = 0;
        for (int s = 0; s < steps; s++) {
            if (in[s * stepFeatures] != 0f) {
                recorded[n++] = s;
            }
        }
        int[] order = java.util.Arrays.copyOf(recorded, n);
        rng.shuffle(order);
        float[] out = in.clone();
        for (int i = 0; i < n; i++) {
            System.arraycopy(in, order[i] * stepFeatures, out, recorded[i] * stepFeatures, stepFeatures);
        }
        return new Observation(out, o.patchMask().clone(), o.globals().clone(), o.patchFeatures());
    }
}
