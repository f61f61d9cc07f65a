package org.learnedlr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.RewardConfig;
import org.learnedlr.rl.policy.PolicyIO;
import org.learnedlr.rl.policy.SavedPolicy;
import org.learnedlr.rl.policy.TransformerAgent;
import org.learnedlr.rl.ppo.EpisodeSampler;
import org.learnedlr.rl.ppo.IterationLog;
import org.learnedlr.rl.ppo.PpoConfig;
import org.learnedlr.rl.ppo.PpoResult;
import org.learnedlr.rl.ppo.PpoTrainer;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.tensor.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code learnedlr ppo}: PPO fine-tuning from a BC policy, checkpointed and resumable. */
@Command(name = "ppo", mixinStandardHelpOptions = true,
        description = "Fine-tune a BC policy with PPO on the training grid; resumable from --run-dir.")
public final class PpoCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "The BC policy directory to start from.")
    Path from;

    @Option(names = "--out", required = true, description = "Where the fine-tuned policy directory is written.")
    Path out;

    @Option(names = "--iterations", defaultValue = "25", description = "PPO iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--episodes-per-iteration", defaultValue = "8",
            description = "Episodes per iteration (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--workers", defaultValue = "2", description = "Episodes at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--validate-every", defaultValue = "5",
            description = "Run the validation episodes (seeds 1000-1001; SGD 0.1, SGD 1.0, Adam 1e-3) every N "
                    + "iterations and log their mean validation loss; 0 = never (default: ${DEFAULT-VALUE}).")
    int validateEvery;

    @Option(names = "--smoothness", description = "Reward: weight c_s of the smoothness term (default: RewardConfig's).")
    Double smoothness;

    @Option(names = "--generalisation",
            description = "Reward: weight c_g of the generalisation term (default: RewardConfig's).")
    Double generalisation;

    @Option(names = "--penalty", description = "Reward: the divergence penalty, negative (default: RewardConfig's).")
    Double penalty;

    @Option(names = "--actor-lr", description = "The actor's Adam learning rate (default: PpoConfig's, 1e-5).")
    Double actorLr;

    @Option(names = "--kl-coef", description = "Coefficient of the KL term to the starting BC policy (default: "
            + "PpoConfig's, 0.2, decaying by 0.99 per iteration).")
    Double klCoef;

    @Mixin
    PpoRunOptions run;

    @Spec
    CommandSpec spec;

    @Mixin
    Output output;

    @Mixin
    DataOptions data;

    @Override
    public Integer call() throws IOException {
        RewardConfig reward = reward();
        if (validateEvery < 0) {
            throw new CliException("--validate-every: must be >= 0, got " + validateEvery, 2);
        }
        PpoConfig.Builder builder = PpoConfig.defaults().toBuilder().seed(run.seed).maxIterations(iterations)
                .episodesPerIteration(episodes).workers(workers).validateEvery(validateEvery);
        if (actorLr != null) {
            builder.actorLr(actorLr);
        }
        if (klCoef != null) {
            builder.klCoef(klCoef);
        }
        PpoConfig config;
        try {
            config = builder.build();
        } catch (IllegalArgumentException e) {
            throw new CliException("--actor-lr/--kl-coef: " + e.getMessage(), 2);
        }
        SavedPolicy start = PolicyIO.load(from);
        EnvConfig template = EnvConfig.learned(RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 2000, 0))
                .withActions(start.actions()).withReward(reward);
        EpisodeSampler sampler = run.budgeted(EpisodeSampler.designGrid(template));
        List<EnvConfig> validation = PpoTrainer.monitoringEpisodes(template).stream().map(run::budgeted).toList();
        RunManifest.claim(run.runDir, spec, Set.of("--iterations", "--workers", "--out", "--validate-every"));
        MnistSplits splits = data.load();
        TransformerAgent agent = TransformerAgent.fromPolicy(start.policy(), new Rng(run.seed ^ 0xC0FFEE));
        PpoResult result = new PpoTrainer(config, sampler, splits, validation)
                .train(agent, run.runDir, progressOf(output.progress("ppo", "iterations", iterations, 0), false));
        TransformerAgent tuned = (TransformerAgent) result.agent();
        PolicyIO.save(out, new SavedPolicy(tuned.policy(), start.layout(), start.actions(), PolicyIO.currentCommit(),
                "ppo from " + from.getFileName() + " (" + result.iterationsDone() + " iterations, "
                        + result.traineeSteps() + " trainee steps)"));
        output.summary(String.format(Locale.ROOT, "PPO: %d iterations, %d trainee steps; policy written to %s",
                result.iterationsDone(), result.traineeSteps(), out));
        output.result(Map.of("iterations", result.iterationsDone(), "trainee_steps", result.traineeSteps(),
                "policy", out.toString()));
        return 0;
    }

    /**
     * Each finished iteration as a progress step, counted in iterations or (for a budget of trainee steps, as the
     * baseline has) in trainee steps; shared with the baseline, which is the same PPO loop.
     */
    static Consumer<IterationLog> progressOf(Progress progress,
                                                                                   boolean inTraineeSteps) {
        return it -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("iteration", it.iteration());
            f.put("trainee_steps", it.traineeSteps());
            f.put("mean_return", it.meanReturn());
            f.put("diverged_fraction", it.divergedFraction());
            f.put("kl", it.kl());
            f.put("explained_variance", it.explainedVariance());
            f.put("validation_loss", it.validationLoss());
            progress.step(inTraineeSteps ? it.traineeSteps() : it.iteration() + 1, it.summary(), f);
        };
    }

    private RewardConfig reward() {
        RewardConfig r = RewardConfig.DEFAULT;
        try {
            if (smoothness != null) {
                r = r.withSmoothness(smoothness);
            }
            if (generalisation != null) {
                r = r.withGeneralisation(generalisation);
            }
            if (penalty != null) {
                r = r.withPenalty(penalty);
            }
        } catch (IllegalArgumentException e) {
            throw new CliException("reward: " + e.getMessage(), 2);
        }
        return r;
    }
}
