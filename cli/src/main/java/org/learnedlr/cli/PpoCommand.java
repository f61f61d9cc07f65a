package org.learnedlr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.policy.PolicyIO;
import org.learnedlr.rl.policy.SavedPolicy;
import org.learnedlr.rl.policy.TransformerAgent;
import org.learnedlr.rl.ppo.EpisodeSampler;
import org.learnedlr.rl.ppo.PpoConfig;
import org.learnedlr.rl.ppo.PpoResult;
import org.learnedlr.rl.ppo.PpoTrainer;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.tensor.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code learnedlr ppo}: PPO fine-tuning from a BC policy, checkpointed and resumable. */
@Command(name = "ppo", mixinStandardHelpOptions = true,
        description = "Fine-tune a BC policy with PPO on the training grid; resumable from --run-dir.")
public final class PpoCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "The BC policy directory to start from.")
    Path from;

    @Option(names = "--run-dir", required = true, description = "Checkpoints and log.csv (resumed if present).")
    Path runDir;

    @Option(names = "--out", required = true, description = "Where the fine-tuned policy directory is written.")
    Path out;

    @Option(names = "--iterations", defaultValue = "25", description = "PPO iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--episodes-per-iteration", defaultValue = "8",
            description = "Episodes per iteration (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--workers", defaultValue = "2", description = "Episodes at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--budget", description = "Replace every training run's budget (small demonstrations).")
    Integer budget;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws IOException {
        SavedPolicy start = PolicyIO.load(from);
        EnvConfig template = EnvConfig.learned(RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 2000, 0))
                .withActions(start.actions());
        EpisodeSampler sampler = EpisodeSampler.designGrid(template);
        if (budget != null) {
            sampler = sampler.withBudget(budget, RunConfig.DEFAULT_BATCH_SIZE);
        }
        PpoConfig config = PpoConfig.defaults().toBuilder().seed(seed).maxIterations(iterations)
                .episodesPerIteration(episodes).workers(workers).build();
        MnistSplits splits = data.load();
        TransformerAgent agent = TransformerAgent.fromPolicy(start.policy(), new Rng(seed ^ 0xC0FFEE));
        PpoResult result = new PpoTrainer(config, sampler, splits).train(agent, runDir, it -> System.out.println(it));
        TransformerAgent tuned = (TransformerAgent) result.agent();
        PolicyIO.save(out, new SavedPolicy(tuned.policy(), start.layout(), start.actions(), PolicyIO.currentCommit(),
                "ppo from " + from.getFileName() + " (" + result.iterationsDone() + " iterations, "
                        + result.traineeSteps() + " trainee steps)"));
        System.out.printf(Locale.ROOT, "PPO: %d iterations, %d trainee steps; policy written to %s%n",
                result.iterationsDone(), result.traineeSteps(), out);
        return 0;
    }
}
