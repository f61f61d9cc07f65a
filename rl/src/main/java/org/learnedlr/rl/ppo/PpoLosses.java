package org.learnedlr.rl.ppo;

import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.Tensor;

/**
 * The terms of PPO's loss, named as in the paper and CleanRL, and the diagnostics logged beside them. With
 * rho = exp(log pi_new(a|o) - log pi_old(a|o)) and advantages A:
 * <pre>
 *   pg_loss = mean( max(-A * rho, -A * clip(rho, 1 - eps, 1 + eps)) )
 *   v_loss  = 0.5 * mean( max((V - R)^2, (V_old + clip(V - V_old, -eps, eps) - R)^2) )     clipped
 *           = 0.5 * mean( (V - R)^2 )                                                    unclipped
 *   kl      = mean( log sigma_ref - log sigma + (sigma^2 + (mu - mu_ref)^2) / (2 sigma_ref^2) - 1/2 )
 *                                                  KL(pi_theta || pi_ref) between 1-d Gaussians, in closed form
 *   approx_kl = mean( (rho - 1) - log rho )        the k3 estimator of KL(pi_old || pi_new)
 *   clipfrac  = mean( |rho - 1| > eps )
 *   explained_variance = 1 - Var(R - V) / Var(R)
 * </pre>
 */
public final class PpoLosses {
    private PpoLosses() {
    }

    /** A constant vector in the dtype of {@code like} (the losses work in float32 and, for checks, float64). */
    static Var column(double[] v, Var like) {
        return Var.constant(Tensor.of(v, v.length).cast(like.dtype()));
    }

    /**
     * The clipped surrogate objective, as a loss.
     *
     * @param newLogProb log pi_new(a|o): (B)
     * @param oldLogProb log pi_old(a|o), B values
     * @param advantages A, B values (already normalised if wanted)
     * @return 0-d
     */
    public static Var pgLoss(Var newLogProb, double[] oldLogProb, double[] advantages, double clipCoef) {
        Var ratio = newLogProb.sub(column(oldLogProb, newLogProb)).exp();                       // (B)
        Var negAdv = column(advantages, newLogProb).neg();                                     // (B)
        Var pg1 = negAdv.mul(ratio);                                               // (B)
        Var pg2 = negAdv.mul(ratio.clamp(1 - clipCoef, 1 + clipCoef));             // (B)
        return pg1.maximum(pg2).mean();
    }

    /**
     * The value loss.
     *
     * @param newValue  V(o): (B)
     * @param oldValue  V_old(o) from the rollout's critic, B values
     * @param returns   R, B values
     * @param clipped   clip as CleanRL does
     * @return 0-d
     */
    public static Var vLoss(Var newValue, double[] oldValue, double[] returns, double clipCoef, boolean clipped) {
        Var r = column(returns, newValue);
        Var unclipped = newValue.sub(r).square();                                  // (B)
        if (!clipped) {
            return unclipped.mean().mul(0.5);
        }
        Var old = column(oldValue, newValue);
        Var vClipped = old.add(newValue.sub(old).clamp(-clipCoef, clipCoef));      // (B)
        return unclipped.maximum(vClipped.sub(r).square()).mean().mul(0.5);
    }

    /**
     * KL(pi_theta || pi_ref) between 1-d Gaussians, averaged over the batch.
     *
     * @param mean      mu: (B, 1)
     * @param logStd    log sigma: (1)
     * @param refMean   mu_ref, B values
     * @param refLogStd log sigma_ref
     * @return 0-d
     */
    public static Var klToReference(Var mean, Var logStd, double[] refMean, double refLogStd) {
        Var mu = mean.reshape(mean.numel());                                       // (B)
        Var diff2 = mu.sub(column(refMean, mean)).square();                              // (B)
        Var var = logStd.mul(2).exp();                                             // (1)
        double refVar = Math.exp(2 * refLogStd);
        Var perSample = var.add(diff2).div(2 * refVar).sub(logStd).add(refLogStd - 0.5);   // (B)
        return perSample.mean();
    }

    /** The same KL for plain numbers (tests, diagnostics). */
    public static double klGaussian(double mu, double logStd, double refMu, double refLogStd) {
        double var = Math.exp(2 * logStd);
        double refVar = Math.exp(2 * refLogStd);
        return refLogStd - logStd + (var + (mu - refMu) * (mu - refMu)) / (2 * refVar) - 0.5;
    }

    /** mean((rho - 1) - log rho) from log rho. */
    public static double approxKl(double[] logRatio) {
        double s = 0;
        for (double lr : logRatio) {
            s += Math.expm1(lr) - lr;
        }
        return logRatio.length == 0 ? 0 : s / logRatio.length;
    }

    /** The fraction of ratios outside [1 - eps, 1 + eps], from log rho. */
    public static double clipFraction(double[] logRatio, double clipCoef) {
        int n = 0;
        for (double lr : logRatio) {
            if (Math.abs(Math.exp(lr) - 1) > clipCoef) {
                n++;
            }
        }
        return logRatio.length == 0 ? 0 : (double) n / logRatio.length;
    }

    /** 1 - Var(y - yhat) / Var(y); NaN when Var(y) is 0. */
    public static double explainedVariance(double[] predicted, double[] actual) {
        double vy = variance(actual);
        if (vy == 0) {
            return Double.NaN;
        }
        double[] diff = new double[actual.length];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = actual[i] - predicted[i];
        }
        return 1 - variance(diff) / vy;
    }

    /**
     * (A - mean) / (std + 1e-8) with the sample standard deviation (Bessel-corrected), as CleanRL's
     * {@code advantages.std()} on a torch tensor; a single value normalises to 0.
     */
    public static double[] normalize(double[] a) {
        double mean = 0;
        for (double v : a) {
            mean += v;
        }
        mean /= a.length;
        double sq = 0;
        for (double v : a) {
            sq += (v - mean) * (v - mean);
        }
        double std = a.length > 1 ? Math.sqrt(sq / (a.length - 1)) : 0;
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] - mean) / (std + 1e-8);
        }
        return out;
    }

    static double variance(double[] a) {
        double mean = 0;
        for (double v : a) {
            mean += v;
        }
        mean /= a.length;
        double sq = 0;
        for (double v : a) {
            sq += (v - mean) * (v - mean);
        }
        return sq / a.length;
    }
}
