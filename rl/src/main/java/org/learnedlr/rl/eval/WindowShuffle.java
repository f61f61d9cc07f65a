package org.learnedlr.rl.eval;

import java.util.function.UnaryOperator;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.tensor.Rng;

/**
 * The window-shuffle ablation: each decision, the window's patch tokens that hold recorded steps are put in a
 * random order (each patch's 16 steps stay together, the summary token is untouched). The policy then sees the
 * same values with their order across the window destroyed — trends, the moment of a loss spike, how the LR
 * changed — so a policy that really reads its history should do measurably worse, and one that ignores it (an
 * open-loop schedule in disguise) should not.
 *
 * <p>Seeded: one generator per run, so the ablation is reproducible.
 */
public final class WindowShuffle implements UnaryOperator<Observation> {
    private final Rng rng;

    public WindowShuffle(long seed) {
        this.rng = new Rng(seed);
    }

    @Override
    public Observation apply(Observation o) {
        int p = o.patchCount();
        int f = o.patchFeatures();
        int[] filled = new int[p];
        int n = 0;
        for (int i = 0; i < p; i++) {
            if (o.patchMask()[i] != 0) {
                filled[n++] = i;
            }
        }
        int[] order = java.util.Arrays.copyOf(filled, n);
        rng.shuffle(order);
        float[] patches = o.patches().clone();
        for (int k = 0; k < n; k++) {
            System.arraycopy(o.patches(), order[k] * f, patches, filled[k] * f, f);
        }
        return new Observation(patches, o.patchMask().clone(), o.globals().clone(), f);
    }
}
