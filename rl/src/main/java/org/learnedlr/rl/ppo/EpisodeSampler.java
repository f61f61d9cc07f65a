package org.learnedlr.rl.ppo;

import java.util.ArrayList;
import java.util.List;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Seeds;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.tensor.Rng;

/**
 * Where training episodes come from: a setting drawn uniformly from a grid of runs, with a training seed drawn
 * uniformly from [seedFrom, seedTo), on the environment {@code template} (its formulation, K, window, reward and
 * action space; its run is replaced).
 *
 * @param template the environment configuration every episode shares
 * @param settings the runs (trainee, optimizer, eta0, budget, batch size; their seeds are replaced)
 * @param seedFrom first training seed (default 0)
 * @param seedTo   one past the last training seed (default 1000: DESIGN.md section 5 keeps 1000-1009 for
 *                 validation and 2000-2004 for judging)
 */
public record EpisodeSampler(EnvConfig template, List<RunConfig> settings, long seedFrom, long seedTo) {
    public EpisodeSampler {
        settings = List.copyOf(settings);
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("settings: at least one is needed");
        }
        if (seedTo <= seedFrom || seedTo - seedFrom > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seedTo: the seed range [" + seedFrom + ", " + seedTo
                    + ") must be non-empty");
        }
    }

    /**
     * DESIGN.md section 5's MLP grid as training settings: SGD-momentum at eta0 0.03, 0.1, 0.3, 1.0, 3.0 and Adam at
     * 3e-4, 1e-3, 3e-3, 1e-2 over 2,000 steps, plus 4,000 steps for SGD at 0.1 and 1.0; batch 128; seeds 0-999.
     */
    public static EpisodeSampler designGrid(EnvConfig template) {
        List<RunConfig> s = new ArrayList<>();
        for (double lr : new double[]{0.03, 0.1, 0.3, 1.0, 3.0}) {
            s.add(RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, lr, 2000, 0));
        }
        for (double lr : new double[]{3e-4, 1e-3, 3e-3, 1e-2}) {
            s.add(RunConfig.of(Trainee.MLP, OptimizerFamily.ADAM, lr, 2000, 0));
        }
        s.add(RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 4000, 0));
        s.add(RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 1.0, 4000, 0));
        return new EpisodeSampler(template, s, 0, Seeds.TRAINING_END);
    }

    /** The same grid with every budget and batch size replaced (small runs, tests). */
    public EpisodeSampler withBudget(int steps, int batchSize) {
        List<RunConfig> s = new ArrayList<>();
        for (RunConfig r : settings) {
            RunConfig x = r.withSteps(steps).withBatchSize(batchSize);
            if (!s.contains(x)) {
                s.add(x);
            }
        }
        return new EpisodeSampler(template, s, seedFrom, seedTo);
    }

    /** The next episode's configuration. */
    public EnvConfig sample(Rng rng) {
        RunConfig r = settings.get(rng.nextInt(settings.size()));
        long seed = seedFrom + rng.nextInt((int) (seedTo - seedFrom));
        return template.withRun(r.withSeed(seed));
    }
}
