package org.learnedlr.rl.ppo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.Tensor;

class GaeAndLossesTest {
    private static final double G = 0.9;
    private static final double L = 0.8;

    @Test
    void gaeOnAShortTerminatedEpisodeByHand() {
        double[] r = {1.0, 0.0, 2.0};
        double[] v = {0.5, 1.0, 1.5};
        // delta_2 = 2 - 1.5 = 0.5 (terminal: no bootstrap);  A_2 = 0.5
        // delta_1 = 0 + 0.9 * 1.5 - 1.0 = 0.35;              A_1 = 0.35 + 0.72 * 0.5 = 0.71
        // delta_0 = 1 + 0.9 * 1.0 - 0.5 = 1.4;               A_0 = 1.4 + 0.72 * 0.71 = 1.9112
        double[] a = Gae.advantages(r, v, new boolean[]{false, false, true}, 99.0, G, L);
        assertArrayEquals(new double[]{1.9112, 0.71, 0.5}, a, 1e-12);
        assertArrayEquals(new double[]{2.4112, 1.71, 2.0}, Gae.returns(a, v), 1e-12);
    }

    @Test
    void gaeBootstrapsACutEpisodeAndStopsAtEpisodeBoundaries() {
        // Cut after step 1: bootstrap V = 2.0.  delta_1 = 0 + 0.9 * 2 - 1 = 0.8; A_1 = 0.8
        // delta_0 = 1 + 0.9 * 1 - 0.5 = 1.4; A_0 = 1.4 + 0.72 * 0.8 = 1.976
        assertArrayEquals(new double[]{1.976, 0.8},
                Gae.advantages(new double[]{1, 0}, new double[]{0.5, 1.0}, new boolean[]{false, false}, 2.0, G, L),
                1e-12);
        // Two episodes back to back: the first ends at step 0, so step 0 sees nothing of step 1.
        double[] a = Gae.advantages(new double[]{1, 3}, new double[]{0.5, 1.0}, new boolean[]{true, true}, 7, G, L);
        assertArrayEquals(new double[]{0.5, 2.0}, a, 1e-12);
        // lambda = 1, gamma = 1, terminal: advantages are Monte-Carlo returns minus values.
        assertArrayEquals(new double[]{3 - 0.5, 2 - 1.0, 2 - 1.5},
                Gae.advantages(new double[]{1, 0, 2}, new double[]{0.5, 1.0, 1.5}, new boolean[]{false, false, true},
                        0, 1, 1), 1e-12);
    }

    private static Var vec(double... v) {
        return Var.constant(Tensor.of(v, v.length));
    }

    @Test
    void clippedSurrogateByHand() {
        double eps = 0.2;
        double[] oldLp = {0.0, 0.0, 0.0, 0.0};
        // ratios 1.5, 0.5, 1.1, 0.7 with advantages +1, +1, -2, -1
        Var newLp = vec(Math.log(1.5), Math.log(0.5), Math.log(1.1), Math.log(0.7));
        double[] adv = {1, 1, -2, -1};
        // per sample max(-A rho, -A clip(rho)):
        //   A=+1, rho=1.5: max(-1.5, -1.2) = -1.2      A=+1, rho=0.5: max(-0.5, -0.8) = -0.5
        //   A=-2, rho=1.1: max(2.2, 2.2) = 2.2         A=-1, rho=0.7: max(0.7, 0.8) = 0.8
        double want = (-1.2 - 0.5 + 2.2 + 0.8) / 4;
        assertEquals(want, PpoLosses.pgLoss(newLp, oldLp, adv, eps).item(), 1e-6);
        double[] logRatio = {Math.log(1.5), Math.log(0.5), Math.log(1.1), Math.log(0.7)};
        assertEquals(0.75, PpoLosses.clipFraction(logRatio, eps), 1e-12);   // 1.5, 0.5 and 0.7 are outside
        double k3 = ((0.5 - Math.log(1.5)) + (-0.5 - Math.log(0.5)) + (0.1 - Math.log(1.1)) + (-0.3 - Math.log(0.7)))
                / 4;
        assertEquals(k3, PpoLosses.approxKl(logRatio), 1e-12);
    }

