package org.learnedlr.rl.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.rl.TestData;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.env.Subramanian;
import org.learnedlr.rl.ppo.EpisodeSampler;
import org.learnedlr.rl.ppo.IterationLog;
import org.learnedlr.rl.ppo.PpoCheckpoint;
import org.learnedlr.rl.ppo.PpoConfig;
import org.learnedlr.rl.ppo.PpoResult;
import org.learnedlr.rl.ppo.PpoTrainer;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

class SubramanianBaselineTest {
    @TempDir
    Path dir;

    static Observation obs(double... v) {
        float[] g = new float[v.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) v[i];
        }
        return new Observation(new float[0], new float[0], g, 0);
    }

    @Test
    void cleanRlLayoutNamesAndInitialisation() {
        MlpAgent a = new MlpAgent(10, new Rng(0));
        List<String> actor = new ArrayList<>(a.actor().stateDict().keySet());
        assertEquals(List.of("actor_logstd", "obs_rms.mean", "obs_rms.var", "obs_rms.count", "actor_mean.0.weight",
                "actor_mean.0.bias", "actor_mean.2.weight", "actor_mean.2.bias", "actor_mean.4.weight",
                "actor_mean.4.bias"), actor);
        assertEquals(List.of("critic.0.weight", "critic.0.bias", "critic.2.weight", "critic.2.bias",
                "critic.4.weight", "critic.4.bias"), new ArrayList<>(a.critic().stateDict().keySet()));
        // Orthogonal with gain sqrt 2: the rows of the (64, 10) weight... the 10 columns are orthogonal, norm sqrt 2.
        float[] w = a.actor().stateDict().get("actor_mean.0.weight").toFloatArray();
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                double dot = 0;
                for (int r = 0; r < 64; r++) {
                    dot += w[r * 10 + i] * w[r * 10 + j];
                }
                assertEquals(i == j ? 2.0 : 0.0, dot, 1e-5);
            }
        }
        double outNorm = 0;
        for (float x : a.actor().stateDict().get("actor_mean.4.weight").toFloatArray()) {
            outNorm += x * x;
        }
        assertEquals(0.01, Math.sqrt(outNorm), 1e-6);
        assertEquals(0.0, a.logStd().item());
        try (NoGrad ignored = NoGrad.enter()) {
            Var m = a.actionMean(List.of(obs(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), obs(new double[10])));
            assertArrayEquals(new int[]{2, 1}, m.shape());
            assertArrayEquals(new int[]{2}, a.value(List.of(obs(new double[10]), obs(new double[10]))).shape());
        }
    }

    @Test
    void theActionSpansTheRangeOnALogScale() {
        MlpAgent a = new MlpAgent(10, new Rng(0));
        assertEquals(-3.0, a.toEnvAction(0), 0.0);
        assertEquals(-6.0, a.toEnvAction(-1), 0.0);
        assertEquals(0.0, a.toEnvAction(1), 0.0);
        double lr = a.lr(obs(new double[10]));
        assertTrue(lr > 5e-4 && lr < 2e-3, "a fresh policy asks for about 1e-3: " + lr);
        assertEquals(1e-6, Subramanian.lr(a.toEnvAction(-5)), 1e-18);   // clipped by the environment
    }

    @Test
    void observationNormalisationFollowsTheRunningStatisticsAndIsCopied() {
        MlpAgent a = new MlpAgent(2, new Rng(0));
        List<Observation> batch = List.of(obs(1, 10), obs(3, 10), obs(5, 10));
        a.updateObservationStatistics(batch);
        ObservationNormalizer n = a.normalizer();
        double c = 1e-4;
        // mean' = 0 + (3 - 0) * 3 / (3 + c); var' = (1 * c + (8/3) * 3 + 9 * c * 3 / (3 + c)) / (3 + c)
        assertEquals(3 * 3 / (3 + c), n.mean()[0], 1e-12);
        assertEquals((c + 8 + 9 * c * 3 / (3 + c)) / (3 + c), n.var()[0], 1e-12);
        assertEquals(3 + c, n.count(), 1e-12);
        float[] x = n.normalize(List.of(obs(3, 10))).toFloatArray();
        assertEquals((3 - n.mean()[0]) / Math.sqrt(n.var()[0] + 1e-8), x[0], 1e-6);
        // The second feature is constant: its variance is ~0, so anything else is clipped to +-10.
        assertEquals(10f, n.normalize(List.of(obs(0, 11))).toFloatArray()[1]);
        MlpAgent b = a.copy();
        assertArrayEquals(n.mean(), b.normalizer().mean());
        assertEquals(a.meanAction(obs(2, 10)), b.meanAction(obs(2, 10)));
        b.updateObservationStatistics(batch);
        assertEquals(3 + c, a.normalizer().count(), 1e-12, "a copy's statistics are its own");
    }

    @Test
    void ppoFromRandomRunsOnTheSubramanianEnvironmentWithinTheBudgetAndResumesBitForBit() throws IOException {
        EpisodeSampler grid = SubramanianBaseline.designGrid().withBudget(32, 32);
        assertEquals(10, grid.template().buckets() + 2);
        PpoConfig cfg = PpoConfig.subramanian().toBuilder().episodesPerIteration(2).updateEpochs(2).seed(4).build();
        long budget = 5 * 32;   // about five episodes (fewer steps when a run diverges and ends early)
        PpoResult r = SubramanianBaseline.train(cfg, budget, grid, TestData.mnist(), dir.resolve("a"), l -> { });
        assertTrue(r.traineeSteps() >= budget && r.traineeSteps() < budget + 32, "steps " + r.traineeSteps());
        assertTrue(r.iterationsDone() >= 3, "iterations " + r.iterationsDone());
        for (IterationLog l : r.logs()) {
            assertTrue(Double.isFinite(l.pgLoss()) && Double.isFinite(l.vLoss()), l.summary());
            assertEquals(1e-3, l.actorLr(), 0.0);
        }
        MlpAgent trained = (MlpAgent) r.agent();
        assertTrue(trained.normalizer().count() > 10, "observation statistics were updated");

        // Killed after the first iteration and resumed: the same agent, statistics included.
        Path run = dir.resolve("b");
        PpoConfig c2 = cfg.toBuilder().maxTraineeSteps(budget).maxIterations(Integer.MAX_VALUE).build();
        try {
            new PpoTrainer(c2, grid, TestData.mnist()).train(SubramanianBaseline.newAgent(grid, cfg.seed()), run, l -> {
                throw new IllegalStateException("killed");
            });
        } catch (IllegalStateException expected) {
            // the kill
        }
        MlpAgent resumed = SubramanianBaseline.newAgent(grid, cfg.seed());
        new PpoTrainer(c2, grid, TestData.mnist()).train(resumed, run, l -> { });
        for (var pair : List.of(Map.entry(trained.actor(), resumed.actor()),
                Map.entry(trained.critic(), resumed.critic()))) {
            Map<String, Tensor> x = pair.getKey().stateDict();
            x.forEach((k, v) -> assertArrayEquals(v.toDoubleArray(), pair.getValue().stateDict().get(k)
                    .toDoubleArray(), k));
        }

        // The saved actor loads and decides the same.
        trained.save(dir.resolve("baseline.safetensors"), "unknown", "test");
        MlpAgent back = MlpAgent.load(dir.resolve("baseline.safetensors"));
        Observation o = obs(0.5, 3, 0, 0, 0, 0, 0, 0, 0, 0);
        assertEquals(trained.lr(o), back.lr(o));
        MlpAgent fromCkpt = new MlpAgent(10, new Rng(9));
        PpoCheckpoint.loadAgent(dir.resolve("a").resolve(PpoCheckpoint.FILE), fromCkpt);
        assertEquals(trained.lr(o), fromCkpt.lr(o));
    }

    @Test
    void theMatchedBudgetCountsDemonstrationStepsAndPpoSteps() {
        assertEquals(1234, SubramanianBaseline.matchedBudget(List.of(), 1234));
    }
}
