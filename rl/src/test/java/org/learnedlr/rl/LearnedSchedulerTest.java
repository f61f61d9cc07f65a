package org.learnedlr.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.learnedlr.rl.env.ActionSpace;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.LrEnvironment;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.env.StepOutcome;
import org.learnedlr.rl.policy.ObservationLayout;
import org.learnedlr.rl.policy.PolicyConfig;
import org.learnedlr.rl.policy.SavedPolicy;
import org.learnedlr.rl.policy.TransformerPolicy;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.tensor.Rng;

class LearnedSchedulerTest {

    private static SavedPolicy policy(EnvConfig env, long seed) {
        ObservationLayout layout = ObservationLayout.of(env);
        TransformerPolicy p = new TransformerPolicy(PolicyConfig.defaults(layout), new Rng(seed));
        return new SavedPolicy(p, layout, env.actions(), "test", "random init");
    }

    @Test
    void fedAnEpisodesSignalsItReturnsTheEnvironmentsLearningRatesBitForBit() {
        RunConfig run = new RunConfig(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.05, 64, 32, 32, 11);
        EnvConfig config = EnvConfig.learned(run);
        SavedPolicy policy = policy(config, 3);
        LrEnvironment env = new LrEnvironment(config, TestData.mnist());
        Observation o = env.reset();
        List<Double> envLrs = new ArrayList<>();
        boolean done = false;
        while (!done) {
            StepOutcome s = env.act(policy.meanAction(o));
            envLrs.add(s.info().lr());
            o = s.observation();
            done = s.done();
        }
        LearnedScheduler lrs = new LearnedScheduler(policy, 0.05, 64, OptimizerFamily.SGD_MOMENTUM);
        List<Double> embedded = new ArrayList<>();
        embedded.add(lrs.lr());
        for (int t = 0; t < env.history().size(); t++) {
            double next = lrs.step(env.history().get(t));
            if ((t + 1) % 16 == 0 && t + 1 < 64) {
                embedded.add(next);
            }
        }
        assertEquals(envLrs, embedded);
        assertEquals(4, embedded.size());
    }

    @Test
    void missingInputsUnknownBudgetAndPastTheEndAreDefined() {
        RunConfig run = RunConfig.of(Trainee.MLP, OptimizerFamily.ADAM, 1e-3, 32, 0);
        SavedPolicy policy = policy(EnvConfig.learned(run), 4);
        LearnedScheduler unknown = new LearnedScheduler(policy, 1e-3, 0, OptimizerFamily.ADAM);
        ActionSpace band = policy.actions();
        for (int t = 0; t < 100; t++) {
            double loss = t == 50 ? Double.NaN : 2.0 / (1 + t);
            double[] norms = t % 3 == 0 ? null : new double[]{1.0, 0.5};
            double lr = unknown.step(loss, t % 4 == 3 ? OptionalDouble.of(1.0) : OptionalDouble.empty(), norms);
            assertTrue(lr >= band.bandLow() * 1e-3 * (1 - 1e-12) && lr <= band.bandHigh() * 1e-3 * (1 + 1e-12), "" + lr);
        }
        LearnedScheduler past = new LearnedScheduler(policy, 1e-3, 32, OptimizerFamily.ADAM);
        for (int t = 0; t < 80; t++) {
            assertTrue(Double.isFinite(past.step(1.0, OptionalDouble.empty(), new double[]{1, 1})));
        }
        assertEquals(80, past.stepsSeen());
    }

    @Test
    void stateRoundTripContinuesIdentically() {
        RunConfig run = RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 200, 0);
        SavedPolicy policy = policy(EnvConfig.learned(run), 5);
        LearnedScheduler a = new LearnedScheduler(policy, 0.1, 200, OptimizerFamily.SGD_MOMENTUM);
        for (int t = 0; t < 40; t++) {
            a.step(1.0 / (1 + t), OptionalDouble.of(1.2), new double[]{0.5 + t, 0.1});
        }
        byte[] state = a.saveState();
        LearnedScheduler b = new LearnedScheduler(policy, 0.1, 200, OptimizerFamily.SGD_MOMENTUM);
        b.restoreState(state);
        for (int t = 40; t < 80; t++) {
            double la = a.step(1.0 / (1 + t), OptionalDouble.empty(), new double[]{0.5 + t, 0.1});
            double lb = b.step(1.0 / (1 + t), OptionalDouble.empty(), new double[]{0.5 + t, 0.1});
            assertEquals(la, lb, 0.0);
        }
        LearnedScheduler other = new LearnedScheduler(policy, 0.2, 200, OptimizerFamily.SGD_MOMENTUM);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.restoreState(state));
        assertTrue(e.getMessage().contains("eta0"));
        assertThrows(IllegalArgumentException.class, () -> b.restoreState(new byte[]{1, 2, 3}));
        assertNotEquals(0, state.length);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new LearnedScheduler(policy, -1, 10, OptimizerFamily.ADAM)).getMessage().contains("eta0"));
    }
}
