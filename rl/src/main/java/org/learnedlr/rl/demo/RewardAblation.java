package org.learnedlr.rl.demo;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.learnedlr.rl.env.RewardConfig;

/**
 * The reward-constant ablation: which (c_s, c_g, penalty) makes the return order recorded episodes the way the
 * judge does? For every pair of episodes of one cell (same optimizer, base LR, budget and seed — they differ only
 * in their schedule) it asks whether the higher return belongs to the lower test loss. A reward that disagrees with
 * the judge on runs that were actually made would teach PPO the wrong thing; among constants that agree equally,
 * the smaller are preferred (less shaping, closer to the plain objective).
 *
 * <p>Only training-seed episodes may be used (demonstrations): the held-out seeds are for judging.
 */
public final class RewardAblation {
    private RewardAblation() {
    }

    /**
     * One configuration's agreement with the judge.
     *
     * @param config     the constants
     * @param concordant pairs ordered like the test loss
     * @param pairs      pairs compared (ties in test loss, under 1e-4, are skipped)
     */
    public record Row(RewardConfig config, int concordant, int pairs) {
        public double agreement() {
            return pairs == 0 ? Double.NaN : (double) concordant / pairs;
        }
    }

    /** Agreement of every configuration, in the given order. */
    public static List<Row> run(List<Demonstration> demos, List<RewardConfig> configs) {
        Map<String, List<Demonstration>> cells = new LinkedHashMap<>();
        Map<Demonstration, RewardReplay> replays = new IdentityHashMap<>();
        for (Demonstration d : demos) {
            EpisodeSpec e = d.episode();
            String cell = e.trainee() + "/" + e.optimizer() + "/" + e.eta0() + "/" + e.steps() + "/" + e.seed();
            cells.computeIfAbsent(cell, c -> new ArrayList<>()).add(d);
        }
        List<Row> rows = new ArrayList<>();
        for (RewardConfig c : configs) {
            int concordant = 0;
            int pairs = 0;
            for (List<Demonstration> cell : cells.values()) {
                for (int i = 0; i < cell.size(); i++) {
                    for (int j = i + 1; j < cell.size(); j++) {
                        Demonstration a = cell.get(i);
                        Demonstration b = cell.get(j);
                        double dl = a.outcome().testLoss() - b.outcome().testLoss();
                        if (Math.abs(dl) < 1e-4) {
                            continue;
                        }
                        double ra = replays.computeIfAbsent(a, x -> RewardReplay.of(x, c.divergenceFactor()))
                                .episodeReturn(c);
                        double rb = replays.computeIfAbsent(b, x -> RewardReplay.of(x, c.divergenceFactor()))
                                .episodeReturn(c);
                        pairs++;
                        if ((ra - rb) * dl < 0) {
                            concordant++;
                        }
                    }
                }
            }
            rows.add(new Row(c, concordant, pairs));
        }
        return rows;
    }

    /** The grid of the ablation: c_s and c_g in {0, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2}, penalty in {-5, -20, -50}. */
    public static List<RewardConfig> grid() {
        double[] cs = {0, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2};
        double[] penalties = {-5, -20, -50};
        List<RewardConfig> out = new ArrayList<>();
        for (double p : penalties) {
            for (double s : cs) {
                for (double g : cs) {
                    out.add(new RewardConfig(s, g, p, RewardConfig.DEFAULT.divergenceFactor()));
                }
            }
        }
        return out;
    }

    /** The rows as a Markdown table, best agreement first. */
    public static String markdown(List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort((x, y) -> Double.compare(y.agreement(), x.agreement()));
        StringBuilder sb = new StringBuilder("| c_s | c_g | penalty | concordant pairs | agreement |\n|---|---|---|---|---|\n");
        for (Row r : sorted) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %d / %d | %.3f |%n", r.config().smoothness(),
                    r.config().generalisation(), r.config().divergencePenalty(), r.concordant(), r.pairs(),
                    r.agreement()));
        }
        return sb.toString();
    }
}
