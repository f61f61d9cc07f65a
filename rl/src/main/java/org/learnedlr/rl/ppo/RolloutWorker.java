package org.learnedlr.rl.ppo;

import java.util.ArrayList;
import java.util.List;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.LrEnvironment;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.env.StepOutcome;
import org.learnedlr.rl.policy.Agent;
import org.learnedlr.rl.run.Evaluation;
import org.learnedlr.tensor.Rng;

/**
 * Runs whole episodes. Each is a pure function of (the agent's weights, the episode's configuration, a seed): the
 * agent given is read, never changed, and nothing is shared between episodes, so they run on threads here and
 * could run as tasks of a distributed engine unchanged. Callers give each thread its own agent copy.
 */
public final class RolloutWorker {
    private RolloutWorker() {
    }

    /**
     * One episode of the stochastic policy: at every decision a ~ N(mu(o), sigma^2) drawn from {@code Rng(seed)},
     * the environment receives {@link Agent#toEnvAction}(a).
     */
    public static Trajectory sample(Agent agent, EnvConfig config, long seed, MnistSplits data) {
        agent.actor().train(false);
        Rng rng = new Rng(seed);
        LrEnvironment env = new LrEnvironment(config, data);
        Observation o = env.reset();
        List<Observation> obs = new ArrayList<>();
        List<Double> actions = new ArrayList<>();
        List<Double> logProbs = new ArrayList<>();
        List<Double> rewards = new ArrayList<>();
        StepOutcome out;
        do {
            Agent.Sample s = agent.sample(o, rng);
            out = env.act(agent.toEnvAction(s.action()));
            obs.add(o);
            actions.add(s.action());
            logProbs.add(s.logProb());
            rewards.add(out.reward());
            o = out.observation();
        } while (!out.done());
        boolean diverged = out.info().diverged();
        return new Trajectory(config, seed, obs, unbox(actions), unbox(logProbs), unbox(rewards), true, o, diverged,
                env.run().stepsDone(), diverged ? Double.NaN : out.info().meanValidationLoss());
    }

    /** What a deterministic (mean-action) episode achieved, for validation and monitoring. */
    public record Outcome(boolean diverged, double validationLoss, double episodeReturn, long traineeSteps) {
    }

    /**
     * One episode of the deterministic policy (the mean action at every decision); the loss is over the whole
     * validation split at the end, or ln 10 (chance) when the run diverged.
     */
    public static Outcome evaluate(Agent agent, EnvConfig config, MnistSplits data) {
        agent.actor().train(false);
        LrEnvironment env = new LrEnvironment(config, data);
        Observation o = env.reset();
        double ret = 0;
        StepOutcome out;
        do {
            out = env.act(agent.toEnvAction(agent.meanAction(o)));
            ret += out.reward();
            o = out.observation();
        } while (!out.done());
        if (out.info().diverged()) {
            return new Outcome(true, Math.log(10), ret, env.run().stepsDone());
        }
        Evaluation v = env.run().evaluate(data.validation());
        return new Outcome(false, Double.isFinite(v.loss()) ? v.loss() : Math.log(10), ret, env.run().stepsDone());
    }

    private static double[] unbox(List<Double> xs) {
        double[] out = new double[xs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = xs.get(i);
        }
        return out;
    }
}
