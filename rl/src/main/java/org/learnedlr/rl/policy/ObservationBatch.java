package org.learnedlr.rl.policy;

import java.util.List;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.tensor.Tensor;

/**
 * A list of observations packed into the tensors the transformer trunk reads.
 *
 * @param patches    (B, P, F) patch inputs
 * @param globals    (B, G) summary-token inputs
 * @param keyPadding (B, 1 + P): 1 where a token is padding (a patch without a recorded step), 0 elsewhere; the
 *                   summary token (position 0) is never padding, so no query is left without a key
 */
public record ObservationBatch(Tensor patches, Tensor globals, Tensor keyPadding) {

    public int size() {
        return patches.size(0);
    }

    /**
     * Packs observations for a policy of {@code config}.
     *
     * @throws IllegalArgumentException when the list is empty or an observation does not have the configured layout
     */
    public static ObservationBatch of(List<Observation> observations, PolicyConfig config) {
        int b = observations.size();
        if (b == 0) {
            throw new IllegalArgumentException("ObservationBatch: no observations");
        }
        int p = config.patches();
        int f = config.patchFeatures();
        int g = config.globals();
        float[] patches = new float[b * p * f];
        float[] globals = new float[b * g];
        float[] padding = new float[b * (1 + p)];
        for (int i = 0; i < b; i++) {
            Observation o = observations.get(i);
            if (o.patchCount() != p || o.patchFeatures() != f || o.patches().length != p * f
                    || o.globals().length != g) {
                throw new IllegalArgumentException("ObservationBatch: observation " + i + " has " + o.patchCount()
                        + " patches of " + o.patchFeatures() + " features and " + o.globals().length
                        + " globals; the policy expects " + p + " of " + f + " and " + g);
            }
            System.arraycopy(o.patches(), 0, patches, i * p * f, p * f);
            System.arraycopy(o.globals(), 0, globals, i * g, g);
            float[] mask = o.patchMask();
            for (int j = 0; j < p; j++) {
                padding[i * (1 + p) + 1 + j] = mask[j] != 0f ? 0f : 1f;
            }
        }
        return new ObservationBatch(Tensor.of(patches, b, p, f), Tensor.of(globals, b, g),
                Tensor.of(padding, b, 1 + p));
    }
}
