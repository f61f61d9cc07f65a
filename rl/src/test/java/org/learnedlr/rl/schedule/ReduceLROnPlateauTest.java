package org.learnedlr.rl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * ReduceLROnPlateau on hand-made metric sequences: patience, cooldown, the threshold modes, min_lr, eps, NaN, which
 * signal is watched, and the state round trip. (PyTorchReferenceTest replays PyTorch's own traces too.)
 */
class ReduceLROnPlateauTest {
    private static final ReduceLROnPlateau.Config D = ReduceLROnPlateau.Config.DEFAULTS;

    private static double[] trace(ReduceLROnPlateau p, double... metrics) {
        double[] lrs = new double[metrics.length];
        for (int i = 0; i < metrics.length; i++) {
            p.step(metrics[i]);
            lrs[i] = p.lr();
        }
        return lrs;
    }

    @Test
    void defaultsArePyTorchs() {
        assertEquals(ReduceLROnPlateau.Mode.MIN, D.mode());
        assertEquals(0.1, D.factor());
        assertEquals(10, D.patience());
        assertEquals(1e-4, D.threshold());
        assertEquals(ReduceLROnPlateau.ThresholdMode.REL, D.thresholdMode());
        assertEquals(0, D.cooldown());
        assertEquals(0.0, D.minLr());
        assertEquals(1e-8, D.eps());
        assertEquals(ReduceLROnPlateau.Monitor.VALIDATION_LOSS, D.monitor());
        assertEquals(Double.POSITIVE_INFINITY, new ReduceLROnPlateau(0.1).best());
        assertEquals(Double.NEGATIVE_INFINITY,
                new ReduceLROnPlateau(0.1, D.withMode(ReduceLROnPlateau.Mode.MAX)).best());
    }

    @Test
    void patienceCountsBadObservationsBeyondIt() {
        ReduceLROnPlateau p = new ReduceLROnPlateau(1.0, D.withPatience(2));
        // 1st improves on +inf; then 3 bad ones: the reduction comes on the 3rd (bad > patience)
        assertEquals(1.0, trace(p, 1.0)[0]);
        double[] lrs = trace(p, 1.0, 1.0, 1.0);
        assertEquals(1.0, lrs[0]);
        assertEquals(1.0, lrs[1]);
        assertEquals(0.1, lrs[2], 1e-17);
        assertEquals(0, p.numBadEpochs(), "reset after a reduction");
        assertEquals(4, p.lastEpoch());
        ReduceLROnPlateau zero = new ReduceLROnPlateau(1.0, D.withPatience(0));
        double[] z = trace(zero, 1.0, 2.0);
        assertEquals(1.0, z[0]);
        assertEquals(0.1, z[1], 1e-17, "patience 0 reduces on the first observation that does not improve");
    }

    @Test
    void cooldownIgnoresBadObservationsAfterAReduction() {
        ReduceLROnPlateau p = new ReduceLROnPlateau(1.0, D.withPatience(0).withCooldown(2).withFactor(0.5));
        double[] lrs = trace(p, 1.0, 2.0, 2.0, 2.0, 2.0);
        // 2.0: bad -> 0.5 (cooldown 2); 2.0, 2.0: cooling down; 2.0: bad again -> 0.25
        assertEquals(1.0, lrs[0]);
        assertEquals(0.5, lrs[1]);
        assertEquals(0.5, lrs[2]);
        assertEquals(0.5, lrs[3]);
        assertEquals(0.25, lrs[4]);
    }

    @Test
    void thresholdModes() {
        // best = 10; rel 0.1 needs < 9, abs 0.1 needs < 9.9: 9.5 improves only in abs mode
        ReduceLROnPlateau rel = new ReduceLROnPlateau(1.0, D.withPatience(0).withThreshold(0.1,
                ReduceLROnPlateau.ThresholdMode.REL));
        ReduceLROnPlateau abs = new ReduceLROnPlateau(1.0, D.withPatience(0).withThreshold(0.1,
                ReduceLROnPlateau.ThresholdMode.ABS));
        assertEquals(0.1, trace(rel, 10, 9.5)[1], 1e-17);
        assertEquals(10, rel.best());
        assertEquals(1.0, trace(abs, 10, 9.5)[1]);
        assertEquals(9.5, abs.best());
        // max mode: best = 10; rel 0.1 needs > 11, abs 0.1 needs > 10.1
        ReduceLROnPlateau maxRel = new ReduceLROnPlateau(1.0, D.withMode(ReduceLROnPlateau.Mode.MAX).withPatience(0)
                .withThreshold(0.1, ReduceLROnPlateau.ThresholdMode.REL));
        ReduceLROnPlateau maxAbs = new ReduceLROnPlateau(1.0, D.withMode(ReduceLROnPlateau.Mode.MAX).withPatience(0)
                .withThreshold(0.1, ReduceLROnPlateau.ThresholdMode.ABS));
        assertEquals(0.1, trace(maxRel, 10, 10.5)[1], 1e-17);
        assertEquals(1.0, trace(maxAbs, 10, 10.5)[1]);
        // the default rel 1e-4: 0.99995 is not an improvement on 1.0, 0.9998 is
        ReduceLROnPlateau def = new ReduceLROnPlateau(1.0, D.withPatience(5));
        trace(def, 1.0, 0.99995);
        assertEquals(1, def.numBadEpochs());
        trace(def, 0.9998);
        assertEquals(0, def.numBadEpochs());
        assertEquals(0.9998, def.best());
    }

    @Test
    void minLrAndEps() {
        ReduceLROnPlateau floor = new ReduceLROnPlateau(1.0, D.withPatience(0).withFactor(0.5).withMinLr(0.3));
        double[] lrs = trace(floor, 1, 2, 2, 2);
        assertEquals(0.5, lrs[1]);
        assertEquals(0.3, lrs[2]);
        assertEquals(0.3, lrs[3]);
        // a reduction of 5e-9 is below the default eps 1e-8: skipped, as in PyTorch
        ReduceLROnPlateau eps = new ReduceLROnPlateau(1e-8, D.withPatience(0).withFactor(0.5));
        assertEquals(1e-8, trace(eps, 1, 2, 2)[2]);
        ReduceLROnPlateau noEps = new ReduceLROnPlateau(1e-8, D.withPatience(0).withFactor(0.5).withEps(0));
        assertEquals(5e-9, trace(noEps, 1, 2)[1]);
    }

    @Test
    void nanIsNeverAnImprovement() {
        ReduceLROnPlateau p = new ReduceLROnPlateau(1.0, D.withPatience(1));
        trace(p, Double.NaN);
        assertEquals(Double.POSITIVE_INFINITY, p.best());
        assertEquals(1, p.numBadEpochs());
        assertEquals(0.1, trace(p, Double.NaN)[0], 1e-17);
    }

    @Test
    void observesTheMonitoredSignalOnly() {
        ReduceLROnPlateau val = new ReduceLROnPlateau(1.0, D.withPatience(0));
        val.observe(StepSignals.ofLosses(0, 5.0, 1.0, 1.0));
        val.observe(StepSignals.ofTrainLoss(1, 9.0, 1.0));   // no validation at this step: nothing happens
        assertEquals(1, val.lastEpoch());
        assertEquals(1.0, val.lr());
        val.observe(StepSignals.ofLosses(2, 1.0, 2.0, 1.0));
        assertEquals(0.1, val.lr(), 1e-17);

        ReduceLROnPlateau train = new ReduceLROnPlateau(1.0, D.withPatience(0)
                .withMonitor(ReduceLROnPlateau.Monitor.TRAIN_LOSS));
        train.observe(StepSignals.ofTrainLoss(0, 2.0, 1.0));
        train.observe(new StepSignals(1, 3.0, OptionalDouble.of(0.5), 1.0, new double[] {1, 2}));
        assertEquals(0.1, train.lr(), 1e-17);
        assertEquals("plateau", train.name());
    }

    @Test
    void stateRoundTrip() {
        double[] metrics = {1, 0.9, 0.95, 0.97, 0.96, 0.89, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95};
        ReduceLROnPlateau.Config c = D.withPatience(1).withCooldown(1).withFactor(0.5);
        ReduceLROnPlateau a = new ReduceLROnPlateau(1.0, c);
        for (int i = 0; i < 5; i++) {
            a.step(metrics[i]);
        }
        Map<String, Number> saved = a.stateDict();
        assertEquals(Map.of("lr", a.lr(), "best", 0.9, "num_bad_epochs", a.numBadEpochs(),
                "cooldown_counter", a.cooldownCounter(), "last_epoch", 5L), saved);
        ReduceLROnPlateau b = new ReduceLROnPlateau(1.0, c);
        b.loadStateDict(saved);
        for (int i = 5; i < metrics.length; i++) {
            a.step(metrics[i]);
            b.step(metrics[i]);
            assertEquals(a.stateDict(), b.stateDict(), "after observation " + i);
        }
    }

    @Test
    void badStatesAreRejectedWhole() {
        ReduceLROnPlateau p = new ReduceLROnPlateau(1.0);
        p.step(3.0);
        Map<String, Number> before = p.stateDict();
        Check.rejects("state", () -> p.loadStateDict(Map.of("lr", 0.5)));
        Check.rejects("state", () -> p.loadStateDict(Map.of("lr", 0.5, "best", 1.0, "num_bad_epochs", 0L,
                "cooldown_counter", 0L, "last_epoch", 1L, "extra", 1L)));
        Check.rejects("state.num_bad_epochs", () -> p.loadStateDict(Map.of("lr", 0.5, "best", 1.0,
                "num_bad_epochs", 0.5, "cooldown_counter", 0L, "last_epoch", 1L)));
        Check.rejects("state.cooldown_counter", () -> p.loadStateDict(Map.of("lr", 0.5, "best", 1.0,
                "num_bad_epochs", 0L, "cooldown_counter", -1L, "last_epoch", 1L)));
        Check.rejects("state.best", () -> p.loadStateDict(Map.of("lr", 0.5, "best", Double.NaN,
                "num_bad_epochs", 0L, "cooldown_counter", 0L, "last_epoch", 1L)));
        Check.rejects("state.lr", () -> p.loadStateDict(Map.of("lr", -0.5, "best", 1.0,
                "num_bad_epochs", 0L, "cooldown_counter", 0L, "last_epoch", 1L)));
        assertEquals(before, p.stateDict(), "a rejected state changes nothing");
    }
}
