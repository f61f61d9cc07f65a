package org.learnedlr.tensor;

/**
 * Hyper-parameters of one SGD update, as PyTorch's torch.optim.SGD defines it:
 * <pre>
 *   g = grad + weightDecay * p
 *   buf = firstStep ? g : momentum * buf + (1 - dampening) * g      (when momentum != 0)
 *   d = nesterov ? g + momentum * buf : buf                          (d = g when momentum == 0)
 *   p = p - lr * d
 * </pre>
 */
public record SgdStep(double lr, double momentum, double dampening, double weightDecay, boolean nesterov,
                      boolean firstStep) {
    public SgdStep {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("SGD: lr must be finite and >= 0, got " + lr);
        }
        if (!(momentum >= 0)) {
            throw new IllegalArgumentException("SGD: momentum must be >= 0, got " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("SGD: weightDecay must be >= 0, got " + weightDecay);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum requires momentum > 0 and dampening = 0");
        }
    }
}
