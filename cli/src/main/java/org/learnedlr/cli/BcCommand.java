package org.learnedlr.cli;

import java.io.IOException;
import java.nio.file.Path;
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

    @Option(names = "--quiet", description = "Print only the summary.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        List<String> names = policies == null ? BcTrainer.fourNames() : policies;
        for (String name : names) {
            if (!BcTrainer.fourNames().contains(name)) {
                throw new CliException("--policy: '" + name + "' is not one of " + BcTrainer.fourNames(), 2);
            }
        }
        List<Demonstration> all = DemoFile.readAll(demos);
        if (all.isEmpty()) {
            throw new CliException(demos + ": no demonstrations in the file (run 'learnedlr collect' first)", 2);
        }
        BcConfig config = BcConfig.defaults().withSeed(seed);
        if (epochs != null) {
            config = config.withEpochs(epochs);
        }
        PolicyConfig policyConfig = PolicyConfig.defaults(DemoDecisions.layoutOf(all.get(0).episode()));
        Map<String, BcResult> four = BcTrainer.trainSome(all, names, config, policyConfig,
                line -> {
                    if (!quiet) {
                        System.out.println(line);
                    }
                });
        String commit = PolicyIO.currentCommit();
        for (Map.Entry<String, BcResult> e : four.entrySet()) {
            Path dir = out.resolve("bc-" + e.getKey());
            BcResult r = e.getValue();
            PolicyIO.save(dir, r.saved(commit, "bc experts=" + e.getKey() + " demos=" + demos.getFileName()));
            System.out.printf(Locale.ROOT, "bc-%s: held-out action RMS error %.4f (untrained %.4f), best epoch %d -> %s%n",
                    e.getKey(), r.heldOutActionError(), r.initialHeldOutError(), r.bestEpoch(), dir);
        }
        return 0;
    }
}
