package org.learnedlr.rl.policy;

import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Module;
import org.learnedlr.nn.init.Init;
import org.learnedlr.nn.layers.Linear;
import org.learnedlr.nn.layers.TransformerEncoder;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;

/**
 * The body shared (in shape, not in weights) by the actor and the critic: observations to one d-dimensional summary
 * vector per observation.
 * <pre>
 *   x_0   = summary_embed(globals)                              the summary token
 *   x_1+j = patch_embed(patch_j)                                j = 0 .. P-1, oldest first
 *   x     = x + pos_embedding                                   learned, one row per position (1 + P rows)
 *   h     = encoder(x, key padding = masked patches)            pre-norm layers, then a final layer norm
 *   out   = h_0                                                 the summary token's output
 * </pre>
 * A step-0 observation (every patch masked) still works: the summary token is never masked, so every query has at
 * least one key, and the output is a function of the globals alone.
 *
 * <p>Initialisation: the embeddings orthogonal with gain 1 and zero bias (CleanRL's convention for hidden layers
 * without a following tanh), positional embeddings N(0, 0.02^2) (GPT-2's), the encoder as PyTorch initialises it.
 *
 * <p>Parameters (a module's own before its children's, as in PyTorch): {@code pos_embedding} [1 + P, d],
 * {@code patch_embed.weight} [d, F], {@code patch_embed.bias}, {@code summary_embed.weight} [d, G],
 * {@code summary_embed.bias}, {@code encoder.layers.<i>.*}, {@code encoder.norm.*}.
 */
public final class TransformerTrunk extends Module {
    private final PolicyConfig config;
    private final Linear patchEmbed;
    private final Linear summaryEmbed;
    private final Var posEmbedding;
    private final TransformerEncoder encoder;

    public TransformerTrunk(PolicyConfig config, Rng rng) {
        this.config = config;
        int d = config.dModel();
        this.patchEmbed = child("patch_embed", new Linear(config.patchFeatures(), d, rng));
        this.summaryEmbed = child("summary_embed", new Linear(config.globals(), d, rng));
        this.posEmbedding = param("pos_embedding", Init.normal(rng, 0.0, 0.02, DType.FLOAT32, config.tokens(), d));
        this.encoder = child("encoder", TransformerEncoder.of(config.layers(), d, config.heads(), config.ffn(),
                config.dropout(), true, DType.FLOAT32, rng));
        orthogonal(patchEmbed, 1.0, rng);
        orthogonal(summaryEmbed, 1.0, rng);
    }

    /** Sets a linear layer's weight to an orthogonal matrix times {@code gain} and its bias to 0 (CleanRL's init). */
    static void orthogonal(Linear layer, double gain, Rng rng) {
        layer.weight().value().copyFrom(Init.orthogonal(rng, gain, DType.FLOAT32, layer.outFeatures(),
                layer.inFeatures()));
        layer.bias().value().fill(0.0);
    }

    public PolicyConfig config() {
        return config;
    }

    /** (B observations) -> (B, d), the summary token's final representation. */
    public Var forward(ObservationBatch batch) {
        int b = batch.size();
        int d = config.dModel();
        Var summary = summaryEmbed.forward(Var.constant(batch.globals())).reshape(b, 1, d);  // (B, 1, d)
        Var patches = patchEmbed.forward(Var.constant(batch.patches()));                     // (B, P, d)
        Var x = Var.concat(java.util.List.of(summary, patches), 1).add(posEmbedding);         // (B, 1+P, d)
        Var h = encoder.forward(x, batch.keyPadding(), null);                                  // (B, 1+P, d)
        return h.narrow(1, 0, 1).reshape(b, d);                                                // (B, d)
    }
}
