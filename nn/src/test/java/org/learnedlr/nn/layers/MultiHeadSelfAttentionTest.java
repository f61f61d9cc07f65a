package org.learnedlr.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnedlr.nn.layers.TestTensors.assertNames;
import static org.learnedlr.nn.layers.TestTensors.assertShape;
import static org.learnedlr.nn.layers.TestTensors.randn;

import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

class MultiHeadSelfAttentionTest {
    private static MultiHeadSelfAttention attention(int d, int heads, long seed) {
        MultiHeadSelfAttention a = new MultiHeadSelfAttention(d, heads, DType.FLOAT64, new Rng(seed));
        // non-zero biases, so that the tests see them
        a.inProjBias().value().copyFrom(randn(seed + 100, 3 * d).mul(0.3));
        a.outProj().bias().value().copyFrom(randn(seed + 200, d).mul(0.3));
        return a;
    }

    @Test
    void namesAndShapes() {
        MultiHeadSelfAttention a = new MultiHeadSelfAttention(8, 2, new Rng(0));
        assertNames(a, "in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias");
        assertShape(new int[]{24, 8}, a.inProjWeight().shape());
        assertShape(new int[]{24}, a.inProjBias().shape());
        assertShape(new int[]{8, 8}, a.outProj().weight().shape());
        assertShape(new int[]{3, 5, 8}, a.forward(Var.constant(Tensor.zeros(3, 5, 8))).shape());
        assertArrayEquals(new double[24], a.inProjBias().value().toDoubleArray());
        assertArrayEquals(new double[8], a.outProj().bias().value().toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadSelfAttention(6, 4, new Rng(0)));
    }

