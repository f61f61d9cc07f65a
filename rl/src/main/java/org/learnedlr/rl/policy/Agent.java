package org.learnedlr.rl.policy;

import java.util.List;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Module;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.tensor.Rng;

/**
 * An actor-critic pair as PPO sees it: a 1-d Gaussian policy with a state-independent log-std, and a value
 * function. Implemented by the transformer pair ({@link TransformerAgent}) and by the Subramanian baseline's
 * 64-64 tanh MLP pair, so one PPO serves both.
 *
 * <p>Observations are given raw, as the environment produces them; an agent that normalises them (the baseline's
 * running mean and variance) does so inside its forward passes, with statistics that change only through
 * {@link #updateObservationStatistics}.
 */
public interface Agent {

    /** Mean of the action distribution: (B, 1). */
    Var actionMean(List<Observation> observations);

    /** The state-independent log standard deviation: (1). */
    Var logStd();

    /** Value estimates: (B). */
    Var value(List<Observation> observations);

    /** The actor's module (its parameters, the log-std included, and any normalisation statistics). */
    Module actor();

    /** The critic's module. */
    Module critic();

    /** An independent deep copy: the same architecture, weights, log-std and statistics. */
    Agent copy();

    /** Sets the log-std (for the start of PPO from a behavioural-cloning policy). */
    void setLogStd(double value);

    /** What the environment receives for a sampled action (the identity unless the action is rescaled). */
    default double toEnvAction(double action) {
        return action;
    }

    /** Folds raw observations into running normalisation statistics; a no-op for agents without them. */
    default void updateObservationStatistics(List<Observation> raw) {
    }

    /** A short name of the architecture, recorded in checkpoints ("transformer", "mlp"). */
    String kind();

    /** The mean action for one observation: the deterministic policy of evaluation. */
    default double meanAction(Observation observation) {
        try (NoGrad ignored = NoGrad.enter()) {
            return actionMean(List.of(observation)).item();
        }
    }

    /**
     * Samples an action for one observation: a = mu + sigma * eps with eps ~ N(0, 1) drawn from {@code rng}, and
     * its log-density log N(a; mu, sigma^2) = -(a - mu)^2 / (2 sigma^2) - log sigma - log(2 pi) / 2.
     */
    default Sample sample(Observation observation, Rng rng) {
        double mu;
        double logStd;
        try (NoGrad ignored = NoGrad.enter()) {
            mu = actionMean(List.of(observation)).item();
            logStd = logStd().item();
        }
        double eps = rng.nextGaussian();
        double a = mu + Math.exp(logStd) * eps;
        return new Sample(a, mu, logStd, gaussianLogProb(a, mu, logStd));
    }

    /** log N(a; mu, exp(logStd)^2), in double precision. */
    static double gaussianLogProb(double a, double mu, double logStd) {
        double z = (a - mu) / Math.exp(logStd);
        return -0.5 * z * z - logStd - 0.5 * Math.log(2 * Math.PI);
    }

    /**
     * One sampled action.
     *
     * @param action  the sample, unclipped (what PPO's log-probabilities are of)
     * @param mean    the distribution's mean
     * @param logStd  its log standard deviation
     * @param logProb the sample's log-density
     */
    record Sample(double action, double mean, double logStd, double logProb) {
    }
}
