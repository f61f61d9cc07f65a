package org.learnedlr.rl.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.TestData;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;

class LrEnvironmentTest {

    private static EnvConfig tiny(double eta0, int steps, long seed) {
        RunConfig run = new RunConfig(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, eta0, steps, 32, 32, seed);
        return EnvConfig.learned(run);
    }

    /** Rewards of an episode that keeps the LR constant. */
    private static List<Double> rewards(LrEnvironment env) {
        List<Double> out = new ArrayList<>();
        env.reset();
        StepOutcome o;
        do {
            o = env.act(0.0);
            out.add(o.reward());
        } while (!o.done());
        return out;
    }

    @Test
    void anEpisodeRunsToTheBudgetWithOneDecisionPerInterval() {
        MnistSplits data = TestData.mnist();
        LrEnvironment env = new LrEnvironment(tiny(0.05, 40, 1), data);
        Observation first = env.reset();
        assertArrayEquals(new float[32], first.patchMask());
        List<IntervalInfo> infos = new ArrayList<>();
        StepOutcome o;
        do {
            o = env.act(0.0);
            infos.add(o.info());
        } while (!o.done());
        assertEquals(3, infos.size());
        assertEquals(16, infos.get(0).steps());
        assertEquals(8, infos.get(2).steps());
        assertEquals(40, env.run().stepsDone());
        assertFalse(infos.get(2).diverged());
        assertEquals(40, env.history().size());
        assertTrue(env.history().hasReferences());
        assertThrows(IllegalStateException.class, () -> env.act(0.0));
        // The second decision already sees the first interval.
        assertEquals(1f, o.observation().patchMask()[31]);
    }

    @Test
    void improvementTermTelescopes() {
        LrEnvironment env = new LrEnvironment(tiny(0.05, 48, 2), TestData.mnist());
        env.reset();
        double vStart = env.history().size() == 0 ? Double.NaN : 0;
        double sum = 0;
        double lastV = 0;
        StepOutcome o;
        List<IntervalInfo> infos = new ArrayList<>();
        do {
            o = env.act(0.0);
            sum += o.info().improvement();
            lastV = o.info().meanValidationLoss();
            infos.add(o.info());
        } while (!o.done());
        double firstV = infos.get(0).meanValidationLoss();
        // sum = -log(V_end / V_start): check via the first interval's own term.
        double vStartBack = firstV * Math.exp(infos.get(0).improvement());
        assertEquals(-Math.log(lastV / vStartBack), sum, 1e-9);
        assertTrue(Double.isNaN(vStart) || vStart == 0);
    }

    @Test
    void divergenceEndsTheEpisodeWithThePenaltyAndNeverThrows() {
        LrEnvironment env = new LrEnvironment(tiny(1e4, 64, 3), TestData.mnist());
        env.reset();
        StepOutcome o;
        int decisions = 0;
        do {
            o = env.act(0.0);
            decisions++;
        } while (!o.done());
        assertTrue(o.info().diverged());
        assertEquals(RewardConfig.DEFAULT.divergencePenalty(), o.reward());
        assertTrue(decisions <= 4);
        // The next episode starts clean: a fresh run from step 0, and nothing shared is poisoned.
        Observation fresh = env.reset();
        assertArrayEquals(new float[32], fresh.patchMask());
        assertEquals(0, env.history().size());
        assertEquals(0, env.act(0.0).info().decision());
        LrEnvironment sane = new LrEnvironment(tiny(0.05, 32, 3), TestData.mnist());
        sane.reset();
        assertFalse(sane.act(0.0).info().diverged());
    }

    @Test
    void sameSeedSameEpisodeBitForBitAndThreadsDoNotInterfere() throws Exception {
        MnistSplits data = TestData.mnist();
        List<Double> alone = rewards(new LrEnvironment(tiny(0.05, 32, 7), data));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<Double>> a = pool.submit(() -> rewards(new LrEnvironment(tiny(0.05, 32, 7), data)));
            Future<List<Double>> b = pool.submit(() -> rewards(new LrEnvironment(tiny(0.05, 32, 8), data)));
            assertEquals(alone, a.get());
            assertFalse(alone.equals(b.get()));
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void subramanianFormulationHasTenDecisionsAndItsOwnObservation() {
        RunConfig run = new RunConfig(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 50, 32, 32, 4);
        LrEnvironment env = new LrEnvironment(EnvConfig.subramanian(run), TestData.mnist());
        Observation o = env.reset();
        assertEquals(2 + EnvConfig.DEFAULT_BUCKETS, o.globals().length);
        assertEquals(10f, o.globals()[1]);
        int decisions = 0;
        StepOutcome s;
        do {
            s = env.act(-1.0);
            decisions++;
            assertEquals(0.1, s.info().lr(), 1e-15);
        } while (!s.done());
        assertEquals(10, decisions);
        // Last decision: nothing remains, so the reward is 10 (best - val) only.
        assertEquals(0f, s.observation().globals()[1]);
    }

    @Test
    void nonsenseConfigurationIsRejectedNamingTheParameter() {
        RunConfig run = new RunConfig(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 8, 32, 32, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnvConfig.learned(run));
        assertTrue(e.getMessage().contains("steps"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new RunConfig(Trainee.MLP, OptimizerFamily.ADAM, -1, 100, 32, 32, 0))
                .getMessage().contains("eta0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Trainee.parse("vgg"))
                .getMessage().contains("trainee"));
    }
}
