package org.learnedlr.cli;

import java.nio.file.Path;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.ppo.EpisodeSampler;
import org.learnedlr.rl.run.RunConfig;
import picocli.CommandLine.Option;

/** What the PPO-trained commands ({@code ppo}, {@code baseline}) share: the run directory, a budget, the seed. */
public final class PpoRunOptions {
    @Option(names = "--run-dir", required = true,
            description = "Checkpoints, log.csv and run.json (resumed if present).")
    Path runDir;

    @Option(names = "--budget", description = "Replace every training run's budget (small demonstrations).")
    Integer budget;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** {@code sampler} with every run's budget replaced when --budget is given (and the default batch size). */
    EpisodeSampler budgeted(EpisodeSampler sampler) {
        return budget == null ? sampler : sampler.withBudget(budget, RunConfig.DEFAULT_BATCH_SIZE);
    }

    /** {@code env} with its run's budget replaced when --budget is given, as {@link #budgeted} does. */
    EnvConfig budgeted(EnvConfig env) {
        return budget == null ? env
                : env.withRun(env.run().withSteps(budget).withBatchSize(RunConfig.DEFAULT_BATCH_SIZE));
    }
}
