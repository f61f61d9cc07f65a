package org.learnedlr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.baseline.MlpAgent;
import org.learnedlr.rl.baseline.SubramanianBaseline;
import org.learnedlr.rl.policy.PolicyIO;
import org.learnedlr.rl.ppo.EpisodeSampler;
import org.learnedlr.rl.ppo.PpoConfig;
import org.learnedlr.rl.ppo.PpoResult;
import org.learnedlr.rl.run.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code learnedlr baseline}: the Subramanian et al. 2023 baseline, PPO from a random policy on a step budget. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Train the Subramanian et al. 2023 baseline (PPO from scratch) on a trainee-step budget.")
public final class BaselineCommand implements Callable<Integer> {
    @Option(names = "--trainee-steps", required = true,
            description = "Trainee steps to spend (match one BC+PPO policy's demonstrations plus PPO episodes).")
    long traineeSteps;

    @Option(names = "--run-dir", required = true, description = "Checkpoints and log.csv (resumed if present).")
    Path runDir;

    @Option(names = "--out", required = true, description = "File the trained actor is written to (.safetensors).")
    Path out;

    @Option(names = "--budget", description = "Replace every training run's budget (small demonstrations).")
    Integer budget;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws IOException {
        EpisodeSampler sampler = SubramanianBaseline.designGrid();
        if (budget != null) {
            sampler = sampler.withBudget(budget, RunConfig.DEFAULT_BATCH_SIZE);
        }
        MnistSplits splits = data.load();
        PpoConfig config = PpoConfig.subramanian().toBuilder().seed(seed).build();
        PpoResult r = SubramanianBaseline.train(config, traineeSteps, sampler, splits, runDir,
                it -> System.out.println(it));
        ((MlpAgent) r.agent()).save(out, PolicyIO.currentCommit(), "subramanian baseline, " + r.traineeSteps()
                + " trainee steps");
        System.out.printf(Locale.ROOT, "baseline: %d iterations, %d trainee steps; actor written to %s%n",
                r.iterationsDone(), r.traineeSteps(), out);
        return 0;
    }
}
