package org.learnedlr.rl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The schedules against what PyTorch's own schedulers produce ({@link PyTorchReference}, written by
 * pytorch_reference.py beside this file). PyTorch mostly steps recursively (each LR from the previous one), so values
 * agree to rounding, not bit for bit; OneCycle and ReduceLROnPlateau compute as PyTorch does.
 */
class PyTorchReferenceTest {
    private static final double TOL = 1e-15;

    private static void matches(double[] expected, Schedule s) {
        for (int t = 0; t < expected.length; t++) {
            assertEquals(expected[t], s.lr(t), TOL + 1e-13 * expected[t], s + " at step " + t);
        }
    }

    @Test
    void closedFormSchedules() {
        matches(PyTorchReference.COSINE_T10_MIN001, new Cosine(0.1, 10, 0.01));
        matches(PyTorchReference.POLY_T10_P2, Polynomial.pytorch(0.1, 10, 2.0));   // PyTorch holds 0 past T too
        matches(PyTorchReference.STEP_3_HALF, new StepDecay(0.1, 3, 0.5));
        matches(PyTorchReference.MULTISTEP_2_5_5_9_HALF, new MultiStep(0.1, List.of(9L, 2L, 5L, 5L), 0.5));
        matches(PyTorchReference.EXP_09, new Exponential(0.1, 0.9));
    }

    private static void oneCycle(double[] lrs, double[] momenta, OneCycle oc) {
        matches(lrs, oc);
        for (int t = 0; t < momenta.length; t++) {
            assertEquals(momenta[t], oc.momentum(t).getAsDouble(), 1e-15, "momentum at step " + t);
        }
    }

    @Test
    void oneCycle() {
        OneCycle base = new OneCycle(0.1, 100);
        oneCycle(PyTorchReference.ONECYCLE_100, PyTorchReference.ONECYCLE_100_MOMENTUM, base);
        oneCycle(PyTorchReference.ONECYCLE_100_LINEAR, PyTorchReference.ONECYCLE_100_LINEAR_MOMENTUM,
                base.withAnneal(OneCycle.Anneal.LINEAR));
        oneCycle(PyTorchReference.ONECYCLE_100_THREE, PyTorchReference.ONECYCLE_100_THREE_MOMENTUM,
                base.withThreePhase(true));
        OneCycle short37 = new OneCycle(0.1, 37).withPctStart(0.25);
        oneCycle(PyTorchReference.ONECYCLE_37_PCT025, PyTorchReference.ONECYCLE_37_PCT025_MOMENTUM, short37);
        oneCycle(PyTorchReference.ONECYCLE_37_PCT025_THREE, PyTorchReference.ONECYCLE_37_PCT025_THREE_MOMENTUM,
                short37.withThreePhase(true));
    }

    private static void plateau(double[] expected, double[] metrics, double eta0, ReduceLROnPlateau.Config config) {
        ReduceLROnPlateau p = new ReduceLROnPlateau(eta0, config);
        for (int i = 0; i < metrics.length; i++) {
            p.step(metrics[i]);
            assertEquals(expected[i], p.lr(), 0.0, config + " after observation " + i);   // same arithmetic: exact
        }
    }

    @Test
    void reduceLrOnPlateau() {
        ReduceLROnPlateau.Config d = ReduceLROnPlateau.Config.DEFAULTS;
        double[] losses = PyTorchReference.LOSSES;
        double[] acc = PyTorchReference.ACCURACIES;
        ReduceLROnPlateau.ThresholdMode abs = ReduceLROnPlateau.ThresholdMode.ABS;
        ReduceLROnPlateau.ThresholdMode rel = ReduceLROnPlateau.ThresholdMode.REL;
        ReduceLROnPlateau.Mode max = ReduceLROnPlateau.Mode.MAX;
        plateau(PyTorchReference.PLATEAU_DEFAULT, losses, 0.1, d);
        plateau(PyTorchReference.PLATEAU_P2, losses, 0.1, d.withPatience(2));
        plateau(PyTorchReference.PLATEAU_P0, losses, 0.1, d.withPatience(0));
        plateau(PyTorchReference.PLATEAU_P1_COOLDOWN2, losses, 0.1, d.withPatience(1).withCooldown(2));
        plateau(PyTorchReference.PLATEAU_ABS_P1, losses, 0.1, d.withPatience(1).withThreshold(0.02, abs));
        plateau(PyTorchReference.PLATEAU_REL_BIG_P1, losses, 0.1, d.withPatience(1).withThreshold(0.1, rel));
        plateau(PyTorchReference.PLATEAU_MAX_P1, acc, 0.1, d.withMode(max).withPatience(1));
        plateau(PyTorchReference.PLATEAU_MAX_ABS_P1, acc, 0.1, d.withMode(max).withPatience(1).withThreshold(0.05, abs));
        plateau(PyTorchReference.PLATEAU_MAX_P0_COOLDOWN1, acc, 0.1,
                d.withMode(max).withPatience(0).withCooldown(1).withFactor(0.5));
        plateau(PyTorchReference.PLATEAU_MINLR_P0, losses, 0.1, d.withPatience(0).withFactor(0.5).withMinLr(0.02));
        plateau(PyTorchReference.PLATEAU_EPS_P0, losses, 1e-7, d.withPatience(0).withFactor(0.5).withEps(1e-7));
        plateau(PyTorchReference.PLATEAU_EPS_SMALL_P0, losses, 1e-7, d.withPatience(0).withFactor(0.5).withEps(1e-9));
    }
}
