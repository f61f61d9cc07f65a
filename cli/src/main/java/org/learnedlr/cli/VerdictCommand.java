package org.learnedlr.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.learnedlr.rl.eval.EvalSuite;
import org.learnedlr.rl.eval.RunRecord;
import org.learnedlr.rl.eval.Verdict;
import org.learnedlr.rl.schedule.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code learnedlr verdict}: the binding checks and goals, from an evaluation's run directory. */
@Command(name = "verdict", mixinStandardHelpOptions = true,
        description = "Judge an evaluation run directory: the binding checks (no divergence, beats the baseline, PPO "
                + "improves on BC, closed loop) and the goals, with the numbers behind each; writes verdict.md.")
public final class VerdictCommand implements Callable<Integer> {
    @Option(names = "--run-dir", required = true, description = "Run directory of 'learnedlr evaluate'.")
    Path runDir;

    @Option(names = "--pair", required = true,
            description = "A BC+PPO policy and its BC policy, as PPO=BC (repeatable), method names of the evaluation.")
    Map<String, String> pairs = new LinkedHashMap<>();

    @Option(names = "--best", required = true, description = "The best BC+PPO policy (chosen on validation seeds).")
    String best;

    @Option(names = "--baseline", description = "The Subramanian baseline's method name.")
    String baseline;

    @Option(names = "--shuffled", description = "The window-shuffled variant of --best (evaluate --shuffled-windows).")
    String shuffled;

    @Option(names = "--hand-made", split = ",", description = "The hand-made methods (default: every schedule name).")
    List<String> handMade;

    @Option(names = "--window-test", paramLabel = "DIR",
            description = "Judge the window shuffle on this separate evaluation run directory (a confirmatory run "
                    + "fixed in advance, on fresh seeds) instead of --run-dir's; needs --window-test-ablation.")
    Path windowTestDir;

    @Option(names = "--window-test-ablation", paramLabel = "NAME",
            description = "The ablation of --best that decides the window-shuffle check in --window-test (for "
                    + "example BEST-steps-shuffled).")
    String windowTestAblation;

    @Override
    public Integer call() throws IOException {
        Path results = runDir.resolve("results.csv");
        if (!Files.isRegularFile(results)) {
            throw new CliException(runDir + ": no results.csv (run 'learnedlr evaluate --run-dir " + runDir + "')", 2);
        }
        List<RunRecord> records = EvalSuite.read(results);
        Map<String, String> checked = new LinkedHashMap<>(pairs);
        checked.put(best, best);
        for (String name : checked.keySet()) {
            if (records.stream().noneMatch(r -> r.method().equals(name))) {
                System.err.println("learnedlr: note: no runs of '" + name + "' in " + results);
            }
        }
        String md = new Verdict(records, new LinkedHashSet<>(handMade != null ? handMade : Catalog.NAMES), pairs, best,
                baseline, shuffled, runDir, windowTest()).markdown();
        Files.writeString(runDir.resolve("verdict.md"), md, StandardCharsets.UTF_8);
        System.out.print(md);
        return 0;
    }

    /** The confirmatory window-shuffle run, read and checked, or null when none was named. */
    private Verdict.WindowTest windowTest() throws IOException {
        if (windowTestDir == null && windowTestAblation == null) {
            return null;
        }
        if (windowTestDir == null || windowTestAblation == null) {
            throw new CliException("--window-test and --window-test-ablation go together (got "
                    + (windowTestDir == null ? "only --window-test-ablation" : "only --window-test") + ")", 2);
        }
        Path results = windowTestDir.resolve("results.csv");
        if (!Files.isRegularFile(results)) {
            throw new CliException("--window-test " + windowTestDir + ": no results.csv", 2);
        }
        List<RunRecord> runs = EvalSuite.read(results);
        for (String name : List.of(best, windowTestAblation)) {
            if (runs.stream().noneMatch(r -> r.method().equals(name))) {
                throw new CliException("--window-test " + windowTestDir + ": no runs of '" + name + "' in " + results,
                        2);
            }
        }
        return new Verdict.WindowTest(runs, windowTestAblation, windowTestDir.toString());
    }
}
