package org.learnedlr.rl.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnedlr.rl.TestData;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.policy.Agent;
import org.learnedlr.rl.policy.DecisionCost;
import org.learnedlr.rl.policy.ObservationLayout;
import org.learnedlr.rl.policy.PolicyConfig;
import org.learnedlr.rl.policy.TransformerAgent;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

class PpoTrainerTest {
    @TempDir
    Path dir;

    static final EnvConfig TEMPLATE = EnvConfig.learned(RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1,
            32, 0));
    static final ObservationLayout LAYOUT = ObservationLayout.of(TEMPLATE);
    static final PolicyConfig TINY = PolicyConfig.defaults(LAYOUT).withSize(16, 2, 1, 32);

    /** The design grid shrunk to T = 32 steps at batch 32: two decisions per episode. */
    static EpisodeSampler tinyGrid() {
        return EpisodeSampler.designGrid(TEMPLATE).withBudget(32, 32);
    }

    static TransformerAgent agent(long seed) {
        return TransformerAgent.random(TINY, new Rng(seed));
    }

    static PpoConfig tiny(int iterations) {
        return PpoConfig.defaults().toBuilder().episodesPerIteration(2).maxIterations(iterations)
                .criticWarmupIterations(1).actorLrWarmupIterations(1).updateEpochs(2).minibatches(2).seed(11)
                .build();
    }

    @Test
    void aFewIterationsOnTheRealEnvironmentRunEndToEndAndLeaveACheckpointThatLoads() throws IOException {
        TransformerAgent a = agent(1);
        PpoResult r = new PpoTrainer(tiny(2), tinyGrid(), TestData.mnist()).train(a, dir, l -> { });
        assertEquals(2, r.logs().size());
        assertEquals(2, r.iterationsDone());
        IterationLog warm = r.logs().get(0);
        IterationLog moving = r.logs().get(1);
        assertEquals(0.0, warm.actorLr());                    // critic warm-up: the actor is frozen
        assertTrue(Double.isNaN(warm.pgLoss()));
        assertEquals(PpoConfig.defaults().actorLr(), moving.actorLr(), 1e-15);
        for (IterationLog l : r.logs()) {
            assertEquals(2, l.episodes());
            // 32 steps / K = 16 = 2 decisions an episode; 1 for an episode that diverges in its first interval
            // (the grid includes SGD at eta0 3.0).
            assertTrue(l.decisions() >= 2 && l.decisions() <= 4, l.summary());
            if (l.divergedFraction() == 0) {
                assertEquals(4, l.decisions(), l.summary());
            }
            assertTrue(Double.isFinite(l.vLoss()) && Double.isFinite(l.meanReturn()), l.summary());
        }
        assertTrue(Double.isFinite(moving.pgLoss()) && Double.isFinite(moving.kl()) && Double.isFinite(
                moving.approxKl()), moving.summary());
        assertEquals(r.logs().get(r.logs().size() - 1).traineeSteps(), r.traineeSteps());
        assertTrue(r.traineeSteps() <= 128 && r.traineeSteps() >= 64, "two iterations of two 32-step episodes, "
                + "fewer steps where one diverged: " + r.traineeSteps());
        assertEquals(Math.log(0.1), warm.logStd(), 1e-6);   // PPO starts from the configured log-std

        Path ckpt = dir.resolve(PpoCheckpoint.FILE);
        assertTrue(Files.exists(ckpt));
        TransformerAgent back = agent(99);
        PpoCheckpoint.loadAgent(ckpt, back);
        assertSameWeights(a, back);
        assertEquals(3, Files.readAllLines(dir.resolve(PpoTrainer.LOG_FILE)).size());
    }

    @Test
    void resumingAfterAKillGivesTheUninterruptedResultBitForBit() throws IOException {
        PpoConfig cfg = tiny(2);
        TransformerAgent straight = agent(5);
        new PpoTrainer(cfg, tinyGrid(), TestData.mnist()).train(straight, dir.resolve("straight"), l -> { });

        Path run = dir.resolve("killed");
        TransformerAgent first = agent(5);
        RuntimeException kill = new RuntimeException("killed");
        assertThrows(RuntimeException.class, () -> new PpoTrainer(cfg, tinyGrid(), TestData.mnist()).train(first, run,
                l -> {
                    throw kill;   // dies right after iteration 0's checkpoint
                }));
        TransformerAgent resumed = agent(5);   // a fresh process builds the same starting agent
        PpoResult r = new PpoTrainer(cfg.toBuilder().workers(1).build(), tinyGrid(), TestData.mnist())
                .train(resumed, run, l -> { });
        assertEquals(1, r.logs().size());
        assertEquals(1, r.logs().get(0).iteration());
        assertSameWeights(straight, resumed);
        assertEquals(Files.readAllLines(dir.resolve("straight").resolve(PpoTrainer.LOG_FILE)).size(),
                Files.readAllLines(run.resolve(PpoTrainer.LOG_FILE)).size());

        // Settings that change the result cannot resume the run.
        IOException e = assertThrows(IOException.class, () -> new PpoTrainer(cfg.toBuilder().klCoef(0.5).build(),
                tinyGrid(), TestData.mnist()).train(agent(5), run, l -> { }));
        assertTrue(e.getMessage().contains("klCoef"), e.getMessage());
    }

    static void assertSameWeights(Agent a, Agent b) {
        for (var pair : List.of(Map.entry(a.actor(), b.actor()), Map.entry(a.critic(), b.critic()))) {
            Map<String, Tensor> x = pair.getKey().stateDict();
            Map<String, Tensor> y = pair.getValue().stateDict();
            assertEquals(x.keySet(), y.keySet());
            x.forEach((k, v) -> assertArrayEquals(v.toFloatArray(), y.get(k).toFloatArray(), k));
        }
    }

    /**
     * A cheap task: one decision per episode on a fixed observation, reward -(a - 0.5)^2. PPO must move the mean
     * action from where a fresh policy puts it (minus the observation's LR level) toward 0.5.
     */
    @Test
    void aFewIterationsSolveACheapBandit() throws IOException {
        Observation o = DecisionCost.randomObservation(LAYOUT, new Rng(3), true);
        PpoTrainer.EpisodeFunction bandit = (agent, env, seed) -> {
            Agent.Sample s = agent.sample(o, new Rng(seed));
            double r = -(s.action() - 0.5) * (s.action() - 0.5);
            return new Trajectory(env, seed, List.of(o), new double[]{s.action()}, new double[]{s.logProb()},
                    new double[]{r}, true, o, false, 0, Double.NaN);
        };
        PpoConfig cfg = PpoConfig.defaults().toBuilder().episodesPerIteration(32).maxIterations(15)
                .criticWarmupIterations(0).actorLrWarmupIterations(0).actorLr(3e-3).criticLr(3e-3).klCoef(0)
                .targetKl(0).entCoef(0).initialLogStd(Math.log(0.3)).seed(2).build();
        TransformerAgent a = agent(2);
        double before = a.meanAction(o);
        PpoResult r = new PpoTrainer(cfg, tinyGrid(), null).withEpisodes(bandit).train(a, dir, l -> { });
        double after = a.meanAction(o);
        assertTrue(Math.abs(before - 0.5) > 0.3, "starts away from 0.5: " + before);
        assertTrue(Math.abs(after - 0.5) < 0.15, "mean action " + before + " -> " + after);
        IterationLog last = r.logs().get(r.logs().size() - 1);
        assertTrue(last.meanReturn() > r.logs().get(0).meanReturn(), last.summary());
    }
}
