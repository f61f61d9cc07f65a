package org.learnedlr.rl.baseline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.demo.Demonstration;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.Formulation;
import org.learnedlr.rl.ppo.EpisodeSampler;
import org.learnedlr.rl.ppo.IterationLog;
import org.learnedlr.rl.ppo.PpoConfig;
import org.learnedlr.rl.ppo.PpoResult;
import org.learnedlr.rl.ppo.PpoTrainer;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.tensor.Rng;

/**
 * The Subramanian et al. 2023 baseline as DESIGN.md section 4 states it: PPO from a random 64-64 tanh MLP
 * actor-critic ({@link MlpAgent}) on the environment's Subramanian formulation (about 10 decisions per episode; the
 * observation is the last validation loss, the decisions remaining and the G gradient-norm buckets; the action is
 * log10 of the LR in [-6, 0]; the reward 10 (best_val - val) + remaining, divergence -(1000 + 1000 U)), with
 * {@link PpoConfig#subramanian()} (PPO learning rate 1e-3), on the same training grid and seeds as the learned
 * scheduler, for a budget of trainee steps the caller sets to match one BC + PPO policy's total.
 *
 * <p>The same {@link PpoTrainer} trains it as trains the transformer: only the agent and the environment differ.
 */
public final class SubramanianBaseline {
    private SubramanianBaseline() {
    }

    /** The training grid of DESIGN.md section 5 on the Subramanian formulation. */
    public static EpisodeSampler designGrid() {
        return EpisodeSampler.designGrid(EnvConfig.subramanian(RunConfig.of(Trainee.MLP,
                OptimizerFamily.SGD_MOMENTUM, 0.1, 2000, 0)));
    }

    /** A fresh agent for the sampler's observations (2 + G values). */
    public static MlpAgent newAgent(EpisodeSampler sampler, long seed) {
        EnvConfig t = sampler.template();
        if (t.formulation() != Formulation.SUBRAMANIAN) {
            throw new IllegalArgumentException("sampler: the baseline needs the SUBRAMANIAN formulation, got "
                    + t.formulation());
        }
        return new MlpAgent(2 + t.buckets(), new Rng(seed));
    }

    /**
     * Trains the baseline from a random policy until {@code traineeSteps} trainee steps are spent (checkpointed and
     * resumable in {@code runDir}).
     *
     * @param config PPO's settings ({@link PpoConfig#subramanian()} for the paper's); its maxTraineeSteps is
     *               replaced by {@code traineeSteps}
     */
    public static PpoResult train(PpoConfig config, long traineeSteps, EpisodeSampler sampler, MnistSplits data,
                                  Path runDir, Consumer<IterationLog> log) throws IOException {
        if (traineeSteps < 1) {
            throw new IllegalArgumentException("traineeSteps: the budget must be >= 1, got " + traineeSteps);
        }
        PpoConfig c = config.toBuilder().maxTraineeSteps(traineeSteps).maxIterations(Integer.MAX_VALUE).build();
        MlpAgent agent = newAgent(sampler, c.seed());
        return new PpoTrainer(c, sampler, data).train(agent, runDir, log);
    }

    /**
     * The budget that matches one BC + PPO policy: the trainee steps of the demonstrations it was cloned from plus
     * those of its PPO episodes.
     */
    public static long matchedBudget(List<Demonstration> demonstrationsUsed, long ppoTraineeSteps) {
        long s = ppoTraineeSteps;
        for (Demonstration d : demonstrationsUsed) {
            s += d.signals().size();
        }
        return s;
    }
}
