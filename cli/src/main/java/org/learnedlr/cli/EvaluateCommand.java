package org.learnedlr.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.baseline.MlpAgent;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.env.ObservationBuilder;
import org.learnedlr.rl.eval.EvalSetting;
import org.learnedlr.rl.eval.EvalSuite;
import org.learnedlr.rl.eval.Method;
import org.learnedlr.rl.eval.PolicyController;
import org.learnedlr.rl.eval.ResultTables;
import org.learnedlr.rl.eval.RunRecord;
import org.learnedlr.rl.eval.SubramanianController;
import org.learnedlr.rl.eval.WindowBlind;
import org.learnedlr.rl.eval.WindowReplay;
import org.learnedlr.rl.eval.WindowShuffle;
import org.learnedlr.rl.eval.WindowStepShuffle;
import org.learnedlr.rl.policy.PolicyIO;
import org.learnedlr.rl.policy.SavedPolicy;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.Seeds;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.rl.schedule.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code learnedlr evaluate}: judges schedulers on held-out seeds and the test set (DESIGN.md section 5) into a
 * resumable run directory, then writes the tables.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Judge schedulers over a grid of settings on held-out seeds; resumable; writes tables.")
public final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--run-dir", required = true, description = "Run directory (created, or resumed if it exists).")
    Path runDir;

    @Option(names = "--grid", defaultValue = "mlp",
            description = "mlp (DESIGN section 5's MLP grid), resnet (the transfer grid), all, demo (the demonstration grid, "
                    + "for the yardstick's continuous experts), or custom (default: ${DEFAULT-VALUE}).")
    String grid;

    @Option(names = "--schedules", split = ",", defaultValue = "constant,step,onecycle,linear-warmup,cosine,polynomial,rex,wsd",
            description = "Hand-made schedules to judge (default: all of the catalog; 'none' for none).")
    List<String> schedules;

    @Option(names = "--seeds", split = ",", description = "Seeds (default: the held-out seeds 2000-2004; 2000-2002 for ResNet-18).")
    List<Long> seeds;

    @Option(names = "--trainee", defaultValue = "mlp", description = "For --grid custom: the trainee.")
    String trainee;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "For --grid custom: sgd or adam.")
    String optimizer;

    @Option(names = "--lr", split = ",", description = "For --grid custom: base learning rates.")
    List<Double> lrs;

    @Option(names = "--steps", defaultValue = "2000", description = "For --grid custom: the budget.")
    int steps;

    @Option(names = "--batch-size", defaultValue = "128", description = "For --grid custom: the batch size.")
    int batchSize;

    @Option(names = "--policy", description = "A learned policy to judge, as NAME=DIR (repeatable).")
    Map<String, Path> policies = new LinkedHashMap<>();

    @Option(names = "--shuffled-windows",
            description = "Ablation: also judge each --policy with its observation windows shuffled (NAME-shuffled).")
    boolean shuffledWindows;

    @Option(names = "--window-ablation", split = ",",
            description = "Ablations of what each --policy sees (NAME-ABLATION): shuffled (patch order within the "
                    + "window), steps-shuffled (step order within the window), blind (every window empty), replayed "
                    + "(a random earlier window of the same run).")
    List<String> windowAblations = new ArrayList<>();

    @Option(names = "--baseline", description = "A trained Subramanian baseline to judge, as NAME=FILE (repeatable).")
    Map<String, Path> baselines = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    @Mixin
    Output output;

    @Mixin
    DataOptions data;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws IOException {
        backendOptions.apply();
        List<Method> methods = new ArrayList<>();
        Set<String> handMade = new HashSet<>();
        for (String s : schedules) {
            if (s.equals("none")) {
                continue;
            }
            Catalog.byName(s, 0.1, 100);  // validates the name with a message listing the known ones
            methods.add(Method.schedule(s));
            handMade.add(s);
        }
        for (Map.Entry<String, Path> e : policies.entrySet()) {
            SavedPolicy p = PolicyIO.load(e.getValue());
            methods.add(new Method(e.getKey(), false, rc -> new PolicyController(p, rc)));
            Set<String> ablations = new java.util.LinkedHashSet<>(windowAblations);
            if (shuffledWindows) {
                ablations.add("shuffled");
            }
            for (String a : ablations) {
                windowAblation(a, 0, p);  // refuses an unknown name now, not in the middle of the evaluation
                methods.add(new Method(e.getKey() + "-" + a, false, rc -> new PolicyController(
                        p, rc, windowAblation(a, rc.seed(), p))));
            }
        }
        for (Map.Entry<String, Path> e : baselines.entrySet()) {
            MlpAgent agent = MlpAgent.load(e.getValue());
            methods.add(new Method(e.getKey(), false,
                    rc -> new SubramanianController(agent, rc)));
        }
        List<EvalSetting> mlp = new ArrayList<>();
        List<EvalSetting> resnet = new ArrayList<>();
        switch (grid) {
            case "mlp" -> mlp.addAll(EvalSetting.mlpGrid());
            case "resnet" -> resnet.addAll(EvalSetting.resnetGrid());
            case "demo" -> mlp.addAll(EvalSetting.demoGrid());
            case "all" -> {
                mlp.addAll(EvalSetting.mlpGrid());
                resnet.addAll(EvalSetting.resnetGrid());
            }
            case "custom" -> {
                if (lrs == null || lrs.isEmpty()) {
                    throw new IllegalArgumentException("--lr: give the base learning rates of the custom grid");
                }
                for (double lr : lrs) {
                    mlp.add(new EvalSetting(Trainee.parse(trainee), OptimizerFamily.parse(optimizer), lr, steps,
                            batchSize));
                }
            }
            default -> throw new IllegalArgumentException("--grid: unknown grid '" + grid
                    + "' (expected mlp, resnet, all, demo or custom)");
        }
        RunManifest.claim(runDir, spec, null);
        MnistSplits splits = data.load();
        EvalSuite suite = new EvalSuite(splits);
        long[] mlpSeeds = seeds != null ? toArray(seeds) : Seeds.heldOut();
        long[] resnetSeeds = seeds != null ? toArray(seeds) : Arrays.copyOf(Seeds.heldOut(), 3);
        int total = methods.size() * (mlp.size() * mlpSeeds.length + resnet.size() * resnetSeeds.length);
        int[] done = {alreadyRun(methods, mlp, mlpSeeds, resnet, resnetSeeds)};
        output.detail(String.format("evaluating %d methods; %d runs in all, %d already in %s", methods.size(), total,
                done[0], runDir));
        Progress progress = output.progress("evaluate", "runs", total, done[0]);
        List<RunRecord> records = suite.run(runDir, methods, mlp, mlpSeeds, r -> report(progress, r, ++done[0]));
        if (!resnet.isEmpty()) {
            records = suite.run(runDir, methods, resnet, resnetSeeds, r -> report(progress, r, ++done[0]));
        }
        String md = new ResultTables(records, handMade).markdown();
        Files.writeString(runDir.resolve("tables.md"), md, StandardCharsets.UTF_8);
        output.detail(md);
        output.summary("tables written to " + runDir.resolve("tables.md"));
        output.result(Map.of("runs", total, "tables", runDir.resolve("tables.md").toString()));
        return 0;
    }

    /** The observation view of one window ablation, fresh per run (the replay keeps the run's windows). */
    private static UnaryOperator<Observation> windowAblation(String name, long seed, SavedPolicy policy) {
        return switch (name) {
            case "shuffled" -> new WindowShuffle(seed);
            case "steps-shuffled" -> new WindowStepShuffle(seed,
                    ObservationBuilder.STEP_FEATURES_BEFORE_BUCKETS + policy.layout().buckets());
            case "blind" -> new WindowBlind();
            case "replayed" -> new WindowReplay(seed);
            default -> throw new IllegalArgumentException("--window-ablation: unknown ablation '" + name
                    + "' (expected shuffled, steps-shuffled, blind or replayed)");
        };
    }

    /** Runs of this invocation's grid that the run directory already holds (they are skipped). */
    private int alreadyRun(List<Method> methods, List<EvalSetting> mlp, long[] mlpSeeds, List<EvalSetting> resnet,
                           long[] resnetSeeds) throws IOException {
        Set<String> wanted = new HashSet<>();
        for (Method m : methods) {
            for (EvalSetting s : mlp) {
                for (long seed : mlpSeeds) {
                    wanted.add(m.name() + "|" + s.key() + "|" + seed);
                }
            }
            for (EvalSetting s : resnet) {
                for (long seed : resnetSeeds) {
                    wanted.add(m.name() + "|" + s.key() + "|" + seed);
                }
            }
        }
        int n = 0;
        for (RunRecord r : EvalSuite.read(runDir.resolve("results.csv"))) {
            n += wanted.contains(r.method() + "|" + r.setting() + "|" + r.seed()) ? 1 : 0;
        }
        return n;
    }

    private static void report(Progress progress, RunRecord r, int done) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("method", r.method());
        f.put("setting", r.setting());
        f.put("seed", r.seed());
        f.put("test_loss", r.testLoss());
        f.put("test_accuracy", r.testAccuracy());
        f.put("diverged", r.diverged());
        f.put("seconds", r.seconds());
        progress.step(done, String.format(Locale.ROOT,
                "%-14s %-22s seed %d: test loss %.4f, accuracy %.2f%%%s, %.1f s", r.method(), r.setting(), r.seed(), r.testLoss(), 100 * r.testAccuracy(),
                r.diverged() ? " (diverged)" : "", r.seconds()), f);
    }

    private static long[] toArray(List<Long> l) {
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = l.get(i);
        }
        return out;
    }
}
