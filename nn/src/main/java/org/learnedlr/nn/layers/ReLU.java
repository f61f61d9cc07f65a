package org.learnedlr.nn.layers;

import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;

/** max(x, 0) elementwise (PyTorch's nn.ReLU). No parameters. */
public final class ReLU extends Layer {
    /** x (...) -> (...). */
    @Override
    public Var forward(Var x) {
        return x.relu();
    }
}
