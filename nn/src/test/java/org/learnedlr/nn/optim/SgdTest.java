package org.learnedlr.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.Tensor;

class SgdTest {
    private static final double TOL = 1e-14;

    /** torch.optim.SGD written out in doubles; the momentum buffer starts as the first gradient. */
    private static double[] reference(double[] init, SgdConfig c, int steps) {
        double[] p = init.clone();
        double[] buf = null;
        for (int t = 0; t < steps; t++) {
            double[] g = Reference.grad(p, t);
            for (int i = 0; i < p.length; i++) {
                g[i] += c.weightDecay() * p[i];
            }
            double[] d = g.clone();
            if (c.momentum() != 0) {
                if (buf == null) {
                    buf = g.clone();
                } else {
                    for (int i = 0; i < p.length; i++) {
                        buf[i] = c.momentum() * buf[i] + (1 - c.dampening()) * g[i];
                    }
                }
                for (int i = 0; i < p.length; i++) {
                    d[i] = c.nesterov() ? g[i] + c.momentum() * buf[i] : buf[i];
                }
            }
            for (int i = 0; i < p.length; i++) {
                p[i] -= c.lr() * d[i];
            }
        }
        return p;
    }

    private static double[] run(double[] init, SgdConfig c, int steps) {
        Var p = Reference.param(init);
        Sgd opt = new Sgd(List.of(p), c);
        for (int t = 0; t < steps; t++) {
            Reference.setGrads(List.of(p), t);
            opt.step();
        }
        return p.value().toDoubleArray();
    }

    @Test
    void plainStepsByHand() {
        // p = 1, g = p - 0.5 (t = 0): p = 1 - 0.1 * 0.5 = 0.95; then g = 0.95 - 0.4 = 0.55: p = 0.95 - 0.055 = 0.895.
        double[] p = run(new double[]{1.0}, SgdConfig.of(0.1), 2);
        assertEquals(0.895, p[0], 1e-15);
    }

    @Test
    void momentumByHand() {
        // momentum 0.9, dampening 0.5, lr 0.1, p = 1:
        // t=0: g = 0.5, buf = g = 0.5 (the first buffer is not dampened), p = 1 - 0.05 = 0.95
        // t=1: g = 0.95 - 0.4 = 0.55, buf = 0.9 * 0.5 + 0.5 * 0.55 = 0.725, p = 0.95 - 0.0725 = 0.8775
        double[] p = run(new double[]{1.0}, SgdConfig.of(0.1).withMomentum(0.9).withDampening(0.5), 2);
        assertEquals(0.8775, p[0], 1e-15);
    }

    @Test
    void nesterovWithWeightDecayByHand() {
        // lr 0.1, momentum 0.5, Nesterov, weight decay 0.1, p = 2:
        // t=0: g = 2 - 0.5 + 0.2 = 1.7, buf = 1.7, d = 1.7 + 0.85 = 2.55, p = 2 - 0.255 = 1.745
        double[] p = run(new double[]{2.0}, SgdConfig.of(0.1).withMomentum(0.5).withNesterov(true)
                .withWeightDecay(0.1), 1);
        assertEquals(1.745, p[0], 1e-15);
    }

    @Test
    void severalStepsMatchTheReference() {
        double[] init = {1.0, -2.0, 0.5, 3.0};
        SgdConfig[] configs = {
            SgdConfig.of(0.05),
            SgdConfig.of(0.05).withMomentum(0.9),
            SgdConfig.of(0.05).withMomentum(0.9).withDampening(0.3),
            SgdConfig.of(0.05).withMomentum(0.9).withNesterov(true),
            SgdConfig.of(0.05).withMomentum(0.8).withWeightDecay(0.01),
            SgdConfig.of(0.05).withMomentum(0.8).withNesterov(true).withWeightDecay(0.02),
            SgdConfig.of(0.05).withWeightDecay(0.1),
        };
        for (SgdConfig c : configs) {
            Reference.assertClose(reference(init, c, 7), run(init, c, 7), TOL, c.toString());
        }
    }

    @Test
    void float32FollowsTheReference() {
        double[] init = {1.0, -2.0, 0.5};
        SgdConfig c = SgdConfig.of(0.05).withMomentum(0.9).withNesterov(true);
        Var p = Reference.param32(init);
        Sgd opt = new Sgd(List.of(p), c);
        for (int t = 0; t < 6; t++) {
            Reference.setGrads(List.of(p), t);
            opt.step();
        }
        Reference.assertClose(reference(init, c, 6), p.value().toDoubleArray(), 1e-5, "float32");
    }

    @Test
    void parametersWithoutGradientAreSkipped() {
        Var a = Reference.param(1.0, 2.0);
        Var b = Reference.param(3.0);
        Sgd opt = new Sgd(List.of(a, b), SgdConfig.of(0.1).withMomentum(0.9));
        a.setGrad(Tensor.of(new double[]{1.0, 1.0}, 2));
        opt.step();
        assertArrayEquals(new double[]{0.9, 1.9}, a.value().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[]{3.0}, b.value().toDoubleArray());
        OptimizerState s = opt.stateDict();
        assertTrue(s.tensors().containsKey("state.0.momentum_buffer"));
        assertFalse(s.tensors().containsKey("state.1.momentum_buffer"));
    }

