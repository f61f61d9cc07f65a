package org.learnedlr.rl.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.tensor.Rng;

class TransformerPolicyTest {
    static final ObservationLayout LAYOUT = ObservationLayout.of(
            EnvConfig.learned(RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 2000, 0)));
    /** A narrow policy over the real observation layout, so the tests stay fast. */
    static final PolicyConfig SMALL = PolicyConfig.defaults(LAYOUT).withSize(16, 2, 2, 32);

    static Observation obs(Rng rng, int presentPatches) {
        Observation full = DecisionCost.randomObservation(LAYOUT, rng, true);
        float[] mask = full.patchMask().clone();
        float[] patches = full.patches().clone();
        int p = LAYOUT.patches();
        for (int j = 0; j < p - presentPatches; j++) {
            mask[j] = 0f;
            Arrays.fill(patches, j * LAYOUT.patchFeatures(), (j + 1) * LAYOUT.patchFeatures(), 0f);
        }
        return new Observation(patches, mask, full.globals(), full.patchFeatures());
    }

    @Test
    void aLevelHeadSubtractsTheCurrentLevelAndARelativeHeadDoesNot() {
        for (boolean level : new boolean[]{true, false}) {
            PolicyConfig c = new PolicyConfig(16, 2, 2, 32, SMALL.patches(), SMALL.patchFeatures(), SMALL.globals(), 0,
                    Math.log(0.1), level);
            TransformerPolicy p = new TransformerPolicy(c, new Rng(4));
            p.stateDict().get("mean_head.weight").fill(0.0);                  // the head outputs its bias alone
            p.stateDict().get("mean_head.bias").fill(0.3);
            Observation o = obs(new Rng(5), 7);
            double current = o.globals()[PolicyConfig.CURRENT_LR_GLOBAL];
            assertTrue(Math.abs(current) > 1e-3, "the random observation should sit off eta0");
            assertEquals(level ? 0.3 - current : 0.3, p.meanAction(o), 1e-6, "levelHead " + level);
        }
    }

    @Test
    void designDefaultsMatchTheLayoutAndCountParameters() {
        PolicyConfig c = PolicyConfig.defaults(LAYOUT);
        assertEquals(new PolicyConfig(64, 2, 4, 256, 32, 192, 4, 0.0, Math.log(0.1), true), c);
        assertEquals(33, c.tokens());
        TransformerPolicy p = new TransformerPolicy(c, new Rng(0));
        long d = 64;
        long layer = (3 * d * d + 3 * d) + (d * d + d) + (d * 256 + 256) + (256 * d + d) + 4 * d;
        long trunk = (192 * d + d) + (4 * d + d) + 33 * d + 4 * layer + 2 * d;
        assertEquals(trunk + d + 1 + 1, p.parameterCount());
        assertEquals(trunk + d + 1, new TransformerCritic(c, new Rng(0)).parameterCount());
        List<String> names = new ArrayList<>(p.namedParameters().keySet());
        assertEquals("log_std", names.get(0));   // a module's own parameters come before its children's
        assertEquals("trunk.pos_embedding", names.get(1));
        assertEquals("trunk.patch_embed.weight", names.get(2));
        assertTrue(names.contains("trunk.pos_embedding"));
        assertTrue(names.contains("trunk.encoder.layers.3.self_attn.in_proj_weight"));
        assertTrue(names.contains("trunk.encoder.norm.weight"));
        assertEquals(List.of("mean_head.weight", "mean_head.bias"), names.subList(names.size() - 2, names.size()));
    }

    @Test
    void batchedForwardHasTheRightShapesAndAgreesWithSingleForwards() {
        Rng rng = new Rng(3);
        TransformerAgent agent = TransformerAgent.random(SMALL, rng);
        List<Observation> batch = List.of(obs(rng, 32), obs(rng, 0), obs(rng, 5));
        try (NoGrad ignored = NoGrad.enter()) {
            Var mean = agent.actionMean(batch);
            Var value = agent.value(batch);
            assertArrayEquals(new int[]{3, 1}, mean.shape());
            assertArrayEquals(new int[]{3}, value.shape());
            assertArrayEquals(new int[]{1}, agent.logStd().shape());
            float[] m = mean.value().toFloatArray();
            float[] v = value.value().toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertEquals(m[i], agent.actionMean(List.of(batch.get(i))).item(), 1e-5);
                assertEquals(v[i], agent.value(List.of(batch.get(i))).item(), 1e-5);
                assertTrue(Float.isFinite(m[i]) && Float.isFinite(v[i]));
            }
        }
    }

    @Test
    void aStepZeroObservationWorksAndMaskedPatchesAreIgnored() {
        Rng rng = new Rng(4);
        TransformerPolicy p = new TransformerPolicy(SMALL, rng);
        Observation empty = obs(rng, 0);
        double a = p.meanAction(empty);
        assertTrue(Double.isFinite(a));
        // Garbage in masked patches changes nothing: no query attends to them.
        float[] garbage = empty.patches().clone();
        Arrays.fill(garbage, 7f);
        Observation same = new Observation(garbage, empty.patchMask(), empty.globals(), empty.patchFeatures());
        assertEquals(a, p.meanAction(same), 1e-6);
        // Partly masked: the masked (oldest) patches do not matter either.
        Observation part = obs(rng, 4);
        float[] g2 = part.patches().clone();
        Arrays.fill(g2, 0, LAYOUT.patchFeatures(), -3f);
        assertEquals(p.meanAction(part), p.meanAction(new Observation(g2, part.patchMask(), part.globals(),
                part.patchFeatures())), 1e-6);
    }

    @Test
    void aFreshPolicyHoldsTheLearningRateAtEta0() {
        Rng rng = new Rng(5);
        TransformerPolicy p = new TransformerPolicy(PolicyConfig.defaults(LAYOUT), rng);
        List<Observation> batch = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            batch.add(obs(rng, i * 4));
        }
        try (NoGrad ignored = NoGrad.enter()) {
            float[] means = p.mean(batch).value().toFloatArray();
            for (int i = 0; i < means.length; i++) {
                // The level head starts near 0 (gain 0.01): the action moves the LR back to eta0.
                float current = batch.get(i).globals()[PolicyConfig.CURRENT_LR_GLOBAL];
                assertEquals(-current, means[i], 0.1, "fresh mean " + means[i] + " at level " + current);
            }
        }
        assertEquals(Math.log(0.1), p.logStd().item(), 1e-6);
    }

    @Test
    void logProbabilitiesAndEntropyMatchADirectComputation() {
        Rng rng = new Rng(6);
        TransformerAgent agent = TransformerAgent.random(SMALL, rng);
        agent.setLogStd(-1.3);
        List<Observation> batch = List.of(obs(rng, 32), obs(rng, 1));
        double[] actions = {0.25, -0.4};
        try (NoGrad ignored = NoGrad.enter()) {
            float[] lp = agent.policy().logProb(batch, actions).value().toFloatArray();
            float[] mu = agent.actionMean(batch).value().toFloatArray();
            double sigma = Math.exp(-1.3);
            for (int i = 0; i < 2; i++) {
                double direct = -Math.pow(actions[i] - mu[i], 2) / (2 * sigma * sigma) - Math.log(sigma)
                        - 0.5 * Math.log(2 * Math.PI);
                assertEquals(direct, lp[i], 1e-5);
                assertEquals(direct, Agent.gaussianLogProb(actions[i], mu[i], -1.3), 1e-9);
            }
            assertEquals(-1.3 + 0.5 * (1 + Math.log(2 * Math.PI)), agent.policy().entropy().item(), 1e-6);
        }
        // sample(): a = mu + sigma * eps with the Rng's Gaussian, and its log-density.
        Observation o = batch.get(0);
        Agent.Sample s = agent.sample(o, new Rng(42));
        double eps = new Rng(42).nextGaussian();
        assertEquals(s.mean() + Math.exp(s.logStd()) * eps, s.action(), 1e-12);
        assertEquals(-1.3, s.logStd(), 1e-6);
        assertEquals(Agent.gaussianLogProb(s.action(), s.mean(), s.logStd()), s.logProb(), 1e-12);
        assertEquals(agent.meanAction(o), s.mean(), 1e-6);
    }

    @Test
    void copiesAreIndependentAndEqual() {
        Rng rng = new Rng(7);
        TransformerAgent a = TransformerAgent.random(SMALL, rng);
        TransformerAgent b = a.copy();
        Observation o = obs(rng, 32);
        assertEquals(a.meanAction(o), b.meanAction(o));
        b.setLogStd(0.5);
        assertEquals(Math.log(0.1), a.logStd().item(), 1e-6);
        b.policy().namedParameters().get("mean_head.bias").value().fill(1.0);
        assertTrue(a.meanAction(o) != b.meanAction(o));
    }

    @Test
    void observationsOfAnotherLayoutAndBadConfigurationsAreRejectedByName() {
        TransformerPolicy p = new TransformerPolicy(SMALL, new Rng(0));
        Observation wrong = new Observation(new float[4 * 10], new float[4], new float[4], 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.meanAction(wrong));
        assertTrue(e.getMessage().contains("expects 32"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PolicyConfig(64, 3, 4, 256, 32, 192, 4, 0,
                0, true)).getMessage().startsWith("heads"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PolicyConfig(64, 2, 0, 256, 32, 192, 4, 0,
                0, true)).getMessage().startsWith("layers"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PolicyConfig(64, 2, 4, 256, 32, 192, 4, 1,
                0, true)).getMessage().startsWith("dropout"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PolicyConfig(64, 2, 4, 256, 32, 192, 1, 0,
                0, true)).getMessage().startsWith("levelHead"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ObservationLayout(500, 16, 8, true, 16, 4))
                .getMessage().startsWith("window"));
    }
}
