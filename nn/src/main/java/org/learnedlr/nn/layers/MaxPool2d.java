package org.learnedlr.nn.layers;

import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;

/**
 * Max pooling with a square window (PyTorch's nn.MaxPool2d without dilation or ceil mode); padding is at most half
 * the kernel and pads with -inf. No parameters.
 */
public final class MaxPool2d extends Layer {
    private final int kernel;
    private final int stride;
    private final int padding;

    /** PyTorch's default: stride = kernel, no padding. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("MaxPool2d: need kernel >= 1, stride >= 1 and 0 <= padding <= kernel/2,"
                    + " got " + kernel + ", " + stride + ", " + padding);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /** x (N, C, H, W) -> (N, C, OH, OW), OH = (H + 2 padding - kernel) / stride + 1. */
    @Override
    public Var forward(Var x) {
        return x.maxPool2d(kernel, stride, padding);
    }
}
