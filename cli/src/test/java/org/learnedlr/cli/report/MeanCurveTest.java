package org.learnedlr.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnedlr.rl.eval.RunCurve;

class MeanCurveTest {
    private static RunCurve lr(double... lr) {
        return new RunCurve(lr, lr.clone(), lr.clone());
    }

    @Test
    void meanOverTheSeedsStillRunningLeavingOutNonFiniteAndNonPositive() {
        // Seed b stopped after step 2 with a non-finite value there; step 4 is 0 for both (cannot be drawn on a log axis).
        RunCurve a = lr(1, 2, 3, 4, 0);
        RunCurve b = lr(3, 4, Double.NaN);
        MeanCurve m = MeanCurve.of(List.of(a, b), RunCurve.Quantity.LR, 10);
        assertArrayEquals(new double[]{0.5, 1.5, 2.5, 3.5}, m.step());
        assertArrayEquals(new double[]{2, 3, 3, 4}, m.value());
    }

    @Test
    void bucketsAverageTheirStepsAlikeAndSitAtTheirMiddle() {
        RunCurve a = lr(1, 3, 5, 7, 9);
        RunCurve b = lr(3, 5);
        // Buckets of 2 steps for 5 steps and 3 points: [0,1] -> (2 + 4)/2, [2,3] -> (5 + 7)/2, [4] -> 9, each at the
        // middle of the steps it covers (step t covers [t, t + 1)).
        MeanCurve m = MeanCurve.of(List.of(a, b), RunCurve.Quantity.TRAIN_LOSS, 3);
        assertEquals(2, MeanCurve.bucket(5, 3));
        assertArrayEquals(new double[]{1, 3, 4.5}, m.step());
        assertArrayEquals(new double[]{3, 6, 9}, m.value());
    }

    @Test
    void noCurvesNoPoints() {
        assertEquals(0, MeanCurve.of(List.of(), RunCurve.Quantity.LR, 10).size());
        assertEquals(1, MeanCurve.bucket(0, 10));
    }
}
