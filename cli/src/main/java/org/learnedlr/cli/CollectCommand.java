package org.learnedlr.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.demo.DemoCollector;
import org.learnedlr.rl.demo.DemoFile;
import org.learnedlr.rl.demo.DemoGrid;
import org.learnedlr.rl.demo.Demonstration;
import org.learnedlr.rl.demo.Yardstick;
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

    @Mixin
    DataOptions data;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws IOException {
        backendOptions.apply();
        List<String> names = experts == null ? Experts.NAMES : experts;
        List<DemoGrid.Entry> grid = DemoGrid.grid(names, budgets == null ? DemoGrid.BUDGETS : budgets,
                seeds == null ? DemoGrid.SEEDS : seeds);
        MnistSplits splits = data.load();
        int[] count = {0};
        System.out.printf("collecting %d expert episodes into %s%n", grid.size(), out);
        int ran = new DemoCollector(splits, workers).collect(out, grid, d -> System.out.printf(
                "[%d] %s: test accuracy %.2f%%%s, %.1f s%n", ++count[0], d.key(), 100 * d.outcome().testAccuracy(),
                d.outcome().diverged() ? " (diverged)" : "", d.outcome().seconds()));
        List<Demonstration> all = DemoFile.readAll(out);
        List<RunRecord> cont = continuous == null ? List.of() : EvalSuite.read(continuous.resolve("results.csv"));
        String table = Yardstick.markdown(all, cont);
        Path md = out.resolveSibling(out.getFileName() + ".yardstick.md");
        Files.writeString(md, table, StandardCharsets.UTF_8);
        System.out.printf("%d episodes run now, %d in the file; yardstick table: %s%n", ran, all.size(), md);
        return 0;
    }
}
