package org.learnedlr.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.demo.DemoCollector;
import org.learnedlr.rl.demo.DemoFile;
import org.learnedlr.rl.demo.DemoGrid;
import org.learnedlr.rl.demo.Demonstration;
import org.learnedlr.rl.demo.RescueGrid;
import org.learnedlr.rl.demo.Yardstick;
import org.learnedlr.rl.env.ActionSpace;
import org.learnedlr.rl.eval.EvalSuite;
import org.learnedlr.rl.eval.RunRecord;
import org.learnedlr.rl.schedule.Experts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code learnedlr collect}: runs the experts through the environment and stores the demonstrations, resumably. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Collect expert demonstrations over the grid (resumable) and write the yardstick table.")
public final class CollectCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Demonstration file (appended to, resumed if it exists).")
    Path out;

    @Option(names = "--experts", split = ",", description = "Experts (default: linear-warmup, cosine, polynomial).")
    List<String> experts;

    @Option(names = "--budgets", split = ",", description = "Step budgets (default: 1000, 2000).")
    int[] budgets;

    @Option(names = "--seeds", split = ",", description = "Seeds (default: 0, 1, 2).")
    long[] seeds;

    @Option(names = "--workers", defaultValue = "1", description = "Episodes run at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--continuous", description = "An evaluation run directory with the continuous experts on the "
            + "same settings, to compare against in the yardstick table.")
    Path continuous;

    @Option(names = "--rescue", description = "Also collect rescue demonstrations: at each base LR where an expert "
            + "fails (a seed diverged, or under 90%% test accuracy) and one 3x past it, the expert shaped for its best "
            + "base LR on that optimizer and budget (docs/demonstrations.md).")
    boolean rescue;

    @Option(names = "--max-log-change", description = "The action space's clamp: the largest |log(eta_next / "
            + "eta_now)| per decision (default: ln 100 = 4.605; docs/environment.md).")
    Double maxLogChange;

    @Option(names = "--band", split = ",", paramLabel = "LOW,HIGH", description = "The action space's band: the LR is "
            + "kept in [LOW, HIGH] x eta0 (default: 1e-3,10).")
    double[] band;

    @Mixin
    DataOptions data;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    Output output;

    @Override
    public Integer call() throws IOException {
        backendOptions.apply();
        List<String> names = experts == null ? Experts.NAMES : experts;
        List<DemoGrid.Entry> grid = DemoGrid.grid(names, budgets == null ? DemoGrid.BUDGETS : budgets,
                seeds == null ? DemoGrid.SEEDS : seeds);
        ActionSpace actions = actions();
        if (!actions.equals(ActionSpace.DEFAULT)) {
            grid = grid.stream().map(e -> new DemoGrid.Entry(e.expert(), e.config().withActions(actions))).toList();
        }
        MnistSplits splits = data.load();
        int ran = collect(splits, grid, "expert episodes");
        if (rescue) {
            List<DemoGrid.Entry> rescues = RescueGrid.of(DemoFile.readAll(out));
            ran += collect(splits, rescues, "rescue episodes");
        }
        List<Demonstration> all = DemoFile.readAll(out);
        List<RunRecord> cont = continuous == null ? List.of() : EvalSuite.read(continuous.resolve("results.csv"));
        String table = Yardstick.markdown(all, cont);
        Path md = out.resolveSibling(out.getFileName() + ".yardstick.md");
        Files.writeString(md, table, StandardCharsets.UTF_8);
        output.summary(String.format(Locale.ROOT, "%d episodes run now, %d in the file; yardstick table: %s", ran,
                all.size(), md));
        output.result(Map.of("episodes_run", ran, "episodes_in_file", all.size(), "file", out.toString(),
                "yardstick", md.toString()));
        return 0;
    }

    private ActionSpace actions() {
        ActionSpace d = ActionSpace.DEFAULT;
        if (band != null && band.length != 2) {
            throw new CliException("--band: give two numbers, LOW,HIGH (got " + band.length + ")", 2);
        }
        try {
            return new ActionSpace(maxLogChange == null ? d.maxLogChange() : maxLogChange,
                    band == null ? d.bandLow() : band[0], band == null ? d.bandHigh() : band[1]);
        } catch (IllegalArgumentException e) {
            throw new CliException("--max-log-change/--band: " + e.getMessage(), 2);
        }
    }

    /** Collects the entries of {@code grid} not yet in the file, with progress over the whole grid. */
    private int collect(MnistSplits splits, List<DemoGrid.Entry> grid, String what) throws IOException {
        Set<String> wanted = new HashSet<>();
        grid.forEach(e -> wanted.add(e.key()));
        long done = Files.exists(out) ? DemoFile.readAll(out).stream().filter(d -> wanted.contains(d.key()))
                .count() : 0;
        output.detail(String.format(Locale.ROOT, "collecting %d %s into %s (%d already there)", grid.size(), what,
                out, done));
        Progress progress = output.progress("collect", "episodes", grid.size(), done);
        long[] count = {done};
        return new DemoCollector(splits, workers).collect(out, grid, d -> progress.step(++count[0],
                String.format(Locale.ROOT, "%s: test accuracy %.2f%%%s, %.1f s", d.key(),
                        100 * d.outcome().testAccuracy(), d.outcome().diverged() ? " (diverged)" : "",
                        d.outcome().seconds()),
                Map.of("episode", d.key(), "test_accuracy", d.outcome().testAccuracy(),
                        "diverged", d.outcome().diverged())));
    }
}
