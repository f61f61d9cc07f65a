package org.learnedlr.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.Tensor;

class AdadeltaTest {

    /** torch.optim.Adadelta written out in doubles. */
    private static double[] reference(double[] init, AdadeltaConfig c, int steps) {
        double[] p = init.clone();
        double[] sq = new double[p.length];
        double[] acc = new double[p.length];
        for (int t = 0; t < steps; t++) {
            double[] g = Reference.grad(p, t);
            for (int i = 0; i < p.length; i++) {
                g[i] += c.weightDecay() * p[i];
                sq[i] = c.rho() * sq[i] + (1 - c.rho()) * g[i] * g[i];
                double delta = Math.sqrt(acc[i] + c.eps()) / Math.sqrt(sq[i] + c.eps()) * g[i];
                acc[i] = c.rho() * acc[i] + (1 - c.rho()) * delta * delta;
                p[i] -= c.lr() * delta;
            }
        }
        return p;
    }

    @Test
    void firstStepByHand() {
        // p = 1, g = 1, defaults: s = 0.1, d = sqrt(1e-6) / sqrt(0.1 + 1e-6) * 1, p = 1 - d.
        Var p = Reference.param(1.0);
        Adadelta opt = new Adadelta(List.of(p), AdadeltaConfig.defaults());
        p.setGrad(Tensor.of(new double[]{1.0}, 1));
        opt.step();
        assertEquals(1 - Math.sqrt(1e-6) / Math.sqrt(0.1 + 1e-6), p.value().item(), 1e-15);
        OptimizerState s = opt.stateDict();
        double d = Math.sqrt(1e-6) / Math.sqrt(0.1 + 1e-6);
        assertEquals(0.1, s.tensors().get("state.0.square_avg").item(), 1e-16);
        assertEquals(0.1 * d * d, s.tensors().get("state.0.acc_delta").item(), 1e-20);
        assertEquals(1.0, s.scalars().get("state.0.step"));
    }

    @Test
    void severalStepsMatchTheReference() {
        double[] init = {1.0, -2.0, 0.5, 3.0};
        AdadeltaConfig[] configs = {
            AdadeltaConfig.defaults(),
            AdadeltaConfig.defaults().withLr(0.5).withRho(0.95).withEps(1e-4),
            AdadeltaConfig.defaults().withWeightDecay(0.1),
        };
        for (AdadeltaConfig c : configs) {
            Var p = Reference.param(init);
            Adadelta opt = new Adadelta(List.of(p), c);
            for (int t = 0; t < 8; t++) {
                Reference.setGrads(List.of(p), t);
                opt.step();
            }
            Reference.assertClose(reference(init, c, 8), p.value().toDoubleArray(), 1e-13, c.toString());
        }
    }

    @Test
    void invalidSettingsAreRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AdadeltaConfig.defaults().withRho(1.5));
        assertTrue(e.getMessage().contains("rho"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AdadeltaConfig.defaults().withEps(Double.NaN));
        assertTrue(e.getMessage().contains("eps"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> AdadeltaConfig.defaults().withLr(-1));
        assertTrue(e.getMessage().contains("lr"), e.getMessage());
    }
}
