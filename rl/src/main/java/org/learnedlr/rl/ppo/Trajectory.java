package org.learnedlr.rl.ppo;

import java.util.List;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.Observation;

/**
 * One episode as PPO uses it: every decision's raw observation, the sampled action (unclipped: the environment
 * clamps it, the log-probability is of the sample), its log-probability under the policy that acted, and the reward.
 *
 * @param config              the episode's configuration (its run seed included)
 * @param samplingSeed        the seed of the action noise
 * @param observations        o_0 .. o_{n-1}
 * @param actions             a_t as sampled
 * @param logProbs            log pi_old(a_t | o_t)
 * @param rewards             r_t from the environment
 * @param terminated          whether the episode ended (budget spent or diverged) rather than being cut short
 * @param finalObservation    the observation after the last decision (for bootstrapping an episode cut short)
 * @param diverged            whether the training run diverged
 * @param traineeSteps        training steps the episode ran
 * @param finalValidationLoss the last interval's mean validation loss (NaN when diverged)
 */
public record Trajectory(EnvConfig config, long samplingSeed, List<Observation> observations, double[] actions,
                         double[] logProbs, double[] rewards, boolean terminated, Observation finalObservation,
                         boolean diverged, long traineeSteps, double finalValidationLoss) {

    public Trajectory {
        observations = List.copyOf(observations);
        int n = observations.size();
        if (actions.length != n || logProbs.length != n || rewards.length != n) {
            throw new IllegalArgumentException("Trajectory: " + n + " observations, " + actions.length + " actions, "
                    + logProbs.length + " log-probabilities and " + rewards.length + " rewards");
        }
    }

    public int length() {
        return observations.size();
    }

    /** The undiscounted sum of rewards. */
    public double episodeReturn() {
        double s = 0;
        for (double r : rewards) {
            s += r;
        }
        return s;
    }
}
