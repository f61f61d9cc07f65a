package org.learnedlr.rl.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The evaluation's verdict: the binding checks and the goals of the learned scheduler, computed from an evaluation
 * run directory's records (and, for the closed-loop check, its LR curves), each with the numbers behind it.
 * <ol>
 *   <li>no BC+PPO policy diverges anywhere on the grid;</li>
 *   <li>the best BC+PPO policy beats the Subramanian baseline on mean test loss over the grid;</li>
 *   <li>PPO does something: some BC+PPO policy improves on its BC policy, paired over (setting, seed), with a 95%
 *       interval that excludes 0;</li>
 *   <li>closed loop: the policy's LR curves, relative to eta0, differ across base LRs and optimizers, and shuffling
 *       its observation windows measurably worsens it (paired 95% interval above 0) — judged on a separate
 *       evaluation fixed in advance ({@link WindowTest}) when one is given, else on this one's runs;</li>
 * </ol>
 * and the goals (5) best policy at least as good as the best hand-made schedule in most MLP settings (means over
 * the seeds both ran), (6) on
 * ResNet-18 within 5% of the best hand-made schedule's test loss, (7) every BC+PPO policy improves on its BC policy.
 * A check whose methods were not run says so instead of passing.
 *
 * @param records   every run of the evaluation
 * @param handMade  the hand-made schedules' method names
 * @param pairs     each BC+PPO policy's name mapped to its BC policy's name
 * @param best      the best BC+PPO policy (chosen on validation seeds, outside this class)
 * @param baseline  the Subramanian baseline's method name, or null
 * @param shuffled  the window-shuffled variant of {@code best}, or null
 * @param runDir    the run directory, for the LR curves, or null
 * @param windowTest a separate, pre-registered evaluation on which the window shuffle is judged instead, or null
 */
