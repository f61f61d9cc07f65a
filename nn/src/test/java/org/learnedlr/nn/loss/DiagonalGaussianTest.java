package org.learnedlr.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.GradCheck;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

class DiagonalGaussianTest {
    private static Tensor randn(long seed, int... shape) {
        return Tensor.normal(new Rng(seed), 0.0, 1.0, DType.FLOAT64, shape);
    }

    @Test
    void logProbMatchesTheFormula() {
        Tensor mean = randn(0, 3, 2);
        Tensor logStd = randn(1, 2).mul(0.5);
        Tensor action = randn(2, 3, 2);
        double[] got = DiagonalGaussian.logProb(Var.constant(mean), Var.constant(logStd), Var.constant(action))
                .value().toDoubleArray();
        assertEquals(3, got.length);
        double[] m = mean.toDoubleArray();
        double[] s = logStd.toDoubleArray();
        double[] a = action.toDoubleArray();
        for (int i = 0; i < 3; i++) {
            double lp = 0;
            for (int d = 0; d < 2; d++) {
                double sigma = Math.exp(s[d]);
                double z = (a[i * 2 + d] - m[i * 2 + d]) / sigma;
                lp += -0.5 * z * z - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
            }
            assertEquals(lp, got[i], 1e-12);
        }
    }

    @Test
    void standardNormalValues() {
        Var zero = Var.constant(Tensor.zeros(DType.FLOAT64, 1));
        assertEquals(-0.5 * Math.log(2 * Math.PI),
                DiagonalGaussian.logProb(zero, zero, zero).item(), 1e-15);
        // entropy of N(0, 1) = (1 + log 2 pi) / 2, per dimension, summed over the last axis
        Var logStd = Var.constant(Tensor.of(new double[]{0, Math.log(2)}, 2));
        assertEquals(1 + Math.log(2 * Math.PI) + Math.log(2), DiagonalGaussian.entropy(logStd).item(), 1e-12);
        Var batch = Var.constant(Tensor.zeros(DType.FLOAT64, 4, 3));
        assertArrayEquals(new int[]{4}, DiagonalGaussian.entropy(batch).shape());
    }

    @Test
    void nllIsTheNegativeMeanLogProb() {
        Var mean = Var.constant(randn(3, 5, 2));
        Var logStd = Var.constant(randn(4, 2));
        Var action = Var.constant(randn(5, 5, 2));
        assertEquals(-DiagonalGaussian.logProb(mean, logStd, action).mean().item(),
                DiagonalGaussian.nll(mean, logStd, action).item(), 1e-12);
    }

    @Test
    void gradients() {
        GradCheck.check(v -> DiagonalGaussian.logProb(v[0], v[1], v[2]),
                randn(6, 3, 2), randn(7, 2).mul(0.3), randn(8, 3, 2)).assertClose();
        GradCheck.check(v -> DiagonalGaussian.entropy(v[0]), randn(9, 2, 3)).assertClose();
        GradCheck.check(v -> DiagonalGaussian.nll(v[0], v[1], v[2]),
                randn(10, 4, 1), randn(11, 4, 1).mul(0.3), randn(12, 4, 1)).assertClose();
    }
}
