package org.learnedlr.tensor;

/**
 * Hyper-parameters of one Adam update at step {@code step} (counted from 1), as PyTorch's Adam and AdamW define it:
 * <pre>
 *   g = grad + weightDecay * p            (Adam, coupled decay)      or   p = p * (1 - lr * weightDecay)  (AdamW)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p - lr * (m / (1 - beta1^step)) / (sqrt(v / (1 - beta2^step)) + eps)
 * </pre>
 */
public record AdamStep(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled,
                       long step) {
    public AdamStep {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("Adam: lr must be finite and >= 0, got " + lr);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("Adam: beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam: beta2 must be in [0, 1), got " + beta2);
        }
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("Adam: eps must be >= 0, got " + eps);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam: weightDecay must be >= 0, got " + weightDecay);
        }
        if (step < 1) {
            throw new IllegalArgumentException("Adam: step is counted from 1, got " + step);
        }
    }
}
