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
                baseline, shuffled, runDir).markdown();
        Files.writeString(runDir.resolve("verdict.md"), md, StandardCharsets.UTF_8);
        System.out.print(md);
        return 0;
    }
}
