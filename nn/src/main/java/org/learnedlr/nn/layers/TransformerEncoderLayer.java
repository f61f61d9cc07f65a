package org.learnedlr.nn.layers;

import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * A pre-norm transformer encoder block, laid out as PyTorch's {@code nn.TransformerEncoderLayer(d, heads, ffn,
 * dropout, activation=GELU(approximate='tanh'), batch_first=True, norm_first=True)}:
 * <pre>
 *   x = x + self_attn(norm1(x))
 *   x = x + linear2(dropout(gelu(linear1(norm2(x)))))
 * </pre>
 * Dropout is applied only inside the feed-forward block (PyTorch also drops after the attention and after linear2);
 * with dropout 0, or in eval mode, the two agree exactly.
 *
 * <p>Parameters, in PyTorch's order: {@code self_attn.in_proj_weight}, {@code self_attn.in_proj_bias},
 * {@code self_attn.out_proj.weight}, {@code self_attn.out_proj.bias}, {@code linear1.weight}, {@code linear1.bias},
 * {@code linear2.weight}, {@code linear2.bias}, {@code norm1.weight}, {@code norm1.bias}, {@code norm2.weight},
 * {@code norm2.bias}.
 */
public final class TransformerEncoderLayer extends Layer {
    private final MultiHeadSelfAttention selfAttn;
    private final Linear linear1;
    private final Dropout dropout;
    private final Linear linear2;
    private final LayerNorm norm1;
    private final LayerNorm norm2;

    /** Float32, layer-norm eps 1e-5. */
    public TransformerEncoderLayer(int dModel, int heads, int dimFeedforward, double dropout, Rng rng) {
        this(dModel, heads, dimFeedforward, dropout, LayerNorm.DEFAULT_EPS, DType.FLOAT32, rng);
    }

    /**
     * @param rng initialises the weights, and a generator split from it draws the dropout masks
     */
    public TransformerEncoderLayer(int dModel, int heads, int dimFeedforward, double dropout, double eps, DType dtype,
                                   Rng rng) {
        if (dimFeedforward < 1) {
            throw new IllegalArgumentException("TransformerEncoderLayer: dimFeedforward must be >= 1, got "
                    + dimFeedforward);
        }
        // Registration order is PyTorch's, so that parameters enumerate in the same order.
        this.selfAttn = child("self_attn", new MultiHeadSelfAttention(dModel, heads, dtype, rng));
        this.linear1 = child("linear1", new Linear(dModel, dimFeedforward, true, dtype, rng));
        this.dropout = child("dropout", new Dropout(dropout, rng.split()));
        this.linear2 = child("linear2", new Linear(dimFeedforward, dModel, true, dtype, rng));
        this.norm1 = child("norm1", new LayerNorm(dModel, eps, dtype));
        this.norm2 = child("norm2", new LayerNorm(dModel, eps, dtype));
    }

    /** x (B, T, d) -> (B, T, d), unmasked. */
    @Override
    public Var forward(Var x) {
        return forward(x, null, null);
    }

    /**
     * x (B, T, d) -> (B, T, d); the masks (either may be null) are those of
     * {@link MultiHeadSelfAttention#forward(Var, Tensor, Tensor)}.
     */
    public Var forward(Var x, Tensor keyPaddingMask, Tensor attnMask) {
        Var h = x.add(selfAttn.forward(norm1.forward(x), keyPaddingMask, attnMask));          // (B, T, d)
        Var ff = linear2.forward(dropout.forward(linear1.forward(norm2.forward(h)).gelu()));  // (B, T, d)
        return h.add(ff);                                                                     // (B, T, d)
    }

    public MultiHeadSelfAttention selfAttn() {
        return selfAttn;
    }

    public Linear linear1() {
        return linear1;
    }

    public Linear linear2() {
        return linear2;
    }

    public LayerNorm norm1() {
        return norm1;
    }

    public LayerNorm norm2() {
        return norm2;
    }
}
