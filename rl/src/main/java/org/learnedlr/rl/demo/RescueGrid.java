package org.learnedlr.rl.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.learnedlr.rl.env.EnvConfig;

/**
 * Rescue demonstrations: what an expert would do if it were handed a base LR at which it fails.
 *
 * <p>The experts of the demonstration grid follow their schedule from whatever eta0 they are given, so at a base LR
 * where they fail (SGD at 1.0: they diverge or end near chance) they teach a cloned policy to fail the same way, and
 * PPO, exploring a little around that policy, finds no nearby schedule that survives. A rescue runs the environment at
 * the failing eta0 — the policy sees that eta0 in its globals and every LR relative to it — while the expert follows
 * its schedule shaped for the best base LR it had on the same optimizer and budget. So the first decision, on an empty
 * window, cuts the LR down to where the expert trains well, and every later decision carries on from there.
 *
 * <p>Which settings are rescued, from the collected grid alone: an (expert, optimizer, budget) group's eta0 fails when
 * any of its seeds diverged or its mean test accuracy is below {@link #FAILING_ACCURACY}; the rescue target is the
 * group's eta0 with the lowest mean test loss. Past the largest failing eta0 of a group, one more base LR is rescued,
 * {@link #BEYOND} times larger, since an LR above one that fails fails too and the evaluation grid goes that high.
 * Each rescued eta0 is run on the grid's seeds.
 */
public final class RescueGrid {
    /** Mean test accuracy below which an eta0 counts as failing even without a divergence. */
    public static final double FAILING_ACCURACY = 0.9;
    /** How far past the largest failing eta0 one more base LR is rescued. */
    public static final double BEYOND = 3.0;

    private RescueGrid() {
    }

    /**
     * The rescue entries for the base-grid demonstrations {@code demos} (rescues among them are ignored).
     *
     * @return empty when no eta0 fails or a group has no eta0 that trains
     */
    public static List<DemoGrid.Entry> of(List<Demonstration> demos) {
        // group -> eta0 -> the eta0's episodes; groups in a stable order
        Map<String, TreeMap<Double, List<Demonstration>>> groups = new TreeMap<>();
        for (Demonstration d : demos) {
            if (d.key().startsWith(d.expert() + "@")) {
                continue;
            }
            EpisodeSpec e = d.episode();
            groups.computeIfAbsent(d.expert() + "/" + e.optimizer() + "/" + e.steps(), k -> new TreeMap<>())
                    .computeIfAbsent(e.eta0(), k -> new ArrayList<>()).add(d);
        }
        List<DemoGrid.Entry> out = new ArrayList<>();
        for (TreeMap<Double, List<Demonstration>> byEta0 : groups.values()) {
            Double best = null;
            double bestLoss = Double.POSITIVE_INFINITY;
            List<Double> failing = new ArrayList<>();
            for (Map.Entry<Double, List<Demonstration>> e : byEta0.entrySet()) {
                if (fails(e.getValue())) {
                    failing.add(e.getKey());
                } else if (meanTestLoss(e.getValue()) < bestLoss) {
                    bestLoss = meanTestLoss(e.getValue());
                    best = e.getKey();
                }
            }
            if (best == null || failing.isEmpty()) {
                continue;
            }
            failing.add(failing.get(failing.size() - 1) * BEYOND);
            Map<Long, Demonstration> bySeed = new LinkedHashMap<>();
            for (Demonstration d : byEta0.get(best)) {
                bySeed.put(d.episode().seed(), d);
            }
            for (double eta0 : failing) {
                for (Demonstration d : bySeed.values()) {
                    EnvConfig c = d.episode().toEnvConfig();
                    out.add(new DemoGrid.Entry(d.expert(), c.withRun(c.run().withEta0(eta0)), best));
                }
            }
        }
        return out;
    }

    private static boolean fails(List<Demonstration> episodes) {
        double accuracy = 0;
        for (Demonstration d : episodes) {
            if (d.outcome().diverged()) {
                return true;
            }
            accuracy += d.outcome().testAccuracy();
        }
        return accuracy / episodes.size() < FAILING_ACCURACY;
    }

    private static double meanTestLoss(List<Demonstration> episodes) {
        double sum = 0;
        for (Demonstration d : episodes) {
            sum += d.outcome().testLoss();
        }
        return sum / episodes.size();
    }
}
