package org.learnedlr.rl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** REX (the paper's profile) and WSD (the project's shape, the decay shapes, HF's form). */
class RexWsdTest {

    @Test
    void rexIsThePapersProfile() {
        Rex r = new Rex(1.0, 100);
        Check.lr(1.0, r, 0);
        Check.lr(0.5 / 0.75, r, 50);                    // r = 1/2: (1/2) / (3/4)
        Check.lr(2 * (1 - 0.25) / (2 - 0.25), r, 25);   // the equivalent form 2(1 - z)/(2 - z)
        Check.lr(0.01 / 0.505, r, 99);
        Check.lr(0.0, r, 100);
        Check.lr(0.0, r, 101);
        Check.lr(0.0, r, Long.MAX_VALUE);
        Check.nonIncreasing(r, 0, 150);
        for (long t = 1; t < 100; t++) {
            assertTrue(r.lr(t) > 1 - t / 100.0, "REX stays above linear decay at step " + t);
        }
    }

    @Test
    void wsdProjectShape() {
        Wsd w = Wsd.of(0.1, 2000);   // 100 warm-up, 1500 stable, 400 decay
        assertEquals(100, w.warmup());
        assertEquals(1500, w.stable());
        assertEquals(400, w.decay());
        assertEquals(2000, w.total());
        assertEquals(Wsd.DecayShape.LINEAR, w.decayShape());
        Check.lr(0.001, w, 0);
        Check.lr(0.1 * (0.01 + 0.99 * 99 / 100), w, 99);
        Check.lr(0.1, w, 100);
        Check.lr(0.1, w, 1599);
        Check.lr(0.1, w, 1600);
        Check.lr(0.05, w, 1800);
        Check.lr(0.1 / 400, w, 1999);
        Check.lr(0.0, w, 2000);
        Check.lr(0.0, w, 5000);
        Check.nonDecreasing(w, 0, 1600);
        Check.nonIncreasing(w, 100, 2100);
    }

    @Test
    void wsdShortBudgets() {
        Wsd one = Wsd.of(0.1, 1);
        assertEquals(0, one.warmup());
        assertEquals(1, one.decay());
        Check.lr(0.1, one, 0);
        Check.lr(0.0, one, 1);
        Wsd four = Wsd.of(0.1, 4);
        assertEquals(4, four.total());
        Wsd odd = Wsd.of(0.1, 1001);   // 50 + 751 + 200
        assertEquals(50, odd.warmup());
        assertEquals(200, odd.decay());
        assertEquals(1001, odd.total());
    }

    @Test
    void wsdDecayShapesAndFloor() {
        double m = 0.1;
        Wsd cos = new Wsd(0.1, 0, 0, 100, Wsd.DecayShape.COSINE, m, 0.0);
        Wsd sqrt = new Wsd(0.1, 0, 0, 100, Wsd.DecayShape.ONE_MINUS_SQRT, m, 0.0);
        Check.lr(0.1, cos, 0);
        Check.lr(0.1 * (m + (1 - m) * 0.5 * (1 + Math.cos(Math.PI * 0.25))), cos, 25);
        Check.lr(0.1 * (m + (1 - m) * (1 - Math.sqrt(0.25))), sqrt, 25);
        Check.lr(0.1 * (m + (1 - m) * (1 - Math.sqrt(0.99))), sqrt, 99);
        Check.lr(0.1 * m, cos, 100);
        Check.lr(0.1 * m, sqrt, 100_000);
        Check.nonIncreasing(cos, 0, 200);
        Check.nonIncreasing(sqrt, 0, 200);
        assertEquals(Wsd.DecayShape.ONE_MINUS_SQRT, Wsd.DecayShape.parse(" 1-sqrt"));
    }

    @Test
    void wsdHfFormWarmsUpFromTheFloor() {
        Wsd hf = Wsd.hf(0.1, 10, 20, 100, Wsd.DecayShape.COSINE, 0.1);
        assertEquals(70, hf.stable());
        Check.lr(0.01, hf, 0);
        Check.lr(0.1 * (0.1 + 0.9 * 0.5), hf, 5);
        Check.lr(0.1, hf, 10);
        Check.lr(0.1, hf, 79);
        Check.lr(0.1, hf, 80);
        Check.lr(0.1 * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.5))), hf, 90);
        Check.lr(0.01, hf, 100);
    }
}
