package org.learnedlr.rl.demo;

import org.learnedlr.rl.env.ActionSpace;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.Formulation;
import org.learnedlr.rl.env.RewardConfig;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;

/**
 * The settings of a stored episode, flat, so that a file is self-describing and an {@link EnvConfig} can be rebuilt
 * from it.
 */
public record EpisodeSpec(String trainee, String optimizer, double eta0, int steps, int batchSize,
                          int validationBatchSize, long seed, int decisionInterval, int validationInterval,
                          int window, int patchSize, int buckets, boolean absoluteGlobals, double maxLogChange,
                          double bandLow, double bandHigh) {

    public static EpisodeSpec of(EnvConfig c) {
        RunConfig r = c.run();
        return new EpisodeSpec(r.trainee().id(), r.optimizer().id(), r.eta0(), r.steps(), r.batchSize(),
                r.validationBatchSize(), r.seed(), c.effectiveDecisionInterval(), c.validationInterval(), c.window(),
                c.patchSize(), c.buckets(), c.absoluteGlobals(), c.actions().maxLogChange(), c.actions().bandLow(),
                c.actions().bandHigh());
    }

    /** The environment configuration this episode ran with (the reward is not stored: it is recomputable). */
    public EnvConfig toEnvConfig() {
        RunConfig r = new RunConfig(Trainee.parse(trainee), OptimizerFamily.parse(optimizer), eta0, steps, batchSize,
                validationBatchSize, seed);
        return new EnvConfig(r, Formulation.LEARNED, decisionInterval, validationInterval, window, patchSize, buckets,
                absoluteGlobals, new ActionSpace(maxLogChange, bandLow, bandHigh), RewardConfig.DEFAULT);
    }

    /** The same episode seen with or without the absolute globals (log10 eta0, the optimizer family). */
    public EpisodeSpec withAbsoluteGlobals(boolean on) {
        return new EpisodeSpec(trainee, optimizer, eta0, steps, batchSize, validationBatchSize, seed, decisionInterval,
                validationInterval, window, patchSize, buckets, on, maxLogChange, bandLow, bandHigh);
    }

    public OptimizerFamily optimizerFamily() {
        return OptimizerFamily.parse(optimizer);
    }
}
