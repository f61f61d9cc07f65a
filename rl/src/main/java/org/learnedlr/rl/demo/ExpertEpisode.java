package org.learnedlr.rl.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.LrEnvironment;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.env.SignalHistory;
import org.learnedlr.rl.env.StepOutcome;
import org.learnedlr.rl.env.StepSignal;
import org.learnedlr.rl.run.Evaluation;
import org.learnedlr.rl.schedule.Schedule;

/**
 * Runs a hand-made schedule through the environment, expressed in the learned scheduler's action space: at each
 * decision (step s = 0, K, 2K, ...) the expert's target is its LR at step s, and the action is the one that moves the
 * current LR there as closely as the clamp and band allow. The result is piecewise constant over K, as the policy's
 * schedules are, and is what behavioural cloning imitates.
 */
public final class ExpertEpisode {
    /** The test loss recorded for a diverged run: the loss of chance, ln 10. */
    public static final double CHANCE_LOSS = Math.log(10);

    private ExpertEpisode() {
    }

    /** Runs one episode of {@code expert} and returns it as a demonstration. A pure function of its arguments. */
    public static Demonstration run(String key, String expertName, Schedule expert, EnvConfig config,
                                    MnistSplits data) {
        return run(key, expertName, expert, config, data, o -> { });
    }

    /** As {@link #run(String, String, Schedule, EnvConfig, MnistSplits)}, showing each decision's observation. */
    public static Demonstration run(String key, String expertName, Schedule expert, EnvConfig config,
                                    MnistSplits data, Consumer<Observation> observations) {
        long start = System.nanoTime();
        LrEnvironment env = new LrEnvironment(config, data);
        observations.accept(env.reset());
        double eta0 = config.run().eta0();
        List<Demonstration.Decision> decisions = new ArrayList<>();
        boolean diverged = false;
        boolean done = false;
        while (!done) {
            long step = env.run().stepsDone();
            double action = config.actions().actionToward(env.lr(), expert.lr(step), eta0);
            StepOutcome o = env.act(action);
            if (!o.done()) {
                observations.accept(o.observation());
            }
            decisions.add(new Demonstration.Decision(step, action, o.info().lr()));
            diverged = o.info().diverged();
            done = o.done();
        }
        Demonstration.Outcome outcome;
        if (diverged) {
            outcome = new Demonstration.Outcome(true, CHANCE_LOSS, 0.1, seconds(start));
        } else {
            Evaluation test = env.run().evaluateTest();
            outcome = new Demonstration.Outcome(false, test.loss(), test.accuracy(), seconds(start));
        }
        SignalHistory h = env.history();
        List<StepSignal> signals = new ArrayList<>(h.size());
        for (int t = 0; t < h.size(); t++) {
            signals.add(h.get(t));
        }
        return new Demonstration(key, expertName, EpisodeSpec.of(config), signals, decisions, outcome);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
