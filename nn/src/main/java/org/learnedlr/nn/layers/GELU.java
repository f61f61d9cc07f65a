package org.learnedlr.nn.layers;

import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;

/**
 * GELU in its tanh form, 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))): PyTorch's
 * {@code nn.GELU(approximate='tanh')}. PyTorch's default (the exact erf form) differs from it by at most about
 * 5e-4; the tensor library has no erf primitive. No parameters.
 */
public final class GELU extends Layer {
    /** x (...) -> (...). */
    @Override
    public Var forward(Var x) {
        return x.gelu();
    }
}
