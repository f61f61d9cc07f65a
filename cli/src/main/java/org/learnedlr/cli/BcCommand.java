package org.learnedlr.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.learnedlr.rl.bc.BcConfig;
import org.learnedlr.rl.bc.BcResult;
import org.learnedlr.rl.bc.BcTrainer;
import org.learnedlr.rl.bc.DemoDecisions;
import org.learnedlr.rl.demo.DemoFile;
import org.learnedlr.rl.demo.Demonstration;
import org.learnedlr.rl.policy.PolicyConfig;
import org.learnedlr.rl.policy.PolicyIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code learnedlr bc}: behavioural cloning of the four policies from a demonstration file. */
@Command(name = "bc", mixinStandardHelpOptions = true,
        description = "Behavioural cloning: one policy per expert and one on all three, saved as policy directories.")
public final class BcCommand implements Callable<Integer> {
    @Option(names = "--demos", required = true, description = "Demonstration file written by 'collect'.")
    Path demos;

    @Option(names = "--out", required = true, description = "Directory that receives bc-<expert>/ and bc-all/.")
    Path out;

    @Option(names = "--epochs", description = "Training epochs (default: BcConfig's).")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "0", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--policy", split = ",",
            description = "Which of the four to train: linear-warmup, cosine, polynomial, all (default: the four). "
                    + "Separate processes can train different ones at once.")
    List<String> policies;

    @Option(names = "--no-absolute-globals", description = "Leave log10(eta0) and the optimizer family out of the "
            + "observations (the ablation of DESIGN.md section 3); the policy records it in its layout.")
    boolean noAbsoluteGlobals;

    @Mixin
    Output output;

    @Override
    public Integer call() throws IOException {
        List<String> names = policies == null ? BcTrainer.fourNames() : policies;
        for (String name : names) {
            if (!BcTrainer.fourNames().contains(name)) {
                throw new CliException("--policy: '" + name + "' is not one of " + BcTrainer.fourNames(), 2);
            }
        }
        List<Demonstration> all = DemoFile.readAll(demos);
        if (noAbsoluteGlobals) {
            all = all.stream().map(Demonstration::withoutAbsoluteGlobals).toList();
        }
        if (all.isEmpty()) {
            throw new CliException(demos + ": no demonstrations in the file (run 'learnedlr collect' first)", 2);
        }
        BcConfig config = BcConfig.defaults().withSeed(seed);
        if (epochs != null) {
            config = config.withEpochs(epochs);
        }
        PolicyConfig policyConfig = PolicyConfig.defaults(DemoDecisions.layoutOf(all.get(0).episode()));
        int maxEpochs = config.epochs();
        String commit = PolicyIO.currentCommit();
        List<Map<String, ?>> saved = new ArrayList<>();
        for (String name : names) {   // each saved as soon as it is trained: a kill loses only the one in training
            Progress progress = output.progress("bc-" + name, "epochs", maxEpochs, 0);
            BcResult r = BcTrainer.trainSome(all, List.of(name), config, policyConfig, e -> progress.step(e.epoch(),
                    e.line(), Map.of("policy", e.policy(), "epoch", e.epoch(), "train_mse", e.trainMse(),
                            "held_out_rmse", e.heldOutRmse()))).get(name);
            Path dir = out.resolve("bc-" + name);
            PolicyIO.save(dir, r.saved(commit, "bc experts=" + name + " demos=" + demos.getFileName()));
            output.summary(String.format(Locale.ROOT, "bc-%s: held-out action RMS error %.4f (untrained %.4f), "
                    + "best epoch %d -> %s", name, r.heldOutActionError(), r.initialHeldOutError(), r.bestEpoch(), dir));
            saved.add(Map.of("policy", "bc-" + name, "held_out_rmse", r.heldOutActionError(),
                    "untrained_rmse", r.initialHeldOutError(), "best_epoch", r.bestEpoch(), "dir", dir.toString()));
        }
        output.result(Map.of("policies", saved));
        return 0;
    }
}
