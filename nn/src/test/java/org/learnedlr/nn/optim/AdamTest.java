package org.learnedlr.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.Tensor;

class AdamTest {
    private static final double TOL = 1e-13;

    /** torch.optim.Adam / AdamW written out in doubles. */
    private static double[] reference(double[] init, AdamConfig c, boolean decoupled, int steps) {
        double[] p = init.clone();
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        for (int t = 1; t <= steps; t++) {
            double[] g = Reference.grad(p, t - 1);
            for (int i = 0; i < p.length; i++) {
                if (decoupled) {
                    p[i] *= 1 - c.lr() * c.weightDecay();
                } else {
                    g[i] += c.weightDecay() * p[i];
                }
                m[i] = c.beta1() * m[i] + (1 - c.beta1()) * g[i];
                v[i] = c.beta2() * v[i] + (1 - c.beta2()) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(c.beta1(), t));
                double vHat = v[i] / (1 - Math.pow(c.beta2(), t));
                p[i] -= c.lr() * mHat / (Math.sqrt(vHat) + c.eps());
            }
        }
        return p;
    }

    private static double[] run(Optimizer<AdamConfig> opt, Var p, int steps) {
        for (int t = 0; t < steps; t++) {
            Reference.setGrads(List.of(p), t);
            opt.step();
        }
        return p.value().toDoubleArray();
    }

    @Test
    void firstStepByHand() {
        // With zero moments, the bias-corrected first step is lr * g / (|g| + eps): p = 1 - 0.1 * 2 / (2 + 1e-8).
        Var p = Reference.param(1.0);
        Adam opt = new Adam(List.of(p), AdamConfig.adam().withLr(0.1));
        p.setGrad(Tensor.of(new double[]{2.0}, 1));
        opt.step();
        assertEquals(1 - 0.1 * 2 / (2 + 1e-8), p.value().item(), 1e-15);
        // Second step with g = -2: m = 0.9 * 0.2 - 0.2 = -0.02, v = 0.999 * 0.004 + 0.004 = 0.007996;
        // m / (1 - 0.81) = -0.02 / 0.19, v / (1 - 0.998001) = 4 exactly in exact arithmetic.
        double before = p.value().item();
        p.setGrad(Tensor.of(new double[]{-2.0}, 1));
        opt.step();
        double expected = before - 0.1 * (-0.02 / 0.19) / (Math.sqrt(0.007996 / (1 - 0.998001)) + 1e-8);
        assertEquals(expected, p.value().item(), 1e-12);
    }

    @Test
    void severalStepsMatchTheReference() {
        double[] init = {1.0, -2.0, 0.5, 3.0};
        AdamConfig[] configs = {
            AdamConfig.adam().withLr(0.05),
            AdamConfig.adam().withLr(0.05).withBeta1(0.5).withBeta2(0.9).withEps(1e-4),
            AdamConfig.adam().withLr(0.05).withWeightDecay(0.1),
            AdamConfig.adam().withLr(0.05).withBeta1(0),
        };
        for (AdamConfig c : configs) {
            Var p = Reference.param(init);
            Reference.assertClose(reference(init, c, false, 8), run(new Adam(List.of(p), c), p, 8), TOL, "Adam " + c);
            Var q = Reference.param(init);
            Reference.assertClose(reference(init, c, true, 8), run(new AdamW(List.of(q), c), q, 8), TOL, "AdamW " + c);
        }
    }

    @Test
    void adamWDecaysTheParameterNotTheGradient() {
        double[] init = {1.0, -2.0, 0.5};
        AdamConfig c = AdamConfig.adam().withLr(0.05).withWeightDecay(0.5);
        Var a = Reference.param(init);
        Var w = Reference.param(init);
        double[] adam = run(new Adam(List.of(a), c), a, 5);
        double[] adamW = run(new AdamW(List.of(w), c), w, 5);
        for (int i = 0; i < init.length; i++) {
            assertNotEquals(adam[i], adamW[i], 1e-6, "element " + i);
        }
        // One step by hand, p = 1, g = 0 (a zero gradient): Adam's decay goes through the adaptive scaling,
        // g' = 0.5, a full step of lr: p = 1 - 0.05 * 0.5 / (0.5 + 1e-8); AdamW's is plain shrinking with a zero
        // Adam step: p = 1 * (1 - 0.05 * 0.5) = 0.975.
        Var x = Reference.param(1.0);
        Var y = Reference.param(1.0);
        Adam ax = new Adam(List.of(x), c);
        AdamW ay = new AdamW(List.of(y), c);
        x.setGrad(Tensor.of(new double[]{0.0}, 1));
        y.setGrad(Tensor.of(new double[]{0.0}, 1));
        ax.step();
        ay.step();
        assertEquals(1 - 0.05 * 0.5 / (0.5 + 1e-8), x.value().item(), 1e-15);
        assertEquals(0.975, y.value().item(), 1e-15);
    }

    @Test
    void withoutDecayAdamWIsAdam() {
        double[] init = {1.0, -2.0, 0.5};
        AdamConfig c = AdamConfig.adam().withLr(0.01);
        Var a = Reference.param(init);
        Var w = Reference.param(init);
        assertArrayEquals(run(new Adam(List.of(a), c), a, 6), run(new AdamW(List.of(w), c), w, 6));
    }

    @Test
    void defaultsAreTorchs() {
        assertEquals(new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0), AdamConfig.adam());
        assertEquals(new AdamConfig(1e-3, 0.9, 0.999, 1e-8, 0.01), AdamConfig.adamW());
        assertEquals(new SgdConfig(1e-3, 0, 0, 0, false), SgdConfig.defaults());
        assertEquals(new AdadeltaConfig(1.0, 0.9, 1e-6, 0), AdadeltaConfig.defaults());
    }

    @Test
    void float32FollowsTheReference() {
        double[] init = {1.0, -2.0, 0.5};
        AdamConfig c = AdamConfig.adamW().withLr(0.01);
        Var p = Reference.param32(init);
        Reference.assertClose(reference(init, c, true, 6), run(new AdamW(List.of(p), c), p, 6), 1e-5, "float32");
    }

    @Test
    void learningRateAndBeta1ChangesTakeEffect() {
        double[] init = {1.0, -0.5};
        Var p = Reference.param(init);
        Adam opt = new Adam(List.of(p), AdamConfig.adam().withLr(0.1));
        double[] ref = init.clone();
        double[] m = new double[2];
        double[] v = new double[2];
        double[] lrs = {0.1, 0.02, 0.3, 0.05};
        double[] beta1s = {0.9, 0.85, 0.95, 0.9};
        for (int t = 1; t <= lrs.length; t++) {
            opt.setLr(lrs[t - 1]);
            opt.setMomentum(beta1s[t - 1]);
            assertEquals(beta1s[t - 1], opt.momentum(0));
            Reference.setGrads(List.of(p), t - 1);
            opt.step();
            double[] g = Reference.grad(ref, t - 1);
            for (int i = 0; i < 2; i++) {
                double b1 = beta1s[t - 1];
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = 0.999 * v[i] + (1 - 0.999) * g[i] * g[i];
                ref[i] -= lrs[t - 1] * (m[i] / (1 - Math.pow(b1, t))) / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t)))
                        + 1e-8);
            }
            Reference.assertClose(ref, p.value().toDoubleArray(), TOL, "step " + t);
        }
    }

    @Test
    void stepCountsArePerParameter() {
        Var a = Reference.param(1.0);
        Var b = Reference.param(1.0);
        Adam opt = new Adam(List.of(a, b), AdamConfig.adam().withLr(0.1));
        a.setGrad(Tensor.of(new double[]{1.0}, 1));
        opt.step();
        b.setGrad(Tensor.of(new double[]{1.0}, 1));
        opt.step();
        OptimizerState s = opt.stateDict();
        assertEquals(2.0, s.scalars().get("state.0.step"));
        assertEquals(1.0, s.scalars().get("state.1.step"));
        // b's first step is bias-corrected as a first step: a full lr step.
        assertEquals(1 - 0.1 / (1 + 1e-8), b.value().item(), 1e-15);
    }

    @Test
    void invalidSettingsAreRejectedNamingTheField() {
        for (double bad : new double[]{1.0, -0.1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AdamConfig.adam().withBeta1(bad));
            assertTrue(e.getMessage().contains("beta1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> AdamConfig.adam().withBeta2(bad));
            assertTrue(e.getMessage().contains("beta2"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdamConfig.adam().withEps(-1e-8));
        assertTrue(e.getMessage().contains("eps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AdamConfig.adam().withLr(Double.NEGATIVE_INFINITY));
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
    }
}
