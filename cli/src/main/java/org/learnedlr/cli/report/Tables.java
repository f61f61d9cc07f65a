package org.learnedlr.cli.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.learnedlr.cli.report.ReportTable.Cell;
import org.learnedlr.cli.report.ReportTable.Tone;
import org.learnedlr.rl.eval.ResultTables;
import org.learnedlr.rl.eval.RunRecord;
import org.learnedlr.rl.eval.Stats;

/**
 * The report's tables: per setting the results of every method, and per trainee and optimizer the divergence map
 * over base LRs. The numbers are {@link ResultTables}' (means, the best hand-made schedule, paired differences) and
 * {@link Stats}' (spread), so they agree with {@code tables.md} of {@code learnedlr evaluate}.
 */
final class Tables {
    /** Divergence-map columns by base LR, then budget. */
    private static final Comparator<SettingKey> COLUMNS = Comparator.comparingDouble(SettingKey::eta0)
            .thenComparingInt(SettingKey::steps).thenComparing(SettingKey::key);

    private final ResultTables results;
    private final Set<String> handMade;

    Tables(RunDirectory run) {
        this.results = new ResultTables(run.records(), run.handMade());
        this.handMade = run.handMade();
    }

    ResultTables results() {
        return results;
    }

    /** The results of one setting, one row per method in order of appearance. */
    ReportTable setting(String setting) {
        String best = results.bestHandMade(setting);
        List<List<Cell>> rows = new ArrayList<>();
        for (Map.Entry<String, List<RunRecord>> e : results.runs(setting).entrySet()) {
            String method = e.getKey();
            List<RunRecord> rs = e.getValue();
            List<Double> loss = new ArrayList<>();
            List<Double> acc = new ArrayList<>();
            List<Double> auc = new ArrayList<>();
            List<Double> smooth = new ArrayList<>();
            List<Double> share = new ArrayList<>();
            int diverged = 0;
            for (RunRecord r : rs) {
                loss.add(r.testLoss());
                acc.add(100 * r.testAccuracy());
                if (r.diverged()) {
                    diverged++;
                } else {
                    auc.add(r.validationAuc());
                }
                if (Double.isFinite(r.smoothness())) {
                    smooth.add(r.smoothness());
                }
                share.add(100 * r.controllerShare());
            }
            Cell delta;
            if (best == null) {
                delta = Cell.of("—");
            } else if (best.equals(method)) {
                delta = Cell.of("(best hand-made)", Tone.REFERENCE);
            } else {
                delta = delta(results.pairedDifference(setting, method, best));
            }
            rows.add(List.of(
                    Cell.of(method, best != null && best.equals(method) ? Tone.REFERENCE : Tone.PLAIN),
                    Cell.of(handMade.contains(method) ? "hand-made" : "learned"),
                    Cell.of(f("%.4f ± %.4f", Stats.mean(loss), Stats.sd(loss))),
                    Cell.of(f("%.2f ± %.2f", Stats.mean(acc), Stats.sd(acc))),
                    Cell.of(diverged + "/" + rs.size(), diverged > 0 ? Tone.WORSE : Tone.PLAIN),
                    delta,
                    Cell.of(auc.isEmpty() ? "—" : f("%.4f", Stats.mean(auc))),
                    Cell.of(smooth.isEmpty() ? "—" : f("%.4f", Stats.mean(smooth))),
                    Cell.of(f("%.3f", Stats.mean(share)))));
        }
        return new ReportTable(setting,
                best == null ? "No hand-made schedule ran in this setting, so there is no reference."
                        : "Reference: " + best + ", the hand-made schedule with the lowest mean test loss here.",
                List.of("method", "kind", "test loss (mean ± sd)", "test accuracy % (mean ± sd)", "diverged",
                        "Δ test loss vs best hand-made [95% CI]", "validation AUC (mean, finished runs)",
                        "smoothness (mean)", "scheduler compute % (mean)"),
                rows);
    }

    private static Cell delta(Stats.Interval iv) {
        if (iv.n() == 0) {
            return Cell.of("— (no common seeds)");
        }
        if (iv.n() < 2) {
            return Cell.of(f("%+.4f (1 seed, no interval)", iv.mean()));
        }
        Tone tone = iv.high() < 0 ? Tone.BETTER : iv.low() > 0 ? Tone.WORSE : Tone.PLAIN;
        return Cell.of(f("%+.4f [%+.4f, %+.4f]", iv.mean(), iv.low(), iv.high()), tone);
    }

    /**
     * The divergence maps: per trainee and optimizer, methods by base LR, each cell the runs that diverged over the
     * runs there. Settings whose key is not trainee/optimizer/eta0/steps form a group of their own, by key.
     */
    List<ReportTable> divergenceMaps() {
        Map<String, Map<SettingKey, Map<String, int[]>>> groups = new LinkedHashMap<>();
        Map<String, Set<String>> methods = new LinkedHashMap<>();
        for (String setting : results.settings()) {
            SettingKey col = SettingKey.of(setting);
            for (Map.Entry<String, List<RunRecord>> e : results.runs(setting).entrySet()) {
                int[] counts = groups.computeIfAbsent(col.group(), k -> new TreeMap<>(COLUMNS))
                        .computeIfAbsent(col, k -> new LinkedHashMap<>())
                        .computeIfAbsent(e.getKey(), k -> new int[2]);
                for (RunRecord r : e.getValue()) {
                    counts[0] += r.diverged() ? 1 : 0;
                    counts[1]++;
                }
                methods.computeIfAbsent(col.group(), k -> new LinkedHashSet<>()).add(e.getKey());
            }
        }
        List<ReportTable> out = new ArrayList<>();
        for (Map.Entry<String, Map<SettingKey, Map<String, int[]>>> g : groups.entrySet()) {
            Set<SettingKey> cols = g.getValue().keySet();
            boolean budgets = cols.stream().map(SettingKey::steps).distinct().count() > 1;
            List<String> header = new ArrayList<>();
            header.add("method");
            for (SettingKey c : cols) {
                header.add(label(c, budgets));
            }
            List<List<Cell>> rows = new ArrayList<>();
            for (String m : methods.get(g.getKey())) {
                List<Cell> row = new ArrayList<>();
                row.add(Cell.of(m));
                for (SettingKey c : cols) {
                    int[] n = g.getValue().get(c).get(m);
                    row.add(n == null ? Cell.of("—")
                            : new Cell(n[0] + "/" + n[1], n[0] > 0 ? Tone.WORSE : Tone.PLAIN, (double) n[0] / n[1]));
                }
                rows.add(row);
            }
            String budgetNote = budgets ? " Columns are eta0 · budget in steps."
                    : cols.iterator().next().steps() > 0 ? " Budget " + cols.iterator().next().steps() + " steps." : "";
            out.add(new ReportTable(g.getKey(), "Diverged runs / runs, by base LR eta0." + budgetNote, header, rows));
        }
        return out;
    }

    /** A divergence map's column: a setting's base LR, and its budget where the map has more than one. */
    private static String label(SettingKey k, boolean withBudget) {
        return withBudget && !Double.isNaN(k.eta0()) ? k.eta0Text() + " · " + k.steps() : k.eta0Text();
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
