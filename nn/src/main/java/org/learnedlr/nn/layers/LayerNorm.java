package org.learnedlr.nn.layers;

import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/**
 * Layer normalisation over the last axis (PyTorch's nn.LayerNorm with a 1-d normalized_shape):
 * y = (x - mean) / sqrt(var + eps) * weight + bias, with the biased variance.
 *
 * <p>Parameters: {@code weight} (ones), {@code bias} (zeros).
 */
public final class LayerNorm extends Layer {
    public static final double DEFAULT_EPS = 1e-5;

    private final int features;
    private final double eps;
    private final Var weight;
    private final Var bias;

    /** Float32, eps 1e-5. */
    public LayerNorm(int features) {
        this(features, DEFAULT_EPS, DType.FLOAT32);
    }

    public LayerNorm(int features, double eps, DType dtype) {
        if (features < 1 || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: need features >= 1 and eps > 0, got " + features + " and "
                    + eps);
        }
        this.features = features;
        this.eps = eps;
        this.weight = param("weight", Tensor.ones(dtype, features));
        this.bias = param("bias", Tensor.zeros(dtype, features));
    }

    /** x (..., F) -> (..., F). */
    @Override
    public Var forward(Var x) {
        return x.layerNorm(weight, bias, eps);
    }

    public Var weight() {
        return weight;
    }

    public Var bias() {
        return bias;
    }

    public int features() {
        return features;
    }
}