public record Verdict(List<RunRecord> records, Set<String> handMade, Map<String, String> pairs, String best,
                      String baseline, String shuffled, Path runDir, WindowTest windowTest) {

    /**
     * A window-shuffle test fixed before its runs were made: its own run directory's records (fresh seeds), and the
     * ablation of the best policy that decides check (4)'s second half there.
     *
     * @param records the confirmatory evaluation's runs
     * @param ablated the binding ablation's method name (for example {@code best-steps-shuffled})
     * @param where   where the runs and the protocol are, for the report
     */
    public record WindowTest(List<RunRecord> records, String ablated, String where) {
    }

    /** A verdict whose window shuffle is judged on the evaluation's own runs. */
    public Verdict(List<RunRecord> records, Set<String> handMade, Map<String, String> pairs, String best,
                   String baseline, String shuffled, Path runDir) {
        this(records, handMade, pairs, best, baseline, shuffled, runDir, null);
    }

    /** How far apart two LR curves (log(eta / eta0)) must be somewhere to count as different. */
    static final double DIFFERENT = 0.05;

    public String markdown() throws IOException {
        StringBuilder sb = new StringBuilder("## Verdict\n\n");
        ResultTables t = new ResultTables(records, handMade);
        sb.append(divergence()).append('\n');
        sb.append(againstBaseline()).append('\n');
        sb.append(ppoAgainstBc(t)).append('\n');
        sb.append(closedLoop()).append('\n');
        sb.append(goalHandMade(t)).append('\n');
        return sb.toString();
    }

    private List<RunRecord> of(String method) {
        return of(records, method);
    }

    private static List<RunRecord> of(List<RunRecord> runs, String method) {
        return runs.stream().filter(r -> r.method().equals(method)).toList();
    }

    private static boolean resnet(String setting) {
        return setting.startsWith("resnet");
    }

    private String divergence() {
        StringBuilder sb = new StringBuilder("**(1) No BC+PPO policy diverges.** ");
        boolean all = true;
        List<String> parts = new ArrayList<>();
        for (String p : pairs.keySet()) {
            List<RunRecord> runs = of(p);
            long d = runs.stream().filter(RunRecord::diverged).count();
            all &= d == 0 && !runs.isEmpty();
            parts.add(String.format(Locale.ROOT, "%s %d of %d runs diverged%s", p, d, runs.size(),
                    d == 0 ? "" : " (" + String.join(", ", runs.stream().filter(RunRecord::diverged)
                            .map(r -> r.setting() + " seed " + r.seed()).toList()) + ")"));
        }
        Set<String> constantDiverges = new TreeSet<>();
        for (RunRecord r : of("constant")) {
            if (r.diverged()) {
                constantDiverges.add(r.setting());
            }
        }
        sb.append(pass(all && !pairs.isEmpty())).append(": ").append(String.join("; ", parts)).append(". ");
        sb.append("Settings where the constant LR diverges: ").append(constantDiverges.isEmpty() ? "none"
                : String.join(", ", constantDiverges)).append(".\n");
        return sb.toString();
    }

    /** Mean test loss over the (setting, seed) cells both methods ran, and the paired interval of the difference. */
    private Stats.Interval paired(String a, String b, boolean mlpOnly) {
        return paired(records, a, b, mlpOnly);
    }

    private static Stats.Interval paired(List<RunRecord> runs, String a, String b, boolean mlpOnly) {
        Map<String, Double> x = new HashMap<>();
        for (RunRecord r : of(runs, a)) {
            if (!mlpOnly || !resnet(r.setting())) {
                x.put(r.setting() + "#" + r.seed(), r.testLoss());
            }
        }
        List<Double> d = new ArrayList<>();
        for (RunRecord r : of(runs, b)) {
            Double v = x.get(r.setting() + "#" + r.seed());
            if (v != null) {
                d.add(v - r.testLoss());
            }
        }
        return Stats.paired(d);
    }

    private static String interval(Stats.Interval i) {
        return String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f] over %d paired runs", i.mean(), i.low(), i.high(),
                i.n());
    }

    private String againstBaseline() {
        StringBuilder sb = new StringBuilder("**(2) The best BC+PPO policy (" + best
                + ") beats the Subramanian baseline on mean test loss.** ");
        if (baseline == null || of(baseline).isEmpty() || of(best).isEmpty()) {
            return sb.append("NOT RUN: the baseline or the policy has no runs in this evaluation.\n").toString();
        }
        Stats.Interval i = paired(best, baseline, false);
        sb.append(pass(i.n() > 0 && i.mean() < 0)).append(": test loss ").append(best).append(" - ").append(baseline)
                .append(" = ").append(interval(i)).append(".\n");
        return sb.toString();
    }

    private String ppoAgainstBc(ResultTables t) {
        StringBuilder sb = new StringBuilder("**(3) PPO improves on BC** (some policy, 95% interval below 0), and "
                + "**goal (7)** (every policy improves). ");
        boolean some = false;
        boolean every = !pairs.isEmpty();
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            if (of(e.getKey()).isEmpty() || of(e.getValue()).isEmpty()) {
                parts.add(e.getKey() + " vs " + e.getValue() + ": not run");
                every = false;
                continue;
            }
            Stats.Interval i = paired(e.getKey(), e.getValue(), true);
            some |= i.high() < 0;
            every &= i.mean() < 0;
            parts.add(e.getKey() + " - " + e.getValue() + " = " + interval(i));
        }
        sb.append("(3) ").append(pass(some)).append("; (7) ").append(every ? "MET" : "MISSED").append(": ")
                .append(String.join("; ", parts)).append(" (MLP grid, test loss).\n");
        return sb.toString();
    }

    private String closedLoop() throws IOException {
        StringBuilder sb = new StringBuilder("**(4) Closed loop.** ");
        // Same budget, different base LR or optimizer: compare log(eta / eta0) step by step, seed by seed.
        Map<String, Map<Long, double[]>> rel = new HashMap<>();
        for (RunRecord r : runDir == null ? List.<RunRecord>of() : of(best)) {
            if (resnet(r.setting()) || r.diverged()) {
                continue;
            }
            double[] c = relativeLr(RunCurve.file(runDir, r));
            if (c != null) {
                rel.computeIfAbsent(r.setting(), k -> new HashMap<>()).put(r.seed(), c);
            }
        }
        if (rel.isEmpty()) {
            sb.append("LR curves: NOT RUN (no curves of ").append(best).append("). ");
        } else {
            int compared = 0;
            int different = 0;
            double smallest = Double.POSITIVE_INFINITY;
            List<String> settings = new ArrayList<>(new TreeSet<>(rel.keySet()));
            for (int i = 0; i < settings.size(); i++) {
                for (int j = i + 1; j < settings.size(); j++) {
                    for (Map.Entry<Long, double[]> e : rel.get(settings.get(i)).entrySet()) {
                        double[] other = rel.get(settings.get(j)).get(e.getKey());
                        if (other == null || other.length != e.getValue().length) {
                            continue;       // different budgets are trivially different curves
                        }
                        double gap = 0;
                        for (int s = 0; s < other.length; s++) {
                            gap = Math.max(gap, Math.abs(other[s] - e.getValue()[s]));
                        }
                        compared++;
                        different += gap > DIFFERENT ? 1 : 0;
                        smallest = Math.min(smallest, gap);
                    }
                }
            }
            sb.append(String.format(Locale.ROOT, "LR curves %s: %d of %d same-seed pairs of settings with one budget "
                            + "differ by more than %.2f in log(eta/eta0) somewhere (smallest largest gap %.3f). ",
                    pass(compared > 0 && different == compared), different, compared, DIFFERENT,
                    compared == 0 ? Double.NaN : smallest));
        }
        if (windowTest != null) {
            sb.append(confirmatoryShuffle());
        }
        String ownRuns = windowTest == null ? "Window shuffle" : "On the evaluation's own seeds (exploratory, not "
                + "binding), the window shuffle";
        if (shuffled == null || of(shuffled).isEmpty()) {
            sb.append(ownRuns).append(": NOT RUN.\n");
        } else {
            Stats.Interval i = paired(shuffled, best, true);
            sb.append(ownRuns).append(windowTest == null ? " " + pass(i.low() > 0) : "").append(": test loss ")
                    .append(shuffled).append(" - ").append(best).append(" = ").append(interval(i)).append(".\n");
        }
        List<String> others = otherAblations(records, Set.of());
        if (!others.isEmpty()) {
            sb.append("\nOther window ablations (evidence of what the policy reads, not the binding test): ")
                    .append(String.join("; ", others)).append(".\n");
        }
        return sb.toString();
    }

    /** Check (4)'s window shuffle judged on the pre-registered run: the binding ablation, then the others there. */
    private String confirmatoryShuffle() {
        List<RunRecord> runs = windowTest.records();
        String ablated = windowTest.ablated();
        StringBuilder sb = new StringBuilder("Window shuffle, judged on a confirmatory run fixed in advance ("
                + windowTest.where() + ") ");
        if (of(runs, ablated).isEmpty() || of(runs, best).isEmpty()) {
            return sb.append("NOT RUN: no runs of ").append(ablated).append(" and ").append(best).append(" there. ")
                    .toString();
        }
        Stats.Interval i = paired(runs, ablated, best, true);
        sb.append(pass(i.low() > 0)).append(": test loss ").append(ablated).append(" - ").append(best).append(" = ")
                .append(interval(i)).append(".");
        List<String> others = otherAblations(runs, Set.of(ablated));
        if (!others.isEmpty()) {
            sb.append(" The other ablations of that run (not binding): ").append(String.join("; ", others))
                    .append(".");
        }
        return sb.append(' ').toString();
    }

    /** The window ablations of the best policy (evaluate --window-ablation) found in runs: what it reads. */
    private List<String> otherAblations(List<RunRecord> runs, Set<String> skip) {
        List<String> others = new ArrayList<>();
        for (String ablation : List.of("shuffled", "steps-shuffled", "blind", "replayed")) {
            String name = best + "-" + ablation;
            boolean reportedAsTheShuffle = runs == records && name.equals(shuffled);
            if (!skip.contains(name) && !reportedAsTheShuffle && !of(runs, name).isEmpty()) {
                others.add(ablation + " (" + name + " - " + best + ") " + interval(paired(runs, name, best, true)));
            }
        }
        return others;
    }

    /** log(eta_t / eta_0) of one run's curve file, or null if it is missing. */
    private static double[] relativeLr(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        double[] lr = RunCurve.read(file).lr();
        double[] out = new double[lr.length];
        for (int t = 0; t < lr.length; t++) {
            out[t] = Math.log(lr[t] / lr[0]);
        }
        return out;
    }

    private String goalHandMade(ResultTables t) {
        int mlp = 0;
        int asGood = 0;
        double worstResnet = Double.NEGATIVE_INFINITY;
        int resnetSettings = 0;
        List<String> lines = new ArrayList<>();
        for (String s : t.settings()) {
            String h = t.bestHandMade(s);
            if (h == null || !t.runs(s).containsKey(best)) {
                continue;
            }
            double[] both = commonSeedMeans(t.runs(s).get(best), t.runs(s).get(h));
            double mine = both[0];
            double theirs = both[1];
            if (resnet(s)) {
                resnetSettings++;
                worstResnet = Math.max(worstResnet, mine / theirs - 1);
            } else {
                mlp++;
                asGood += mine <= theirs ? 1 : 0;
            }
            lines.add(String.format(Locale.ROOT, "| %s | %s | %.4f | %s %.4f | %+.1f%% |", s, best, mine, h, theirs,
                    100 * (mine / theirs - 1)));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "**Goal (5)** %s: %s is at least as good as the best hand-made schedule "
                + "(chosen per setting after the fact) in %d of %d MLP settings.%n", mlp > 0 && 2 * asGood > mlp
                ? "MET" : "MISSED", best, asGood, mlp));
        sb.append(resnetSettings == 0 ? "**Goal (6)**: NOT RUN (no ResNet-18 runs of " + best + ").\n"
                : String.format(Locale.ROOT, "**Goal (6)** %s: on ResNet-18 the largest excess over the best "
                        + "hand-made test loss is %+.1f%% (goal within 5%%).%n", worstResnet <= 0.05 ? "MET" : "MISSED",
                100 * worstResnet));
        sb.append("\n| setting | policy | mean test loss | best hand-made | policy vs best |\n|---|---|---|---|---|\n");
        lines.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }

    /** Mean test losses of two methods over the seeds both ran (methods may have been run on more seeds). */
    private static double[] commonSeedMeans(List<RunRecord> a, List<RunRecord> b) {
        Map<Long, Double> x = new HashMap<>();
        a.forEach(r -> x.put(r.seed(), r.testLoss()));
        double sa = 0;
        double sb = 0;
        int n = 0;
        for (RunRecord r : b) {
            Double v = x.get(r.seed());
            if (v != null) {
                sa += v;
                sb += r.testLoss();
                n++;
            }
        }
        return new double[]{sa / n, sb / n};
    }

    private static String pass(boolean ok) {
        return ok ? "PASS" : "FAIL";
    }
}
