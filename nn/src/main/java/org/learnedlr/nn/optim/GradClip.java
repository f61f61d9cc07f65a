package org.learnedlr.nn.optim;

import java.util.List;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.GradNorms;
import org.learnedlr.tensor.Tensor;

/** Gradient clipping. */
public final class GradClip {
    /** Added to the norm before dividing, as in PyTorch. */
    public static final double EPS = 1e-6;

    private GradClip() {
    }

    /**
     * PyTorch's clip_grad_norm_: with n = sqrt(sum over all gradient entries of g^2) (parameters without a gradient
     * are skipped) and c = maxNorm / (n + 1e-6), every gradient is replaced by c * g when c < 1. The gradients are
     * replaced, not modified in place, so a tensor shared elsewhere is untouched. A non-finite norm is returned as
     * it is and not an error: with n = inf the gradients are multiplied by 0 (infinite entries become NaN), with
     * n = NaN they are left as they are; either way the training run sees the divergence.
     *
     * @param maxNorm the largest allowed norm, > 0 (+inf disables clipping)
     * @return the norm before clipping
     */
    public static double clipGlobalNorm(List<Var> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGlobalNorm: maxNorm must be > 0, got " + maxNorm);
        }
        double norm = GradNorms.global(params);
        double scale = maxNorm / (norm + EPS);
        if (scale < 1) {
            try (NoGrad ignored = NoGrad.enter()) {
                for (Var p : params) {
                    Tensor g = p.grad();
                    if (g != null) {
                        p.setGrad(g.mul(scale));
                    }
                }
            }
        }
        return norm;
    }
}
