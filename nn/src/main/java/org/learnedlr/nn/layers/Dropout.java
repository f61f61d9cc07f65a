package org.learnedlr.nn.layers;

import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * Inverted dropout (PyTorch's nn.Dropout): in train mode each element is kept with probability 1 - p and scaled by
 * 1 / (1 - p), else zeroed (p = 1 zeroes everything); in eval mode, and for p = 0, the identity. The masks come from
 * the generator given at construction, one uniform draw per element in row-major order, so a seed fixes them.
 * No parameters.
 */
public final class Dropout extends Layer {
    private final double p;
    private final Rng rng;

    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    /** x (...) -> (...). */
    @Override
    public Var forward(Var x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        Tensor u = Tensor.uniform(x.value().backend(), rng, 0.0, 1.0, x.dtype(), x.shape());
        Tensor mask = p == 1 ? u.mul(0.0) : u.lt(1 - p).mul(1 / (1 - p));   // keep where u < 1 - p
        return x.mul(Var.constant(mask));
    }

    public double p() {
        return p;
    }
}
