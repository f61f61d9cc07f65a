package org.learnedlr.nn.layers;

import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;
import org.learnedlr.nn.init.Init;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;

/**
 * y = x W^T + b over the last axis (PyTorch's nn.Linear): weight [out, in], bias [out] (optional). Any number of
 * leading axes is allowed. Initialised as PyTorch does: weight U(-1/sqrt(in), 1/sqrt(in)) (kaiming_uniform with
 * a = sqrt(5)), bias U(-1/sqrt(in), 1/sqrt(in)).
 *
 * <p>Parameters: {@code weight}, {@code bias}.
 */
public final class Linear extends Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Var weight;
    private final Var bias;

    /** A float32 layer with a bias. */
    public Linear(int inFeatures, int outFeatures, Rng rng) {
        this(inFeatures, outFeatures, true, DType.FLOAT32, rng);
    }

    public Linear(int inFeatures, int outFeatures, boolean bias, DType dtype, Rng rng) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("Linear: inFeatures and outFeatures must be >= 1, got " + inFeatures
                    + " and " + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = param("weight", Init.defaultWeight(rng, dtype, outFeatures, inFeatures));
        this.bias = bias ? param("bias", Init.defaultBias(rng, inFeatures, dtype, outFeatures)) : null;
    }

    /** x (..., in) -> (..., out). */
    @Override
    public Var forward(Var x) {
        int[] s = x.shape();
        if (s.length == 0 || s[s.length - 1] != inFeatures) {
            throw new IllegalArgumentException("Linear: input's last axis must be " + inFeatures + ", got shape "
                    + java.util.Arrays.toString(s));
        }
        Var flat = s.length == 2 ? x : x.reshape(-1, inFeatures);        // (N, in)
        Var y = flat.matmul(weight.transpose(0, 1));                      // (N, out)
        if (bias != null) {
            y = y.add(bias);                                              // (N, out)
        }
        if (s.length == 2) {
            return y;
        }
        int[] outShape = s.clone();
        outShape[s.length - 1] = outFeatures;
        return y.reshape(outShape);                                       // (..., out)
    }

    public Var weight() {
        return weight;
    }

    /** The bias, or null when the layer has none. */
    public Var bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }
}
