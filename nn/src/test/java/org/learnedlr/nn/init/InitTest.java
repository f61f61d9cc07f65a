package org.learnedlr.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.learnedlr.nn.init.Init.FanMode;
import org.learnedlr.nn.init.Init.Nonlinearity;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

class InitTest {
    private static double std(Tensor t) {
        return Math.sqrt(t.var(new int[0], false, 0).item());
    }

    private static double maxAbs(Tensor t) {
        return t.abs().max(new int[0], false).item();
    }

    @Test
    void fansAndGains() {
        assertArrayEquals(new int[]{20, 10}, Init.fans(10, 20));
        assertArrayEquals(new int[]{3 * 9, 8 * 9}, Init.fans(8, 3, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> Init.fans(5));
        assertEquals(1.0, Init.gain(Nonlinearity.LINEAR, 0));
        assertEquals(1.0, Init.gain(Nonlinearity.SIGMOID, 0));
        assertEquals(5.0 / 3, Init.gain(Nonlinearity.TANH, 0));
        assertEquals(Math.sqrt(2), Init.gain(Nonlinearity.RELU, 0));
        assertEquals(Math.sqrt(2 / 1.0001), Init.gain(Nonlinearity.LEAKY_RELU, 0.01), 1e-15);
        assertEquals(Math.sqrt(1.0 / 3), Init.gain(Nonlinearity.LEAKY_RELU, Math.sqrt(5)), 1e-15);
    }

    @Test
    void kaimingUniformBoundsAndSpread() {
        Tensor w = Init.kaimingUniform(new Rng(0), 0, FanMode.FAN_IN, Nonlinearity.RELU, DType.FLOAT64, 200, 100);
        double bound = Math.sqrt(2) * Math.sqrt(3.0 / 100);
        assertTrue(maxAbs(w) <= bound);
        assertEquals(bound / Math.sqrt(3), std(w), 0.02 * bound);
        Tensor fanOut = Init.kaimingUniform(new Rng(0), 0, FanMode.FAN_OUT, Nonlinearity.TANH, DType.FLOAT64,
                50, 400);
        assertTrue(maxAbs(fanOut) <= 5.0 / 3 * Math.sqrt(3.0 / 50));
    }

    @Test
    void kaimingNormalStd() {
        Tensor w = Init.kaimingNormal(new Rng(1), 0, FanMode.FAN_OUT, Nonlinearity.RELU, DType.FLOAT64,
                64, 32, 3, 3);
        assertEquals(Math.sqrt(2.0 / (64 * 9)), std(w), 0.02 * Math.sqrt(2.0 / (64 * 9)));
        assertEquals(0.0, w.mean().item(), 0.003);
        Tensor leaky = Init.kaimingNormal(new Rng(1), 0.2, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, DType.FLOAT64,
                300, 300);
        double expected = Math.sqrt(2 / 1.04) / Math.sqrt(300);
        assertEquals(expected, std(leaky), 0.02 * expected);
    }

    @Test
    void xavier() {
        Tensor u = Init.xavierUniform(new Rng(2), 1.0, DType.FLOAT64, 300, 100);
        double bound = Math.sqrt(6.0 / 400);
        assertTrue(maxAbs(u) <= bound);
        assertEquals(bound / Math.sqrt(3), std(u), 0.02 * bound);
        Tensor n = Init.xavierNormal(new Rng(2), 2.0, DType.FLOAT64, 300, 100);
        assertEquals(2 * Math.sqrt(2.0 / 400), std(n), 0.02 * 2 * Math.sqrt(2.0 / 400));
    }

    @Test
    void pytorchLayerDefaults() {
        Tensor w = Init.defaultWeight(new Rng(3), DType.FLOAT64, 30, 49);
        assertTrue(maxAbs(w) <= 1.0 / 7);
        assertEquals(1.0 / 7 / Math.sqrt(3), std(w), 0.05 / 7);
        Tensor b = Init.defaultBias(new Rng(3), 49, DType.FLOAT64, 1000);
        assertTrue(maxAbs(b) <= 1.0 / 7);
        assertTrue(maxAbs(b) > 0.9 / 7);
        assertEquals(0.0, maxAbs(Init.defaultBias(new Rng(3), 0, DType.FLOAT64, 4)));
    }

    @Test
    void constantsAndPlainDistributions() {
        assertArrayEquals(new double[]{0, 0}, Init.zeros(DType.FLOAT64, 2).toDoubleArray());
        assertArrayEquals(new double[]{1, 1}, Init.ones(DType.FLOAT64, 2).toDoubleArray());
        assertArrayEquals(new double[]{2.5, 2.5}, Init.constant(2.5, DType.FLOAT64, 2).toDoubleArray());
        Tensor u = Init.uniform(new Rng(4), -2, 3, DType.FLOAT32, 1000);
        assertTrue(u.min(new int[0], false).item() >= -2 && u.max(new int[0], false).item() < 3);
        Tensor n = Init.normal(new Rng(4), 1.0, 0.5, DType.FLOAT64, 20000);
        assertEquals(1.0, n.mean().item(), 0.02);
        assertEquals(0.5, std(n), 0.01);
        assertEquals(DType.FLOAT32, u.dtype());
    }

    @Test
    void sameGeneratorStateSameValues() {
        Tensor a = Init.kaimingUniform(new Rng(7), 0, FanMode.FAN_IN, Nonlinearity.RELU, DType.FLOAT32, 4, 5);
        Tensor b = Init.kaimingUniform(new Rng(7), 0, FanMode.FAN_IN, Nonlinearity.RELU, DType.FLOAT32, 4, 5);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertArrayEquals(Init.orthogonal(new Rng(8), 1, DType.FLOAT64, 3, 5).toDoubleArray(),
                Init.orthogonal(new Rng(8), 1, DType.FLOAT64, 3, 5).toDoubleArray());
    }

    /** Rows orthonormal when rows <= cols, columns orthonormal otherwise; gain scales. */
    @Test
    void orthogonal() {
        for (int[] shape : new int[][]{{4, 4}, {3, 7}, {7, 3}, {6, 2, 2, 2}, {1, 5}, {5, 1}}) {
            double gain = 1.5;
            Tensor w = Init.orthogonal(new Rng(9), gain, DType.FLOAT64, shape);
            assertArrayEquals(shape, w.shape());
            int rows = shape[0];
            int cols = w.numel() / rows;
            Tensor m = w.reshape(rows, cols).div(gain);
            Tensor gram = rows <= cols ? m.matmul(m.transpose(0, 1)) : m.transpose(0, 1).matmul(m);
            int k = Math.min(rows, cols);
            double[] g = gram.toDoubleArray();
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    assertEquals(i == j ? 1.0 : 0.0, g[i * k + j], 1e-12, () -> java.util.Arrays.toString(shape));
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Init.orthogonal(new Rng(0), 1, DType.FLOAT64, 4));
    }
}
