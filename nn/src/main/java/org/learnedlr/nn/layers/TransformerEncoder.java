package org.learnedlr.nn.layers;

import java.util.ArrayList;
import java.util.List;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * A stack of encoder layers with an optional final layer norm (PyTorch's nn.TransformerEncoder): children
 * {@code layers.0}, {@code layers.1}, ... and {@code norm}. With pre-norm layers the final norm is the usual
 * choice, since the residual stream is otherwise never normalised.
 */
public final class TransformerEncoder extends Layer {
    private final ModuleList<TransformerEncoderLayer> layers;
    private final LayerNorm norm;

    /**
     * @param norm the final layer norm, or null for none
     */
    public TransformerEncoder(List<TransformerEncoderLayer> layers, LayerNorm norm) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("TransformerEncoder: needs at least one layer");
        }
        this.layers = child("layers", new ModuleList<>(layers));
        this.norm = norm == null ? null : child("norm", norm);
    }

    /**
     * {@code numLayers} layers of the same shape, each initialised independently from {@code rng} (PyTorch
     * deep-copies one layer, so its layers start equal), with a final norm when {@code finalNorm}.
     */
    public static TransformerEncoder of(int numLayers, int dModel, int heads, int dimFeedforward, double dropout,
                                        boolean finalNorm, DType dtype, Rng rng) {
        if (numLayers < 1) {
            throw new IllegalArgumentException("TransformerEncoder: numLayers must be >= 1, got " + numLayers);
        }
        List<TransformerEncoderLayer> layers = new ArrayList<>(numLayers);
        for (int i = 0; i < numLayers; i++) {
            layers.add(new TransformerEncoderLayer(dModel, heads, dimFeedforward, dropout, LayerNorm.DEFAULT_EPS,
                    dtype, rng));
        }
        return new TransformerEncoder(layers, finalNorm ? new LayerNorm(dModel, LayerNorm.DEFAULT_EPS, dtype) : null);
    }

    /** x (B, T, d) -> (B, T, d), unmasked. */
    @Override
    public Var forward(Var x) {
        return forward(x, null, null);
    }

    /** x (B, T, d) -> (B, T, d); every layer gets the same masks (either may be null). */
    public Var forward(Var x, Tensor keyPaddingMask, Tensor attnMask) {
        Var h = x;
        for (TransformerEncoderLayer layer : layers) {
            h = layer.forward(h, keyPaddingMask, attnMask);                   // (B, T, d)
        }
        return norm == null ? h : norm.forward(h);                            // (B, T, d)
    }

    public ModuleList<TransformerEncoderLayer> layers() {
        return layers;
    }

    /** The final norm, or null. */
    public LayerNorm norm() {
        return norm;
    }
}
