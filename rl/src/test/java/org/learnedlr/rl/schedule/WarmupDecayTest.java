package org.learnedlr.rl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * LinearWarmupDecay, Cosine, Polynomial, InverseSqrt and the Warmup wrapper: step -> LR at step 0, the end of the
 * warm-up, T - 1, T and past the end, against the written-out formulas; monotonicity; and the composition identities
 * that docs/schedules.md states.
 */
class WarmupDecayTest {

    @Test
    void linearWarmupDecayHfFormStartsAtZero() {
        LinearWarmupDecay s = new LinearWarmupDecay(0.1, 110, 10);   // HF: f = t/W, then (T - t)/(T - W)
        Check.lr(0.0, s, 0);
        Check.lr(0.1 * 5 / 10, s, 5);
        Check.lr(0.1 * 9 / 10, s, 9);
        Check.lr(0.1, s, 10);
        Check.lr(0.1 * 50 / 100, s, 60);
        Check.lr(0.1 * 1 / 100, s, 109);
        Check.lr(0.0, s, 110);
        Check.lr(0.0, s, 111);
        Check.lr(0.0, s, Long.MAX_VALUE / 2);
        Check.nonDecreasing(s, 0, 10);
        Check.nonIncreasing(s, 10, 200);
    }

    @Test
    void linearWarmupDecayWithStartFactor() {
        LinearWarmupDecay s = new LinearWarmupDecay(0.1, 2000, 100, 0.01);
        Check.lr(0.001, s, 0);
        Check.lr(0.1 * (0.01 + 0.99 * 50 / 100), s, 50);
        Check.lr(0.1 * (0.01 + 0.99 * 99 / 100), s, 99);
        Check.lr(0.1, s, 100);
        Check.lr(0.1 * 1899 / 1900, s, 101);
        Check.lr(0.1 / 1900, s, 1999);
        Check.lr(0.0, s, 2000);
        Check.lr(0.0, s, 2001);
        Check.lr(0.1 * 500 / 2000, new LinearWarmupDecay(0.1, 2000, 0, 0.01), 1500);   // W = 0: pure linear decay
    }

    @Test
    void cosineHoldsTheFloorPastT() {
        Cosine c = new Cosine(0.1, 2000);
        Check.lr(0.1, c, 0);
        Check.lr(0.1 * (1 + Math.cos(Math.PI * 500 / 2000)) / 2, c, 500);
        Check.lr(0.05, c, 1000);
        Check.lr(0.1 * (1 + Math.cos(Math.PI * 1999 / 2000)) / 2, c, 1999);
        Check.lr(0.0, c, 2000);
        Check.lr(0.0, c, 2001);   // PyTorch's closed form would be rising again here
        Check.lr(0.0, c, 4000);   // ... and back at eta0 here
        Check.nonIncreasing(c, 0, 2100);

        Cosine m = new Cosine(0.1, 10, 0.01);
        Check.lr(0.01 + 0.09 * (1 + Math.cos(Math.PI * 3 / 10)) / 2, m, 3);
        Check.lr(0.01, m, 10);
        Check.lr(0.01, m, 11);
        Check.lr(0.01, m, 1_000_000);
    }

    @Test
    void cosineWithWarmup() {
        Cosine c = new Cosine(0.1, 2000, 0.001).withWarmup(100, 0.01);
        Check.lr(0.001, c, 0);
        Check.lr(0.1 * (0.01 + 0.99 * 99 / 100), c, 99);
        Check.lr(0.1, c, 100);
        Check.lr(0.001 + 0.099 * (1 + Math.cos(Math.PI * 950 / 1900)) / 2, c, 1050);
        Check.lr(0.001 + 0.099 * (1 + Math.cos(Math.PI * 1899 / 1900)) / 2, c, 1999);
        Check.lr(0.001, c, 2000);
        Check.lr(0.001, c, 3000);
        Check.nonDecreasing(c, 0, 100);
        Check.nonIncreasing(c, 100, 2100);
    }

    @Test
    void polynomialForms() {
        Polynomial p = Polynomial.pytorch(0.1, 10, 2.0);   // eta0 (1 - min(t, N)/N)^p
        for (int t = 0; t <= 10; t++) {
            Check.lr(0.1 * Math.pow(1 - t / 10.0, 2), p, t);
        }
        Check.lr(0.0, p, 11);

        Polynomial hf = Polynomial.hf(0.1, 10, 110, 1e-7, 1.0);
        Check.lr(0.0, hf, 0);
        Check.lr(0.05, hf, 5);
        Check.lr(0.1, hf, 10);
        Check.lr((0.1 - 1e-7) * 0.5 + 1e-7, hf, 60);
        Check.lr((0.1 - 1e-7) * 0.01 + 1e-7, hf, 109);
        Check.lr(1e-7, hf, 110);
        Check.lr(1e-7, hf, 111);
        Check.lr(1e-7, hf, 1 << 30);

        Polynomial cubic = new Polynomial(0.2, 100, 3.0, 0.02, 0, 0.0);
        Check.lr(0.18 * Math.pow(0.75, 3) + 0.02, cubic, 25);
        Check.nonIncreasing(cubic, 0, 150);
        assertEquals(new Polynomial(0.2, 100, 3.0, 0.02, 10, 0.5), cubic.withWarmup(10, 0.5));
    }

