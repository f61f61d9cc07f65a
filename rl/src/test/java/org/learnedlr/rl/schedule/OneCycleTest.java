package org.learnedlr.rl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** OneCycle: the phase boundaries, the momentum cycled inversely, and the final value held past the end. */
class OneCycleTest {
    private static final double MAX = 0.1;
    private static final double INITIAL = MAX / 25;
    private static final double MIN = INITIAL / 1e4;

    /** PyTorch's cosine anneal, written out. */
    private static double cos(double start, double end, double q) {
        return end + (start - end) / 2.0 * (Math.cos(Math.PI * q) + 1);
    }

    @Test
    void defaultsArePyTorchs() {
        OneCycle oc = new OneCycle(MAX, 100);
        assertEquals(0.3, oc.pctStart());
        assertEquals(OneCycle.Anneal.COS, oc.anneal());
        assertEquals(25, oc.divFactor());
        assertEquals(1e4, oc.finalDivFactor());
        assertEquals(false, oc.threePhase());
        assertEquals(true, oc.cycleMomentum());
        assertEquals(0.85, oc.baseMomentum());
        assertEquals(0.95, oc.maxMomentum());
        Check.close(INITIAL, oc.initialLr(), "initial");
        Check.close(MIN, oc.minLr(), "min");
    }

    @Test
    void twoPhaseBoundaries() {
        OneCycle oc = new OneCycle(MAX, 100);   // phase 1 ends at 0.3 * 100 - 1 = 29, phase 2 at 99
        Check.lr(INITIAL, oc, 0);
        Check.lr(cos(INITIAL, MAX, 10 / 29.0), oc, 10);
        Check.lr(MAX, oc, 29);
        Check.lr(cos(MAX, MIN, 1 / 70.0), oc, 30);
        Check.lr(cos(MAX, MIN, 69 / 70.0), oc, 98);
        Check.lr(MIN, oc, 99);
        Check.nonDecreasing(oc, 0, 29);
        Check.nonIncreasing(oc, 29, 99);
    }

    @Test
    void holdsTheFinalValuesPastTheEnd() {
        OneCycle oc = new OneCycle(MAX, 100);
        for (long t : new long[] {99, 100, 101, 1_000_000, Long.MAX_VALUE}) {
            Check.lr(MIN, oc, t);   // PyTorch: extrapolates at 100, raises after
            assertEquals(0.95, oc.momentum(t).getAsDouble(), 1e-15);
        }
        OneCycle linear = oc.withAnneal(OneCycle.Anneal.LINEAR);
        Check.lr(MIN, linear, 100);   // PyTorch's linear extrapolation at step T would be below min, here negative
        assertTrue((MIN - MAX) * (100 - 29.0) / (99 - 29.0) + MAX < 0);
    }

    @Test
    void momentumCyclesInversely() {
        OneCycle oc = new OneCycle(MAX, 100);
        Check.close(0.95, oc.momentum(0).getAsDouble(), "momentum at 0");
        Check.close(cos(0.95, 0.85, 10 / 29.0), oc.momentum(10).getAsDouble(), "momentum at 10");
        Check.close(0.85, oc.momentum(29).getAsDouble(), "momentum at the LR's peak");
        Check.close(cos(0.85, 0.95, 35 / 70.0), oc.momentum(64).getAsDouble(), "momentum at 64");
        Check.close(0.95, oc.momentum(99).getAsDouble(), "momentum at the end");
        for (long t = 0; t < 99; t++) {
            double dLr = oc.lr(t + 1) - oc.lr(t);
            double dM = oc.momentum(t + 1).getAsDouble() - oc.momentum(t).getAsDouble();
            assertTrue(dLr * dM <= 0, "LR and momentum move the same way at step " + t);
        }
        assertTrue(oc.withCycleMomentum(false).momentum(10).isEmpty());
    }

    @Test
    void linearAnneal() {
        OneCycle oc = new OneCycle(MAX, 100).withAnneal(OneCycle.Anneal.LINEAR);
        Check.lr(INITIAL, oc, 0);
        Check.lr((MAX - INITIAL) * (10 / 29.0) + INITIAL, oc, 10);
        Check.lr(MAX, oc, 29);
        Check.lr((MIN - MAX) * (35 / 70.0) + MAX, oc, 64);
        Check.close(MIN, oc.lr(99), "min at T - 1");
        Check.close(0.9, oc.momentum(64).getAsDouble(), "momentum half-way back");
    }

    @Test
    void threePhase() {
        OneCycle oc = new OneCycle(MAX, 100).withThreePhase(true);   // ends at 29, 58, 99
        Check.lr(INITIAL, oc, 0);
        Check.lr(MAX, oc, 29);
        Check.lr(cos(MAX, INITIAL, 15 / 29.0), oc, 44);
        Check.lr(INITIAL, oc, 58);
        Check.lr(cos(INITIAL, MIN, 20 / 41.0), oc, 78);
        Check.lr(MIN, oc, 99);
        Check.lr(MIN, oc, 150);
        Check.close(0.85, oc.momentum(29).getAsDouble(), "momentum at the peak");
        Check.close(0.95, oc.momentum(58).getAsDouble(), "momentum back at max");
        for (long t = 58; t < 200; t++) {
            Check.close(0.95, oc.momentum(t).getAsDouble(), "momentum held in the last phase at " + t);
        }
        Check.nonDecreasing(oc, 0, 29);
        Check.nonIncreasing(oc, 29, 200);
    }

    @Test
    void fractionalPhaseEnds() {
        OneCycle oc = new OneCycle(MAX, 37).withPctStart(0.25);   // phase 1 ends at 8.25: step 8 is still in it
        Check.lr(cos(INITIAL, MAX, 8 / 8.25), oc, 8);
        Check.lr(cos(MAX, MIN, (9 - 8.25) / (36 - 8.25)), oc, 9);
        assertTrue(oc.lr(8) < MAX && oc.lr(9) < MAX, "the exact peak falls between two steps");
    }
}
