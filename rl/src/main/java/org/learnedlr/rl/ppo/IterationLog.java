package org.learnedlr.rl.ppo;

import java.util.Locale;

/**
 * The diagnostics of one PPO iteration (CleanRL's logged scalars and a few of this problem's own).
 *
 * @param iteration           the iteration, from 0
 * @param episodes            episodes collected
 * @param decisions           decisions (PPO samples) collected
 * @param traineeSteps        trainee steps spent so far in all, this iteration included
 * @param meanReturn          mean undiscounted episode return (raw rewards)
 * @param divergedFraction    fraction of episodes whose training run diverged
 * @param meanValidationLoss  mean last-interval validation loss of the episodes that did not diverge (NaN if none)
 * @param pgLoss              mean clipped-surrogate loss over the minibatches (NaN while the actor is frozen)
 * @param vLoss               mean value loss over the minibatches
 * @param entropy             the policy's entropy
 * @param kl                  mean KL(pi_theta || pi_ref) to the frozen starting policy over the minibatches
 * @param approxKl            mean k3 estimate of KL(pi_old || pi_new) over the last epoch's minibatches
 * @param clipFrac            fraction of samples whose ratio left [1 - eps, 1 + eps], over all minibatches
 * @param explainedVariance   1 - Var(R - V_old) / Var(R) over the iteration's samples
 * @param epochs              update epochs run (fewer than configured when target_kl stopped them)
 * @param actorLr             the actor's learning rate this iteration (0 during the critic warm-up)
 * @param klCoef              the KL coefficient this iteration
 * @param logStd              the policy's log-std after the update
 * @param rolloutSeconds      wall time of the rollouts
 * @param updateSeconds       wall time of the update
 * @param validationLoss      mean validation-split loss of deterministic episodes on the validation seeds (NaN when
 *                            not measured this iteration)
 */
public record IterationLog(int iteration, int episodes, int decisions, long traineeSteps, double meanReturn,
                           double divergedFraction, double meanValidationLoss, double pgLoss, double vLoss,
                           double entropy, double kl, double approxKl, double clipFrac, double explainedVariance,
                           int epochs, double actorLr, double klCoef, double logStd, double rolloutSeconds,
                           double updateSeconds, double validationLoss) {

    public static final String HEADER = "iteration,episodes,decisions,trainee_steps,mean_return,diverged_fraction,"
            + "mean_validation_loss,pg_loss,v_loss,entropy,kl,approx_kl,clipfrac,explained_variance,epochs,actor_lr,"
            + "kl_coef,log_std,rollout_seconds,update_seconds,validation_loss";

    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%d,%d,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%d,%s,%s,%s,%.3f,%.3f,%s",
                iteration, episodes, decisions, traineeSteps, meanReturn, divergedFraction, meanValidationLoss,
                pgLoss, vLoss, entropy, kl, approxKl, clipFrac, explainedVariance, epochs, actorLr, klCoef, logStd,
                rolloutSeconds, updateSeconds, validationLoss);
    }

    /** One human-readable line. */
    public String summary() {
        return String.format(Locale.ROOT, "iter %d: %d episodes (%d decisions, %.1f%% diverged), return %.4f, "
                        + "pg_loss %.4f, v_loss %.4f, entropy %.3f, kl %.5f, approx_kl %.5f, clipfrac %.3f, "
                        + "explained_var %.3f, epochs %d, actor_lr %.2e, log_std %.3f, %.1fs + %.1fs%s",
                iteration, episodes, decisions, 100 * divergedFraction, meanReturn, pgLoss, vLoss, entropy, kl,
                approxKl, clipFrac, explainedVariance, epochs, actorLr, logStd, rolloutSeconds, updateSeconds,
                Double.isNaN(validationLoss) ? "" : String.format(Locale.ROOT, ", validation loss %.4f",
                        validationLoss));
    }
}
