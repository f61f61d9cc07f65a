package org.learnedlr.rl.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.rl.schedule.Experts;

/**
 * The demonstration grid of DESIGN.md section 4: each expert through the environment on the MLP, SGD-momentum with
 * eta0 in {0.03, 0.1, 0.3, 1.0} and Adam with eta0 in {3e-4, 1e-3, 3e-3, 1e-2}, budgets 1,000 and 2,000, seeds 0-2:
 * 144 episodes.
 */
public final class DemoGrid {
    public static final double[] SGD_ETA0 = {0.03, 0.1, 0.3, 1.0};
    public static final double[] ADAM_ETA0 = {3e-4, 1e-3, 3e-3, 1e-2};
    public static final int[] BUDGETS = {1000, 2000};
    public static final long[] SEEDS = {0, 1, 2};

    private DemoGrid() {
    }

    /**
     * One grid point: the expert's schedule, shaped for a base LR of {@code scheduleEta0}, run in an environment
     * whose base LR is the run's eta0. The two differ only for a rescue ({@link RescueGrid}).
     */
    public record Entry(String expert, EnvConfig config, double scheduleEta0) {
        public Entry {
            if (!(scheduleEta0 > 0) || Double.isInfinite(scheduleEta0)) {
                throw new IllegalArgumentException("scheduleEta0: must be finite and > 0, got " + scheduleEta0);
            }
        }

        /** The expert at the run's own base LR. */
        public Entry(String expert, EnvConfig config) {
            this(expert, config, config.run().eta0());
        }

        /** True when the schedule is shaped for another base LR than the run's. */
        public boolean rescue() {
            return scheduleEta0 != config.run().eta0();
        }

        /**
         * A stable, unique key: expert/optimizer/eta0/budget/seed, the expert written {@code expert@scheduleEta0}
         * for a rescue.
         */
        public String key() {
            RunConfig r = config.run();
            String who = rescue() ? expert + "@" + scheduleEta0 : expert;
            return String.format(Locale.ROOT, "%s/%s/%s/%d/%d", who, r.optimizer().id(), r.eta0(), r.steps(),
                    r.seed());
        }
    }

    /** The full grid for the given experts (default: the three of {@link Experts#NAMES}). */
    public static List<Entry> full(List<String> experts) {
        return grid(experts, BUDGETS, SEEDS);
    }

    /** A grid over the same optimizers and base LRs with other budgets and seeds (for small runs and tests). */
    public static List<Entry> grid(List<String> experts, int[] budgets, long[] seeds) {
        List<Entry> out = new ArrayList<>();
        for (String expert : experts) {
            for (OptimizerFamily opt : OptimizerFamily.values()) {
                double[] lrs = opt == OptimizerFamily.ADAM ? ADAM_ETA0 : SGD_ETA0;
                for (double eta0 : lrs) {
                    for (int budget : budgets) {
                        for (long seed : seeds) {
                            RunConfig run = RunConfig.of(Trainee.MLP, opt, eta0, budget, seed);
                            out.add(new Entry(expert, EnvConfig.learned(run)));
                        }
                    }
                }
            }
        }
        return out;
    }

    public static List<String> experts() {
        return Experts.NAMES;
    }
}