    @Test
    void inverseSqrtHfDefaults() {
        InverseSqrt s = new InverseSqrt(1.0, 100);   // timescale = W
        assertEquals(100, s.timescale());
        Check.lr(0.0, s, 0);
        Check.lr(0.5, s, 50);
        Check.lr(1.0, s, 100);
        Check.lr(0.5, s, 400);        // 1/sqrt((400 + 100 - 100)/100)
        Check.lr(0.1, s, 10_000);
        Check.nonIncreasing(s, 100, 5000);
        InverseSqrt noWarmup = new InverseSqrt(1.0, 0);
        assertEquals(InverseSqrt.HF_DEFAULT_TIMESCALE, noWarmup.timescale());
        Check.lr(1.0, noWarmup, 0);
        Check.lr(0.5, noWarmup, 30_000);
        Check.lr(0.01, new InverseSqrt(1.0, 100, 100, 0.01), 0);
    }

    @Test
    void warmupWrapsAnySchedule() {
        Warmup w = new Warmup(5, 0.01, new Constant(0.2));
        Check.lr(0.002, w, 0);
        Check.lr(0.2 * (0.01 + 0.99 * 3 / 5), w, 3);
        Check.lr(0.2, w, 5);
        Check.lr(0.2, w, 1_000_000);
        assertEquals("warmup+constant", w.name());

        Schedule step = new StepDecay(0.1, 10, 0.5);
        Warmup shifted = new Warmup(7, 0.0, step);
        for (long t = 7; t < 60; t++) {
            assertEquals(step.lr(t - 7), shifted.lr(t), "the wrapped schedule counts from the end of the warm-up");
        }
        Warmup none = new Warmup(0, 0.5, step);
        for (long t = 0; t < 60; t++) {
            assertEquals(step.lr(t), none.lr(t));
        }
    }

    @Test
    void warmupShiftsTheMomentumToo() {
        OneCycle oc = new OneCycle(0.1, 100);
        Warmup w = new Warmup(10, 0.5, oc);
        assertEquals(oc.momentum(0), w.momentum(0));
        assertEquals(oc.momentum(0), w.momentum(9));
        assertEquals(oc.momentum(5), w.momentum(15));
        Check.lr(0.5 * oc.lr(0), w, 0);
        assertEquals(OptionalDouble.empty(), new Warmup(3, 0, new Constant(1)).momentum(1));
    }

    /** The HF composition: a warm-up of W steps in front of a T - W step schedule is the schedule with warm-up. */
    @Test
    void warmupCompositionEqualsTheBuiltInWarmups() {
        long total = 300;
        long w = 15;
        for (double s : new double[] {0.0, 0.01, 0.5}) {
            Schedule[][] pairs = {
                {new Warmup(w, s, new Cosine(0.1, total - w)), new Cosine(0.1, total).withWarmup(w, s)},
                {new Warmup(w, s, new LinearWarmupDecay(0.1, total - w, 0)), new LinearWarmupDecay(0.1, total, w, s)},
                {new Warmup(w, s, new Polynomial(0.1, total - w, 2.0)), new Polynomial(0.1, total, 2.0).withWarmup(w, s)},
                {new Warmup(w, s, new InverseSqrt(0.1, 0, 40, 0)), new InverseSqrt(0.1, w, 40, s)},
            };
            for (Schedule[] pair : pairs) {
                for (long t = 0; t <= total + 20; t++) {
                    assertEquals(pair[1].lr(t), pair[0].lr(t), pair[1] + " at step " + t);
                }
            }
        }
    }

    @Test
    void everyScheduleIsNonNegativeAndFiniteFarPastTheEnd() {
        Schedule[] all = {new Constant(0.1), new StepDecay(0.1, 10), new MultiStep(0.1, List.of(50L, 75L)),
            new Exponential(0.1, 0.99), new LinearWarmupDecay(0.1, 100, 5, 0.01), new Cosine(0.1, 100, 0.001),
            new Polynomial(0.1, 100, 2.0), new OneCycle(0.1, 100), new OneCycle(0.1, 100).withThreePhase(true),
            new Rex(0.1, 100), Wsd.of(0.1, 100), new InverseSqrt(0.1, 5), new Warmup(5, 0.01, new Rex(0.1, 95))};
        for (Schedule s : all) {
            for (long t : new long[] {0, 99, 100, 101, 10_000, Long.MAX_VALUE / 4, Long.MAX_VALUE}) {
                double lr = s.lr(t);
                assertTrue(lr >= 0 && Double.isFinite(lr), s + " at step " + t + " gives " + lr);
            }
        }
    }
}