    /** Per head, per query: a plain loop over keys. */
    @Test
    void matchesANaiveImplementation() {
        int b = 2;
        int t = 3;
        int d = 4;
        int h = 2;
        MultiHeadSelfAttention a = attention(d, h, 1);
        Tensor x = randn(2, b, t, d);
        Tensor kpm = Tensor.ofInts(new int[]{0, 0, 1, 0, 0, 0}, b, t);
        Tensor mask = MultiHeadSelfAttention.causalMask(t, DType.FLOAT64);
        double[] got = a.forward(Var.constant(x), kpm, mask).value().toDoubleArray();

        double[] w = a.inProjWeight().value().toDoubleArray();
        double[] bi = a.inProjBias().value().toDoubleArray();
        double[] wo = a.outProj().weight().value().toDoubleArray();
        double[] bo = a.outProj().bias().value().toDoubleArray();
        double[] xs = x.toDoubleArray();
        int hd = d / h;
        for (int n = 0; n < b; n++) {
            double[][] qkv = new double[t][3 * d];
            for (int i = 0; i < t; i++) {
                for (int r = 0; r < 3 * d; r++) {
                    double s = bi[r];
                    for (int c = 0; c < d; c++) {
                        s += w[r * d + c] * xs[(n * t + i) * d + c];
                    }
                    qkv[i][r] = s;
                }
            }
            for (int i = 0; i < t; i++) {
                double[] ctx = new double[d];
                for (int head = 0; head < h; head++) {
                    double[] scores = new double[t];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < t; j++) {
                        boolean masked = j > i || kpm.toIntArray()[n * t + j] != 0;
                        double s = 0;
                        for (int e = 0; e < hd; e++) {
                            s += qkv[i][head * hd + e] * qkv[j][d + head * hd + e];
                        }
                        scores[j] = masked ? Double.NEGATIVE_INFINITY : s / Math.sqrt(hd);
                        max = Math.max(max, scores[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < t; j++) {
                        z += Math.exp(scores[j] - max);
                    }
                    for (int j = 0; j < t; j++) {
                        double p = Math.exp(scores[j] - max) / z;
                        for (int e = 0; e < hd; e++) {
                            ctx[head * hd + e] += p * qkv[j][2 * d + head * hd + e];
                        }
                    }
                }
                for (int r = 0; r < d; r++) {
                    double s = bo[r];
                    for (int c = 0; c < d; c++) {
                        s += wo[r * d + c] * ctx[c];
                    }
                    assertEquals(s, got[(n * t + i) * d + r], 1e-12);
                }
            }
        }
    }

    @Test
    void paddedKeysDoNotInfluenceOtherPositions() {
        MultiHeadSelfAttention a = attention(4, 2, 3);
        Tensor kpm = Tensor.ofInts(new int[]{0, 1, 0, 1}, 1, 4);
        Tensor x1 = randn(4, 1, 4, 4);
        Tensor x2 = x1.copy();
        x2.narrow(1, 1, 1).copyFrom(randn(5, 1, 1, 4));       // change a padded token
        double[] y1 = a.forward(Var.constant(x1), kpm, null).value().toDoubleArray();
        double[] y2 = a.forward(Var.constant(x2), kpm, null).value().toDoubleArray();
        for (int i : new int[]{0, 2}) {        // the unpadded positions
            for (int c = 0; c < 4; c++) {
                assertEquals(y1[i * 4 + c], y2[i * 4 + c], 1e-12);
            }
        }
    }

    @Test
    void fullyMaskedRowsGiveTheOutputBiasAndNoNaN() {
        MultiHeadSelfAttention a = attention(4, 2, 4);
        // batch 0: every key padded; batch 1: row 0 of the attention mask forbids everything
        Tensor kpm = Tensor.ofInts(new int[]{1, 1, 1, 0, 0, 0}, 2, 3);
        double ninf = Double.NEGATIVE_INFINITY;
        Tensor mask = Tensor.of(new double[]{ninf, ninf, ninf, 0, 0, ninf, 0, 0, 0}, 3, 3);
        Var x = Var.param(randn(6, 2, 3, 4));
        Var y = a.forward(x, kpm, mask);
        double[] ys = y.value().toDoubleArray();
        double[] bias = a.outProj().bias().value().toDoubleArray();
        for (int c = 0; c < 4; c++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(bias[c], ys[i * 4 + c], 1e-15);         // batch 0, every row
            }
            assertEquals(bias[c], ys[12 + c], 1e-15);                // batch 1, row 0
        }
        y.mul(Var.constant(randn(7, 2, 3, 4))).sum().backward();
        for (double g : x.grad().toDoubleArray()) {
            assertTrue(Double.isFinite(g));
        }
        for (Var p : a.parameters()) {
            for (double g : p.grad().toDoubleArray()) {
                assertTrue(Double.isFinite(g));
            }
        }
    }

    @Test
    void rejectsMasksOfTheWrongShape() {
        MultiHeadSelfAttention a = attention(4, 2, 5);
        Var x = Var.constant(randn(1, 2, 3, 4));
        assertThrows(IllegalArgumentException.class,
                () -> a.forward(x, Tensor.ofInts(new int[]{0, 0, 0}, 1, 3), null));
        assertThrows(IllegalArgumentException.class,
                () -> a.forward(x, null, MultiHeadSelfAttention.causalMask(2, DType.FLOAT64)));
    }

    @Test
    void gradientCheckUnmasked() {
        MultiHeadSelfAttention a = attention(4, 2, 6);
        ModuleGradCheck.check(a, a::forward, randn(8, 2, 3, 4)).assertClose();
    }

    @Test
    void gradientCheckWithBothMasks() {
        MultiHeadSelfAttention a = attention(4, 2, 7);
        Tensor kpm = Tensor.ofInts(new int[]{0, 0, 1, 0, 1, 0, 1, 1}, 2, 4);
        Tensor mask = MultiHeadSelfAttention.causalMask(4, DType.FLOAT64);
        // batch 1, query 0 sees only key 0, which is padded: a fully masked row is part of the check
        ModuleGradCheck.check(a, x -> a.forward(x, kpm, mask), randn(9, 2, 4, 4)).assertClose();
    }
}
