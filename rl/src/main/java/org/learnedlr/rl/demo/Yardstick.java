package org.learnedlr.rl.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.learnedlr.rl.eval.RunRecord;
import org.learnedlr.rl.eval.Stats;

/**
 * The yardstick table of the demonstration grid: every expert (as run through the environment, in the action
 * space) per optimizer, base LR and budget — test loss and accuracy over the seeds and which runs diverged — and,
 * where the same settings were also run with the continuous experts (an evaluation run directory), the difference
 * in test accuracy between the two: the measurement that the action space's clamp and band lose nothing.
 */
public final class Yardstick {
    private Yardstick() {
    }

    /** A setting of the grid without the seed: expert/optimizer/eta0/budget. */
    private static String group(String key) {
        return key.substring(0, key.lastIndexOf('/'));
    }

    public static String markdown(List<Demonstration> demos, List<RunRecord> continuous) {
        Map<String, List<Demonstration>> groups = new TreeMap<>();
        for (Demonstration d : demos) {
            groups.computeIfAbsent(group(d.key()), k -> new ArrayList<>()).add(d);
        }
        Map<String, List<RunRecord>> cont = new LinkedHashMap<>();
        for (RunRecord r : continuous) {
            // RunRecord setting: trainee/optimizer/eta0/budget; method: the expert's catalog name.
            String[] s = r.setting().split("/");
            cont.computeIfAbsent(r.method() + "/" + s[1] + "/" + s[2] + "/" + s[3], k -> new ArrayList<>()).add(r);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("| expert | optimizer | eta0 | budget | seeds | test loss (mean ± sd) | test accuracy % (mean ± sd)"
                + " | diverged | continuous expert accuracy % | action-space − continuous (pp) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        List<Double> gaps = new ArrayList<>();
        for (Map.Entry<String, List<Demonstration>> e : groups.entrySet()) {
            String[] k = e.getKey().split("/");
            List<Double> loss = new ArrayList<>();
            List<Double> acc = new ArrayList<>();
            List<String> diverged = new ArrayList<>();
            for (Demonstration d : e.getValue()) {
                loss.add(d.outcome().testLoss());
                acc.add(100 * d.outcome().testAccuracy());
                if (d.outcome().diverged()) {
                    diverged.add(Long.toString(d.episode().seed()));
                }
            }
            String contAcc = "";
            String gap = "";
            List<RunRecord> c = cont.get(e.getKey());
            if (c != null && !c.isEmpty()) {
                List<Double> ca = new ArrayList<>();
                for (RunRecord r : c) {
                    ca.add(100 * r.testAccuracy());
                }
                double g = Stats.mean(acc) - Stats.mean(ca);
                gaps.add(g);
                contAcc = String.format(Locale.ROOT, "%.2f", Stats.mean(ca));
                gap = String.format(Locale.ROOT, "%+.2f", g);
            }
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %.4f ± %.4f | %.2f ± %.2f | %s | %s | %s |%n",
                    k[0], k[1], k[2], k[3], e.getValue().size(), Stats.mean(loss), Stats.sd(loss), Stats.mean(acc),
                    Stats.sd(acc), diverged.isEmpty() ? "none" : "seeds " + String.join(", ", diverged), contAcc, gap));
        }
        if (!gaps.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%nAction-space minus continuous test accuracy over %d settings: "
                    + "mean %+.3f pp, smallest %+.3f pp, largest %+.3f pp.%n", gaps.size(), Stats.mean(gaps),
                    gaps.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    gaps.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
        }
        return sb.toString();
    }
}