    @Test
    void zeroGradClearsGradients() {
        Var a = Reference.param(1.0);
        Sgd opt = new Sgd(List.of(a), SgdConfig.of(0.1));
        a.setGrad(Tensor.of(new double[]{1.0}, 1));
        opt.zeroGrad();
        assertEquals(null, a.grad());
        opt.step();
        assertEquals(1.0, a.value().item());
    }

    @Test
    void nonFiniteGradientIsNotAnError() {
        Var a = Reference.param(1.0, 2.0);
        Sgd opt = new Sgd(List.of(a), SgdConfig.of(0.1).withMomentum(0.9));
        a.setGrad(Tensor.of(new double[]{Double.NaN, Double.POSITIVE_INFINITY}, 2));
        opt.step();
        double[] v = a.value().toDoubleArray();
        assertTrue(Double.isNaN(v[0]));
        assertEquals(Double.NEGATIVE_INFINITY, v[1]);
    }

    @Test
    void learningRateChangeBetweenStepsTakesEffect() {
        Var p = Reference.param(1.0);
        Sgd opt = new Sgd(List.of(p), SgdConfig.of(0.1).withMomentum(0.5));
        p.setGrad(Tensor.of(new double[]{1.0}, 1));
        opt.step();                        // buf = 1, p = 1 - 0.1 = 0.9
        opt.setLr(0.01);
        assertEquals(0.01, opt.paramGroup(0).lr());
        p.setGrad(Tensor.of(new double[]{1.0}, 1));
        opt.step();                        // buf = 0.5 + 1 = 1.5, p = 0.9 - 0.015 = 0.885
        assertEquals(0.885, p.value().item(), 1e-15);
        opt.setMomentum(0.0);
        assertEquals(0.0, opt.momentum(0));
        p.setGrad(Tensor.of(new double[]{1.0}, 1));
        opt.step();                        // plain: p = 0.885 - 0.01 = 0.875
        assertEquals(0.875, p.value().item(), 1e-15);
    }

    @Test
    void groupsHaveTheirOwnHyperParameters() {
        Var a = Reference.param(1.0);
        Var b = Reference.param(1.0);
        Sgd opt = new Sgd(List.of(new ParamGroup<>(List.of(a), SgdConfig.of(0.1)),
                new ParamGroup<>(List.of(b), SgdConfig.of(0.01).withMomentum(0.9))));
        for (int t = 0; t < 2; t++) {
            a.setGrad(Tensor.of(new double[]{1.0}, 1));
            b.setGrad(Tensor.of(new double[]{1.0}, 1));
            opt.step();
        }
        assertEquals(0.8, a.value().item(), 1e-15);                 // 1 - 0.1 - 0.1
        assertEquals(1 - 0.01 - 0.019, b.value().item(), 1e-15);     // buf 1, then 1.9
        opt.paramGroup(1).setLr(1.0);
        opt.setMomentum(1, 0.0);
        b.setGrad(Tensor.of(new double[]{1.0}, 1));
        opt.step();
        assertEquals(1 - 0.01 - 0.019 - 1.0, b.value().item(), 1e-15);
        assertEquals(0.1, opt.paramGroup(0).lr());
    }

    @Test
    void invalidSettingsAreRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(-0.1));
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(Double.POSITIVE_INFINITY));
        e = assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(0.1).withMomentum(-0.5));
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(0.1).withDampening(2));
        assertTrue(e.getMessage().contains("dampening"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(0.1).withWeightDecay(-1));
        assertTrue(e.getMessage().contains("weightDecay"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SgdConfig.of(0.1).withNesterov(true));
        assertTrue(e.getMessage().contains("nesterov"), e.getMessage());

        Var a = Reference.param(1.0);
        Var b = Reference.param(1.0);
        Sgd opt = new Sgd(List.of(new ParamGroup<>(List.of(a), SgdConfig.of(0.1)),
                new ParamGroup<>(List.of(b), SgdConfig.of(0.2))));
        assertThrows(IllegalArgumentException.class, () -> opt.setLr(Double.NaN));
        assertEquals(0.1, opt.paramGroup(0).lr());
        assertEquals(0.2, opt.paramGroup(1).lr());
        assertThrows(IllegalArgumentException.class, () -> opt.paramGroup(0).setLr(-1));
        assertEquals(0.1, opt.paramGroup(0).lr());
    }

    @Test
    void groupsAreValidated() {
        Var a = Reference.param(1.0);
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(a, a), SgdConfig.of(0.1)));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(
                new ParamGroup<>(List.of(a), SgdConfig.of(0.1)), new ParamGroup<>(List.of(a), SgdConfig.of(0.1)))));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(), SgdConfig.of(0.1)));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(
                List.of(Var.constant(Tensor.of(new double[]{1}, 1))), SgdConfig.of(0.1)));
    }

    @Test
    void minimisesAQuadraticThroughAutograd() {
        Var p = Reference.param(3.0, -1.0, 2.0);
        Tensor target = Tensor.of(new double[]{0.5, 0.25, -1.0}, 3);
        Sgd opt = new Sgd(List.of(p), SgdConfig.of(0.1).withMomentum(0.9).withNesterov(true));
        for (int t = 0; t < 200; t++) {
            opt.zeroGrad();
            Var loss = p.sub(Var.constant(target)).square().sum();
            loss.backward();
            opt.step();
        }
        Reference.assertClose(target.toDoubleArray(), p.value().toDoubleArray(), 1e-9, "minimum");
    }
}
