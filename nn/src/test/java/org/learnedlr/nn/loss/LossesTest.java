package org.learnedlr.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.GradCheck;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

class LossesTest {
    private static Tensor randn(long seed, int... shape) {
        return Tensor.normal(new Rng(seed), 0.0, 1.0, DType.FLOAT64, shape);
    }

    @Test
    void crossEntropyValue() {
        double[] l = {1.0, 2.0, 0.5, -1.0, 0.0, 3.0};
        Tensor logits = Tensor.of(l, 2, 3);
        Tensor labels = Tensor.ofInts(new int[]{1, 2}, 2);
        double row0 = -(2.0 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(0.5)));
        double row1 = -(3.0 - Math.log(Math.exp(-1) + Math.exp(0) + Math.exp(3)));
        Var loss = Losses.crossEntropy(Var.constant(logits), labels);
        assertEquals(0, loss.dim());
        assertEquals((row0 + row1) / 2, loss.item(), 1e-12);
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        Tensor logits = Tensor.of(new float[]{1e4f, 0f, -1e4f, 0f, 1e4f, 0f}, 2, 3);
        Var x = Var.param(logits);
        Var right = Losses.crossEntropy(x, Tensor.ofInts(new int[]{0, 1}, 2));
        assertEquals(0.0, right.item(), 1e-6);
        Var wrong = Losses.crossEntropy(Var.constant(logits), Tensor.ofInts(new int[]{2, 0}, 2));
        assertEquals((2e4 + 1e4) / 2, wrong.item(), 1e-2);
        right.backward();
        for (double g : x.grad().toDoubleArray()) {
            assertTrue(Double.isFinite(g));
        }
    }

    @Test
    void crossEntropyGradient() {
        Tensor labels = Tensor.ofInts(new int[]{0, 3, 3, 1}, 4);
        GradCheck.check(v -> Losses.crossEntropy(v[0], labels), randn(1, 4, 5).mul(3.0)).assertClose();
        // d/dlogits = (softmax - onehot) / N
        Var x = Var.param(Tensor.zeros(DType.FLOAT64, 1, 4));
        Losses.crossEntropy(x, Tensor.ofInts(new int[]{2}, 1)).backward();
        assertArrayEquals(new double[]{0.25, 0.25, -0.75, 0.25}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void crossEntropyRejectsBadLabels() {
        Var logits = Var.constant(Tensor.zeros(2, 3));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(logits, Tensor.of(new float[]{0, 1}, 2)));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(logits, Tensor.ofInts(new int[]{0, 1, 2}, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(logits, Tensor.ofInts(new int[]{0, 3}, 2)));
    }

    @Test
    void mse() {
        Var p = Var.constant(Tensor.of(new double[]{1, 2, 3, 4}, 2, 2));
        Var t = Var.constant(Tensor.of(new double[]{1, 0, 3, 1}, 2, 2));
        assertEquals((4 + 9) / 4.0, Losses.mse(p, t).item(), 1e-12);
        GradCheck.check(v -> Losses.mse(v[0], v[1]), randn(2, 3, 2), randn(3, 3, 2)).assertClose();
    }
}
