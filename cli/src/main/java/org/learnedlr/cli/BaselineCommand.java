package org.learnedlr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.baseline.MlpAgent;
import org.learnedlr.rl.baseline.SubramanianBaseline;
import org.learnedlr.rl.bc.BcTrainer;
import org.learnedlr.rl.demo.DemoFile;
import org.learnedlr.rl.policy.PolicyIO;
import org.learnedlr.rl.ppo.EpisodeSampler;
import org.learnedlr.rl.ppo.PpoCheckpoint;
import org.learnedlr.rl.ppo.PpoConfig;
import org.learnedlr.rl.ppo.PpoResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code learnedlr baseline}: the Subramanian et al. 2023 baseline, PPO from a random policy on a step budget. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Train the Subramanian et al. 2023 baseline (PPO from scratch) on a trainee-step budget.")
public final class BaselineCommand implements Callable<Integer> {
    @Option(names = "--trainee-steps",
            description = "Trainee steps to spend (match one BC+PPO policy's demonstrations plus PPO episodes).")
    Long traineeSteps;

    @Option(names = "--match-demos", description = "Match a BC+PPO policy: the demonstration file it was cloned from "
            + "(with --match-ppo; the budget is their trainee steps together).")
    Path matchDemos;

    @Option(names = "--match-expert", defaultValue = "all",
            description = "With --match-demos: the expert whose demonstrations the BC policy was cloned from "
                    + "(linear-warmup, cosine, polynomial, or all; default: ${DEFAULT-VALUE}).")
    String matchExpert;

    @Option(names = "--match-ppo", description = "Match a BC+PPO policy: its PPO run directory (with --match-demos).")
    Path matchPpo;

    @Option(names = "--out", required = true, description = "File the trained actor is written to (.safetensors).")
    Path out;

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
        long steps = budget();
        EpisodeSampler sampler = run.budgeted(SubramanianBaseline.designGrid());
        RunManifest.claim(run.runDir, spec, Set.of("--out", "--trainee-steps", "--match-demos", "--match-expert", "--match-ppo"));
        MnistSplits splits = data.load();
        PpoConfig config = PpoConfig.subramanian().toBuilder().seed(run.seed).build();
        PpoResult r = SubramanianBaseline.train(config, steps, sampler, splits, run.runDir,
                PpoCommand.progressOf(output.progress("baseline", "trainee steps", steps, 0), true));
        ((MlpAgent) r.agent()).save(out, PolicyIO.currentCommit(), "subramanian baseline, " + r.traineeSteps()
                + " trainee steps");
        output.summary(String.format(Locale.ROOT, "baseline: %d iterations, %d trainee steps; actor written to %s",
                r.iterationsDone(), r.traineeSteps(), out));
        output.result(Map.of("iterations", r.iterationsDone(), "trainee_steps", r.traineeSteps(),
                "actor", out.toString()));
        return 0;
    }

    /** --trainee-steps, or the matched budget of --match-demos and --match-ppo. */
    private long budget() throws IOException {
        boolean matching = matchDemos != null || matchPpo != null;
        if (matching == (traineeSteps != null)) {
            throw new CliException("give either --trainee-steps or both --match-demos and --match-ppo", 2);
        }
        if (!matching) {
            return traineeSteps;
        }
        if (matchDemos == null || matchPpo == null) {
            throw new CliException("--match-demos and --match-ppo go together", 2);
        }
        Path checkpoint = matchPpo.resolve(PpoCheckpoint.FILE);
        if (!Files.isRegularFile(checkpoint)) {
            throw new CliException("--match-ppo: no " + PpoCheckpoint.FILE + " in " + matchPpo, 2);
        }
        if (!BcTrainer.fourNames().contains(matchExpert)) {
            throw new CliException("--match-expert: '" + matchExpert + "' is not one of " + BcTrainer.fourNames(), 2);
        }
        List<String> experts = matchExpert.equals(BcTrainer.ALL) ? List.of() : List.of(matchExpert);
        long demoSteps = SubramanianBaseline.matchedBudget(BcTrainer.filter(DemoFile.readAll(matchDemos), experts), 0);
        long ppoSteps = PpoCheckpoint.traineeSteps(checkpoint);
        output.summary(String.format(Locale.ROOT, "matched budget: %d demonstration steps + %d PPO steps = %d trainee "
                + "steps", demoSteps, ppoSteps, demoSteps + ppoSteps));
        return demoSteps + ppoSteps;
    }
}
