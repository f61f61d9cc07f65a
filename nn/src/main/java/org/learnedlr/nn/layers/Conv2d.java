package org.learnedlr.nn.layers;

import java.util.Arrays;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;
import org.learnedlr.nn.init.Init;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;

/**
 * 2-d convolution with a square kernel, equal stride and zero padding in both spatial axes (PyTorch's nn.Conv2d
 * without groups or dilation): weight [O, C, K, K], bias [O] (optional). PyTorch's default initialisation:
 * weight U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = C K K, the same bound for the bias.
 *
 * <p>Parameters: {@code weight}, {@code bias}.
 */
public final class Conv2d extends Layer {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Var weight;
    private final Var bias;

    /** A float32 convolution with a bias. */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, Rng rng) {
        this(inChannels, outChannels, kernel, stride, padding, true, DType.FLOAT32, rng);
    }

    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, boolean bias, DType dtype,
                  Rng rng) {
        if (inChannels < 1 || outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: need inChannels, outChannels, kernel, stride >= 1 and padding"
                    + " >= 0, got " + inChannels + ", " + outChannels + ", " + kernel + ", " + stride + ", " + padding);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.weight = param("weight", Init.defaultWeight(rng, dtype, outChannels, inChannels, kernel, kernel));
        this.bias = bias
                ? param("bias", Init.defaultBias(rng, inChannels * kernel * kernel, dtype, outChannels))
                : null;
    }

    /** x (N, C, H, W) -> (N, O, OH, OW), OH = (H + 2 padding - K) / stride + 1. */
    @Override
    public Var forward(Var x) {
        if (x.dim() != 4 || x.size(1) != inChannels) {
            throw new IllegalArgumentException("Conv2d: input must be [N, " + inChannels + ", H, W], got "
                    + Arrays.toString(x.shape()));
        }
        return x.conv2d(weight, bias, stride, padding);                  // (N, O, OH, OW)
    }

    public Var weight() {
        return weight;
    }

    /** The bias, or null when the layer has none. */
    public Var bias() {
        return bias;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return padding;
    }
}
