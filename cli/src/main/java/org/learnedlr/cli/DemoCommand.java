package org.learnedlr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.learnedlr.cli.report.Report;
import org.learnedlr.cli.report.RunDirectory;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.LearnedScheduler;
import org.learnedlr.rl.bc.BcConfig;
import org.learnedlr.rl.bc.BcResult;
import org.learnedlr.rl.bc.BcTrainer;
import org.learnedlr.rl.bc.DemoDecisions;
import org.learnedlr.rl.demo.DemoCollector;
import org.learnedlr.rl.demo.DemoFile;
import org.learnedlr.rl.demo.DemoGrid;
import org.learnedlr.rl.demo.Demonstration;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.eval.EvalSetting;
import org.learnedlr.rl.eval.EvalSuite;
import org.learnedlr.rl.eval.Method;
import org.learnedlr.rl.eval.PolicyController;
import org.learnedlr.rl.policy.PolicyConfig;
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
import org.learnedlr.rl.schedule.Catalog;
import org.learnedlr.rl.schedule.Experts;
import org.learnedlr.tensor.Rng;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code learnedlr demo}: the whole pipeline once, at a small scale, ending in the report. Collect expert
 * demonstrations, clone the four BC policies, fine-tune one with a short PPO run, judge them (and the shipped
 * policy, when the build carries one) against every hand-made schedule on a small held-out grid, and write the
 * report. Every stage writes into the output directory and is skipped or resumed when run again.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the pipeline once at a small scale (collect, BC, a short PPO, evaluate) and write the report.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/demo", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--steps", defaultValue = "300", description = "Budget of every training run (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--bc-epochs", defaultValue = "5", description = "BC epochs (default: ${DEFAULT-VALUE}).")
    int bcEpochs;

    @Option(names = "--ppo-iterations", defaultValue = "2", description = "PPO iterations (default: ${DEFAULT-VALUE}).")
    int ppoIterations;

    @Option(names = "--seeds", split = ",", defaultValue = "2000,2001",
            description = "Held-out seeds for judging (default: ${DEFAULT-VALUE}).")
    long[] seeds;

    @Option(names = "--workers", defaultValue = "2", description = "Episodes at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Mixin
    DataOptions data;

    @Spec
    CommandSpec spec;

    @Mixin
    Output output;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws IOException {
        System.setProperty("java.awt.headless", "true");
        long start = System.nanoTime();
        backendOptions.apply();
        RunManifest.claim(out, spec, Set.of("--workers", "--out"));   // --out is the run directory
        MnistSplits splits = data.load();

        stage(1, "collecting expert demonstrations");
        Path demos = out.resolve("demos.bin");
        List<DemoGrid.Entry> grid = DemoGrid.grid(Experts.NAMES, new int[]{steps}, new long[]{0});
        long collected = Files.exists(demos) ? DemoFile.readAll(demos).size() : 0;
        Progress collecting = output.progress("collect", "episodes", grid.size(), collected);
        long[] episodes = {collected};
        new DemoCollector(splits, workers).collect(demos, grid, d -> collecting.step(++episodes[0],
                String.format(Locale.ROOT, "%s: test accuracy %.2f%%%s", d.key(), 100 * d.outcome().testAccuracy(),
                        d.outcome().diverged() ? " (diverged)" : ""), Map.of("episode", d.key())));
        List<Demonstration> all = DemoFile.readAll(demos);

        stage(2, "behavioural cloning: one policy per expert and one on all three");
        Path policies = out.resolve("policies");
        PolicyConfig policyConfig = PolicyConfig.defaults(DemoDecisions.layoutOf(all.get(0).episode()));
        if (!Files.exists(policies.resolve("bc-all").resolve(PolicyIO.DESCRIPTION))) {
            Progress cloning = output.progress("bc", "epochs", 4L * bcEpochs, 0);
            int[] epochs = {0};
            Map<String, BcResult> four = BcTrainer.trainFour(all, BcConfig.defaults().withEpochs(bcEpochs),
                    policyConfig, e -> cloning.step(++epochs[0], e.line(), Map.of("policy", e.policy())));
            for (Map.Entry<String, BcResult> e : four.entrySet()) {
                PolicyIO.save(policies.resolve("bc-" + e.getKey()), e.getValue().saved(PolicyIO.currentCommit(),
                        "demo bc experts=" + e.getKey()));
                output.detail(String.format(Locale.ROOT, "  bc-%s: held-out action RMS error %.3f (untrained %.3f)",
                        e.getKey(), e.getValue().heldOutActionError(), e.getValue().initialHeldOutError()));
            }
        } else {
            output.detail("  already done");
        }

        stage(3, "PPO fine-tuning of bc-all (short)");
        Path ppoPolicy = policies.resolve("ppo-all");
        if (!Files.exists(ppoPolicy.resolve(PolicyIO.DESCRIPTION))) {
            SavedPolicy bc = PolicyIO.load(policies.resolve("bc-all"));
            EnvConfig template = EnvConfig.learned(RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1,
                    steps, 0)).withActions(bc.actions());
            EpisodeSampler sampler = EpisodeSampler.designGrid(template).withBudget(steps, RunConfig.DEFAULT_BATCH_SIZE);
            PpoConfig config = PpoConfig.defaults().toBuilder().maxIterations(ppoIterations).episodesPerIteration(4)
                    .workers(workers).criticWarmupIterations(Math.max(0, ppoIterations - 1))
                    .actorLrWarmupIterations(0).build();
            PpoResult r = new PpoTrainer(config, sampler, splits).train(
                    TransformerAgent.fromPolicy(bc.policy(), new Rng(1)), out.resolve("ppo-run"),
                    PpoCommand.progressOf(output.progress("ppo", "iterations", ppoIterations, 0), false));
            PolicyIO.save(ppoPolicy, new SavedPolicy(((TransformerAgent) r.agent()).policy(), bc.layout(),
                    bc.actions(), PolicyIO.currentCommit(), "demo ppo from bc-all, " + r.iterationsDone()
                    + " iterations"));
        } else {
            output.detail("  already done");
        }

        stage(4, "judging on held-out seeds and the test set");
        List<Method> methods = new ArrayList<>();
        Set<String> handMade = new HashSet<>();
        for (String name : Catalog.NAMES) {
            methods.add(Method.schedule(name));
            handMade.add(name);
        }
        for (String name : List.of("bc-linear-warmup", "bc-cosine", "bc-polynomial", "bc-all", "ppo-all")) {
            SavedPolicy p = PolicyIO.load(policies.resolve(name));
            methods.add(new Method(name, false, rc -> new PolicyController(p, rc)));
        }
        if (LearnedScheduler.class.getResource(LearnedScheduler.SHIPPED_POLICY + PolicyIO.DESCRIPTION) != null) {
            SavedPolicy shipped = LearnedScheduler.shippedPolicy();
            methods.add(new Method("shipped", false, rc -> new PolicyController(shipped, rc)));
        } else {
            output.detail("  (this build ships no trained policy yet; the demo judges the policies it made)");
        }
        List<EvalSetting> settings = List.of(
                new EvalSetting(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, steps, 128),
                new EvalSetting(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 3.0, steps, 128),
                new EvalSetting(Trainee.MLP, OptimizerFamily.ADAM, 1e-3, steps, 128));
        Path eval = out.resolve("eval");
        int total = methods.size() * settings.size() * seeds.length;
        int[] done = {EvalSuite.read(eval.resolve("results.csv")).size()};
        Progress judging = output.progress("evaluate", "runs", total, done[0]);
        new EvalSuite(splits).run(eval, methods, settings, seeds, rec -> judging.step(++done[0],
                String.format(Locale.ROOT, "%-16s %-20s seed %d: test accuracy %.2f%%%s", rec.method(),
                        rec.setting(), rec.seed(), 100 * rec.testAccuracy(), rec.diverged() ? " (diverged)" : ""),
                Map.of("method", rec.method(), "setting", rec.setting(), "seed", rec.seed())));

        stage(5, "writing the report");
        Report.Written w = Report.write(RunDirectory.open(eval, new ArrayList<>(handMade)), out.resolve("report.html"));
        double minutes = (System.nanoTime() - start) / 6e10;
        output.summary(String.format(Locale.ROOT, "%ndemo finished in %.1f min. The report: %s (tables also in %s)",
                minutes, w.html().toAbsolutePath(), w.markdown().toAbsolutePath()));
        output.result(Map.of("minutes", minutes, "report", w.html().toAbsolutePath().toString(),
                "tables", w.markdown().toAbsolutePath().toString()));
        return 0;
    }

    private void stage(int n, String what) {
        output.detail(String.format(Locale.ROOT, "%n[%d/5] %s", n, what));
    }
}
