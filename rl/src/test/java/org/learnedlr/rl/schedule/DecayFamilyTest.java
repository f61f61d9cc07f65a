package org.learnedlr.rl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Constant, StepDecay, MultiStep, Exponential: step -> LR at the boundaries, by the written-out formulas. */
class DecayFamilyTest {

    @Test
    void constantIsTheSameEverywhere() {
        Constant c = new Constant(0.3);
        for (long t : new long[] {0, 1, 999, 1_000_000_000_000L}) {
            assertEquals(0.3, c.lr(t));
        }
        assertEquals("constant", c.name());
        assertEquals(true, c.momentum(0).isEmpty());
    }

    @Test
    void stepDecayDividesEveryPeriod() {
        StepDecay s = new StepDecay(0.1, 3, 0.5);
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025};
        for (int t = 0; t < expected.length; t++) {
            Check.lr(expected[t], s, t);
        }
        Check.lr(0.1 * Math.pow(0.5, 333), s, 999);
        assertEquals(0.0, s.lr(1_000_000), "underflows to 0 and stays defined");
        assertEquals(0.1, new StepDecay(1.0, 5).lr(5), 1e-16, "PyTorch's default gamma 0.1");
        Check.nonIncreasing(s, 0, 100);
    }

    @Test
    void multiStepCountsMilestonesAsAMultisetBisectRight() {
        MultiStep m = new MultiStep(0.1, List.of(9L, 2L, 5L, 5L), 0.5);
        assertEquals(List.of(2L, 5L, 5L, 9L), m.milestones());
        int[] k = {0, 0, 1, 1, 1, 3, 3, 3, 3, 4, 4};   // milestones <= t
        for (int t = 0; t < k.length; t++) {
            Check.lr(0.1 * Math.pow(0.5, k[t]), m, t);
        }
        Check.lr(0.1 * Math.pow(0.5, 4), m, 1_000_000_000L);
        Check.lr(0.01, new MultiStep(0.1, List.of(0L)), 0);
        assertEquals(0.1, new MultiStep(0.1, List.of()).lr(77));
        Check.nonIncreasing(m, 0, 20);
    }

    @Test
    void exponentialDecaysEveryStep() {
        Exponential e = new Exponential(0.1, 0.9);
        for (int t : new int[] {0, 1, 2, 10, 100}) {
            Check.lr(0.1 * Math.pow(0.9, t), e, t);
        }
        Exponential r = Exponential.reaching(1.0, 1e-3, 100);
        assertEquals(1e-3, r.lr(100), 1e-15);
        assertEquals(1.0, r.lr(0));
        Check.nonIncreasing(r, 0, 300);
    }
}
