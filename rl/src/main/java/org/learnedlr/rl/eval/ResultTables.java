package org.learnedlr.rl.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns judged runs into the evaluation's tables: per setting, each method's mean test loss and accuracy with their
 * spread over seeds and its divergences; the best hand-made schedule of the setting (chosen after the fact, an
 * advantage given to the baseline); and each method's paired difference in test loss against it, with a 95%
 * interval. A diverged run enters the means with the loss of chance (ln 10), as the records already hold.
 */
public final class ResultTables {
    private final Map<String, Map<String, List<RunRecord>>> bySetting = new LinkedHashMap<>();
    private final Set<String> handMade;

    public ResultTables(List<RunRecord> records, Set<String> handMadeMethods) {
        this.handMade = handMadeMethods;
        for (RunRecord r : records) {
            bySetting.computeIfAbsent(r.setting(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.method(), k -> new ArrayList<>()).add(r);
        }
        for (Map<String, List<RunRecord>> m : bySetting.values()) {
            for (List<RunRecord> l : m.values()) {
                l.sort(Comparator.comparingLong(RunRecord::seed));
            }
        }
    }

    public Set<String> settings() {
        return bySetting.keySet();
    }

    /** Mean test loss of a method in a setting. */
    public double meanLoss(String setting, String method) {
        return Stats.mean(losses(bySetting.get(setting).get(method)));
    }

    /** The hand-made method with the lowest mean test loss in the setting, or null if none ran there. */
    public String bestHandMade(String setting) {
        String best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, List<RunRecord>> e : bySetting.get(setting).entrySet()) {
            if (handMade.contains(e.getKey())) {
                double l = Stats.mean(losses(e.getValue()));
                if (l < bestLoss) {
                    bestLoss = l;
                    best = e.getKey();
                }
            }
        }
        return best;
    }

    /** Paired test-loss differences (method - other) over the seeds both ran. */
    public Stats.Interval pairedDifference(String setting, String method, String other) {
        Map<Long, Double> a = new TreeMap<>();
        for (RunRecord r : bySetting.get(setting).get(method)) {
            a.put(r.seed(), r.testLoss());
        }
        List<Double> d = new ArrayList<>();
        for (RunRecord r : bySetting.get(setting).get(other)) {
            Double x = a.get(r.seed());
            if (x != null) {
                d.add(x - r.testLoss());
            }
        }
        return Stats.paired(d);
    }

    public Map<String, List<RunRecord>> runs(String setting) {
        return bySetting.get(setting);
    }

    private static List<Double> losses(List<RunRecord> rs) {
        List<Double> out = new ArrayList<>();
        for (RunRecord r : rs) {
            out.add(r.testLoss());
        }
        return out;
    }

    /** The Markdown tables of every setting. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        for (String setting : bySetting.keySet()) {
            String best = bestHandMade(setting);
            sb.append("### ").append(setting).append("\n\n");
            sb.append("| method | test loss (mean ± sd) | test accuracy % (mean ± sd) | diverged | "
                    + "Δ loss vs best hand-made [95% CI] |\n|---|---|---|---|---|\n");
            for (Map.Entry<String, List<RunRecord>> e : bySetting.get(setting).entrySet()) {
                List<RunRecord> rs = e.getValue();
                List<Double> loss = losses(rs);
                List<Double> acc = new ArrayList<>();
                int div = 0;
                for (RunRecord r : rs) {
                    acc.add(100 * r.testAccuracy());
                    div += r.diverged() ? 1 : 0;
                }
                String delta;
                if (best == null) {
                    delta = "";
                } else if (best.equals(e.getKey())) {
                    delta = "(best hand-made)";
                } else {
                    Stats.Interval iv = pairedDifference(setting, e.getKey(), best);
                    delta = String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", iv.mean(), iv.low(), iv.high());
                }
                sb.append(String.format(Locale.ROOT, "| %s | %.4f ± %.4f | %.2f ± %.2f | %d/%d | %s |%n", e.getKey(),
                        Stats.mean(loss), Stats.sd(loss), Stats.mean(acc), Stats.sd(acc), div, rs.size(), delta));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
