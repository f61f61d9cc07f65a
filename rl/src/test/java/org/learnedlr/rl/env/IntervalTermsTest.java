package org.learnedlr.rl.env;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IntervalTermsTest {
    @Test
    void termsOfTwoIntervalsByHand() {
        IntervalTerms terms = new IntervalTerms(2.0);
        terms.begin();
        terms.add(1.0, false, Double.NaN);
        terms.add(0.5, true, 1.6);
        terms.add(0.25, false, 1.6);
        terms.add(0.5, true, 0.8);
        // L = (1 + .5 + .25 + .5) / 4 = 0.5625; V = (1.6 + 0.8) / 2 = 1.2
        // log-differences: ln .5, ln .5, ln 2 -> mean -ln2/3, population std = sqrt(8/9) ln 2
        assertEquals(0.5625, terms.meanTrain(), 1e-15);
        assertEquals(1.2, terms.meanValidation(), 1e-15);
        IntervalTerms.Terms t = terms.end();
        assertEquals(-Math.log(1.2 / 2.0), t.improvement(), 1e-15);
        assertEquals(Math.sqrt(8.0 / 9.0) * Math.log(2), t.smoothness(), 1e-15);
        assertEquals(Math.log(1.2 / 0.5625), t.generalisation(), 1e-15);

        terms.begin();
        terms.add(0.5, false, Double.NaN);                  // no validation: V_d is the held 0.8
        terms.add(0.5, false, Double.NaN);
        assertEquals(0.8, terms.meanValidation(), 1e-15);
        IntervalTerms.Terms u = terms.end();
        assertEquals(-Math.log(0.8 / 1.2), u.improvement(), 1e-15, "V_{d-1} is the last interval's mean");
        assertEquals(0.0, u.smoothness(), 1e-15, "differences ln 1 and ln 1: no spread (the first reaches back)");
        assertEquals(Math.log(0.8 / 0.5), u.generalisation(), 1e-15);

        RewardConfig c = new RewardConfig(0.1, 0.2, -20, 3);
        assertEquals(t.improvement() - 0.1 * t.smoothness() - 0.2 * t.generalisation(), c.reward(t), 1e-15);
    }
}
