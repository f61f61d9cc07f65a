package org.learnedlr.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.Tensor;

class GradClipTest {

    private static List<Var> params() {
        Var a = Reference.param(0.0, 0.0);
        Var b = Reference.param(0.0);
        Var c = Reference.param(0.0);
        a.setGrad(Tensor.of(new double[]{3.0, 4.0}, 2));
        b.setGrad(Tensor.of(new double[]{12.0}, 1));
        return List.of(a, b, c);   // c has no gradient; the norm is sqrt(9 + 16 + 144) = 13
    }

    @Test
    void clipsToMaxNormAndReturnsTheNormBefore() {
        List<Var> ps = params();
        double norm = GradClip.clipGlobalNorm(ps, 6.5);
        assertEquals(13.0, norm, 1e-15);
        double scale = 6.5 / (13.0 + 1e-6);
        assertArrayEquals(new double[]{3 * scale, 4 * scale}, ps.get(0).grad().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[]{12 * scale}, ps.get(1).grad().toDoubleArray(), 1e-15);
        assertNull(ps.get(2).grad());
    }

    @Test
    void leavesSmallGradientsAlone() {
        List<Var> ps = params();
        Tensor before = ps.get(0).grad();
        assertEquals(13.0, GradClip.clipGlobalNorm(ps, 13.0 + 1e-6), 1e-15);
        assertSame(before, ps.get(0).grad());
        assertEquals(13.0, GradClip.clipGlobalNorm(ps, Double.POSITIVE_INFINITY), 1e-15);
        assertSame(before, ps.get(0).grad());
    }

    @Test
    void doesNotModifyTheOldGradientInPlace() {
        List<Var> ps = params();
        Tensor before = ps.get(0).grad();
        GradClip.clipGlobalNorm(ps, 1.0);
        assertArrayEquals(new double[]{3.0, 4.0}, before.toDoubleArray());
    }

    @Test
    void nonFiniteNormIsReturnedNotThrown() {
        Var a = Reference.param(0.0, 0.0);
        a.setGrad(Tensor.of(new double[]{Double.POSITIVE_INFINITY, 1.0}, 2));
        assertEquals(Double.POSITIVE_INFINITY, GradClip.clipGlobalNorm(List.of(a), 1.0));
        Var b = Reference.param(0.0);
        b.setGrad(Tensor.of(new double[]{Double.NaN}, 1));
        assertTrue(Double.isNaN(GradClip.clipGlobalNorm(List.of(b), 1.0)));
    }

    @Test
    void noGradientsGiveZero() {
        assertEquals(0.0, GradClip.clipGlobalNorm(List.of(Reference.param(1.0)), 1.0));
    }

    @Test
    void rejectsNonPositiveMaxNorm() {
        for (double bad : new double[]{0.0, -1.0, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GradClip.clipGlobalNorm(params(), bad));
            assertTrue(e.getMessage().contains("maxNorm"), e.getMessage());
        }
    }
}
