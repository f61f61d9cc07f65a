package org.learnedlr.nn.layers;

import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;

/** Merges axes {@code startDim..endDim} (inclusive, negative from the end) into one; PyTorch's nn.Flatten. */
public final class Flatten extends Layer {
    private final int startDim;
    private final int endDim;

    /** PyTorch's default: keep the batch axis, merge the rest (start 1, end -1). */
    public Flatten() {
        this(1, -1);
    }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    /** x (N, C, H, W) -> (N, C*H*W) with the defaults. */
    @Override
    public Var forward(Var x) {
        return x.flatten(startDim, endDim);
    }
}
