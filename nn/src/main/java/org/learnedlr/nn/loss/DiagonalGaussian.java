package org.learnedlr.nn.loss;

import org.learnedlr.autograd.Var;

/**
 * A Gaussian with diagonal covariance over the last axis, parameterised by its mean and log standard deviation:
 * the policy distribution of behavioural cloning and PPO. With sigma = exp(logStd) and D the size of the last axis,
 * <pre>
 *   log p(a) = sum_d [ -(a_d - mu_d)^2 / (2 sigma_d^2) - log sigma_d - log(2 pi) / 2 ]
 *   H        = sum_d [ log sigma_d + (1 + log(2 pi)) / 2 ]
 * </pre>
 * {@code logStd} broadcasts against {@code mean} (a state-independent log-std of shape (D) with a batch of means
 * (B, D) is the usual case).
 */
public final class DiagonalGaussian {
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private DiagonalGaussian() {
    }

    /**
     * Log-density of {@code action}, summed over the last axis.
     *
     * @param mean   (..., D)
     * @param logStd broadcastable to (..., D)
     * @param action (..., D)
     * @return (...)
     */
    public static Var logProb(Var mean, Var logStd, Var action) {
        Var z = action.sub(mean).div(logStd.exp());                            // (..., D)
        Var perDim = z.square().mul(-0.5).sub(logStd).sub(HALF_LOG_TWO_PI);    // (..., D)
        return perDim.sum(perDim.dim() - 1, false);                           // (...)
    }

    /**
     * Entropy, summed over the last axis.
     *
     * @param logStd (..., D)
     * @return (...)
     */
    public static Var entropy(Var logStd) {
        return logStd.add(0.5 + HALF_LOG_TWO_PI).sum(logStd.dim() - 1, false);  // (...)
    }

    /**
     * Negative log-likelihood averaged over the batch: -mean(logProb(mean, logStd, action)), the loss of
     * likelihood-based behavioural cloning.
     *
     * @return 0-d
     */
    public static Var nll(Var mean, Var logStd, Var action) {
        return logProb(mean, logStd, action).mean().neg();
    }
}
