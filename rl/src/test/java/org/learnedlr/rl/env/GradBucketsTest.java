package org.learnedlr.rl.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradBucketsTest {
    @Test
    void twoModulesFillHalfTheBucketsEach() {
        double[] b = GradBuckets.logBuckets(new double[]{Math.E, Math.exp(3)}, 8);
        assertArrayEquals(new double[]{1, 1, 1, 1, 3, 3, 3, 3}, b, 1e-12);
    }

    @Test
    void oneModulePerBucketIsTheLogNorm() {
        double[] norms = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] b = GradBuckets.logBuckets(norms, 8);
        for (int i = 0; i < 8; i++) {
            assertEquals(Math.log(norms[i]), b[i], 1e-12);
        }
    }

    @Test
    void moreModulesThanBucketsAverageTheLogs() {
        double[] norms = new double[16];
        for (int i = 0; i < 16; i++) {
            norms[i] = i + 1;
        }
        double[] b = GradBuckets.logBuckets(norms, 8);
        for (int i = 0; i < 8; i++) {
            assertEquals(0.5 * (Math.log(2 * i + 1) + Math.log(2 * i + 2)), b[i], 1e-12);
        }
    }

    @Test
    void unevenSplitWeightsByOverlap() {
        // 3 modules in 2 buckets: bucket 0 = [0, .5) holds module 0 fully (1/3) and module 1 half (1/6).
        double[] b = GradBuckets.logBuckets(new double[]{Math.exp(1), Math.exp(4), Math.exp(7)}, 2);
        assertEquals((1.0 / 3 * 1 + 1.0 / 6 * 4) / 0.5, b[0], 1e-12);
        assertEquals((1.0 / 6 * 4 + 1.0 / 3 * 7) / 0.5, b[1], 1e-12);
    }

    @Test
    void zeroNormIsFloored() {
        double[] b = GradBuckets.logBuckets(new double[]{0.0}, 2);
        assertEquals(Math.log(GradBuckets.FLOOR), b[0], 1e-12);
        assertTrue(Double.isNaN(GradBuckets.logBuckets(new double[]{Double.NaN}, 1)[0]));
    }

    @Test
    void rejectsNoModules() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GradBuckets.logBuckets(new double[0], 8));
        assertTrue(e.getMessage().contains("gradient norms"));
    }
}
