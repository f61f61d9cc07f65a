package org.learnedlr.rl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The experts of DESIGN.md section 4 and the comparison set by name. */
class ExpertsCatalogTest {

    @Test
    void linearWarmupExpert() {
        LinearWarmupDecay e = Experts.linearWarmup(0.1, 2000);
        assertEquals(new LinearWarmupDecay(0.1, 2000, 100, 0.01), e);
        Check.lr(0.1 / 100, e, 0);       // starts at eta0/100
        Check.lr(0.1, e, 100);           // peak at 5% of T
        Check.lr(0.1 / 1900, e, 1999);
        Check.lr(0.0, e, 2000);
        Check.lr(0.0, e, 2500);
        assertEquals(50, Experts.warmupSteps(1000));
        assertEquals(200, Experts.warmupSteps(4000));
        assertEquals(15, Experts.warmupSteps(300));
        assertEquals(0, Experts.warmupSteps(19));
        Check.lr(0.1, Experts.linearWarmup(0.1, 19), 0);   // too short for a warm-up: a pure linear decay
    }

    @Test
    void cosineAndPolynomialExpertsStartAtEta0() {
        Cosine c = Experts.cosine(0.3, 1000);
        Check.lr(0.3, c, 0);
        Check.lr(0.15, c, 500);
        Check.lr(0.0, c, 1000);
        Check.lr(0.0, c, 1001);
        Polynomial p = Experts.polynomial(0.3, 1000);
        Check.lr(0.3, p, 0);
        Check.lr(0.3 / 4, p, 500);
        Check.lr(0.3 * Math.pow(1 / 1000.0, 2), p, 999);
        Check.lr(0.0, p, 1000);
        Check.lr(0.0, p, 1001);
        assertEquals(List.of("linear-warmup", "cosine", "polynomial"), Experts.NAMES);
        for (String name : Experts.NAMES) {
            assertTrue(Catalog.NAMES.contains(name), name);
        }
    }

    @Test
    void catalogDefaults() {
        assertEquals(new Constant(0.1), Catalog.byName("constant", 0.1, 2000));
        assertEquals(new MultiStep(0.1, List.of(1000L, 1500L), 0.1), Catalog.byName("step", 0.1, 2000));
        assertEquals(new OneCycle(0.1, 2000), Catalog.byName("onecycle", 0.1, 2000));
        assertEquals(Experts.linearWarmup(0.1, 2000), Catalog.byName("linear-warmup", 0.1, 2000));
        assertEquals(Experts.cosine(0.1, 2000), Catalog.byName("cosine", 0.1, 2000));
        assertEquals(Experts.polynomial(0.1, 2000), Catalog.byName("polynomial", 0.1, 2000));
        assertEquals(new Rex(0.1, 2000), Catalog.byName("rex", 0.1, 2000));
        assertEquals(Wsd.of(0.1, 2000), Catalog.byName("wsd", 0.1, 2000));
        assertEquals(Wsd.of(0.1, 2000), Catalog.byName("  WSD ", 0.1, 2000));
        Schedule step = Catalog.byName("step", 1.0, 2000);
        Check.lr(1.0, step, 999);
        Check.lr(0.1, step, 1000);
        Check.lr(0.1, step, 1499);
        Check.lr(0.01, step, 1500);
        Check.lr(0.01, step, 10_000);
    }

    @Test
    void everyCatalogScheduleWorksOnTheDesignsBudgets() {
        for (String name : Catalog.NAMES) {
            for (long total : new long[] {4, 20, 300, 1000, 2000, 4000}) {
                Schedule s = Catalog.byName(name, 0.3, total);
                assertTrue(s.lr(0) > 0, name + " must not start at LR 0 (log-LR features, relative actions)");
                assertTrue(s.lr(0) <= 0.3 && s.lr(total - 1) <= 0.3, name);
                for (long t : new long[] {0, total - 1, total, total + 1, 10 * total}) {
                    double lr = s.lr(t);
                    assertTrue(lr >= 0 && Double.isFinite(lr), name + " T=" + total + " step " + t + ": " + lr);
                }
            }
        }
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Catalog.byName("cosine-restarts", 0.1, 100));
        assertTrue(e.getMessage().startsWith("schedule: unknown schedule 'cosine-restarts'"), e.getMessage());
        for (String name : Catalog.NAMES) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        Check.rejects("schedule", () -> Catalog.byName(null, 0.1, 100));
        Check.rejects("eta0", () -> Catalog.byName("cosine", 0, 100));
        Check.rejects("total", () -> Catalog.byName("cosine", 0.1, 0));
        Check.rejects("pctStart", () -> Catalog.byName("onecycle", 0.1, 3));   // 0.3 * 3 <= 1: no rising phase
    }
}