    @Test
    void theSurrogatesGradientVanishesWhereItIsClipped() {
        Var lp = Var.param(Tensor.of(new double[]{Math.log(1.5), Math.log(1.5)}, 2));
        PpoLosses.pgLoss(lp, new double[]{0, 0}, new double[]{1, -1}, 0.2).backward();
        double[] g = lp.grad().toDoubleArray();
        assertEquals(0.0, g[0], 1e-12);          // A > 0 and rho above 1 + eps: clipped, no gradient
        assertEquals(1.5 / 2, g[1], 1e-6);       // A < 0: the unclipped term -A rho is the max; d/dlp = rho / B
    }

    @Test
    void clippedValueLossByHand() {
        double eps = 0.2;
        Var v = vec(1.0, 0.0, 2.0);
        double[] old = {0.5, 0.1, 2.1};
        double[] ret = {2.0, 0.0, 1.0};
        // sample 0: unclipped (1-2)^2 = 1; clipped V = 0.5 + clip(0.5) = 0.7: (0.7-2)^2 = 1.69 -> 1.69
        // sample 1: unclipped 0; clipped 0.1 + clip(-0.1) = 0.0: 0 -> 0
        // sample 2: unclipped (2-1)^2 = 1; clipped 2.1 + clip(-0.1) = 2.0: 1 -> 1
        assertEquals(0.5 * (1.69 + 0 + 1) / 3, PpoLosses.vLoss(v, old, ret, eps, true).item(), 1e-6);
        assertEquals(0.5 * (1 + 0 + 1) / 3, PpoLosses.vLoss(v, old, ret, eps, false).item(), 1e-6);
    }

    @Test
    void klToTheReferenceMatchesTheClosedFormAndANumericalIntegral() {
        double mu = 0.3;
        double ls = Math.log(0.2);
        double mr = -0.1;
        double lr = Math.log(0.5);
        double closed = PpoLosses.klGaussian(mu, ls, mr, lr);
        // Numerical KL(p || q) = integral p log(p / q).
        double s1 = Math.exp(ls);
        double s2 = Math.exp(lr);
        double sum = 0;
        double h = 1e-4;
        for (double x = mu - 12 * s1; x <= mu + 12 * s1; x += h) {
            double lp = -0.5 * Math.pow((x - mu) / s1, 2) - ls - 0.5 * Math.log(2 * Math.PI);
            double lq = -0.5 * Math.pow((x - mr) / s2, 2) - lr - 0.5 * Math.log(2 * Math.PI);
            sum += Math.exp(lp) * (lp - lq) * h;
        }
        assertEquals(sum, closed, 1e-6);
        assertEquals(0.0, PpoLosses.klGaussian(mu, ls, mu, ls), 1e-15);
        Var mean = Var.constant(Tensor.of(new double[]{mu, mr}, 2, 1));
        Var logStd = Var.constant(Tensor.of(new double[]{ls}, 1));
        double both = (closed + PpoLosses.klGaussian(mr, ls, mr, lr)) / 2;
        assertEquals(both, PpoLosses.klToReference(mean, logStd, new double[]{mr, mr}, lr).item(), 1e-6);
    }

    @Test
    void explainedVarianceAndAdvantageNormalisation() {
        double[] y = {1, 2, 3, 4};
        assertEquals(1.0, PpoLosses.explainedVariance(y, y), 1e-12);
        assertEquals(0.0, PpoLosses.explainedVariance(new double[]{2.5, 2.5, 2.5, 2.5}, y), 1e-12);
        assertTrue(Double.isNaN(PpoLosses.explainedVariance(y, new double[]{1, 1, 1, 1})));
        double[] n = PpoLosses.normalize(y);
        double std = Math.sqrt((2.25 + 0.25 + 0.25 + 2.25) / 3);   // Bessel-corrected, as torch.std
        assertArrayEquals(new double[]{-1.5 / std, -0.5 / std, 0.5 / std, 1.5 / std}, n, 1e-7);
    }

    @Test
    void runningMeanStdMergesBatchesLikeOnePass() {
        RunningMeanStd r = new RunningMeanStd(1);
        r.update(new double[][]{{1}, {2}});
        r.update(new double[][]{{3}, {4}, {5}});
        // With the initial pseudo-count 1e-4 at mean 0, var 1: nearly the plain statistics of 1..5.
        assertEquals(3.0, r.mean()[0], 1e-3);
        assertEquals(2.0, r.var()[0], 1e-3);
        assertEquals(5.0001, r.count(), 1e-12);
    }
}
