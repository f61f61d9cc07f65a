package org.learnedlr.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnedlr.nn.layers.TestTensors.assertNames;
import static org.learnedlr.nn.layers.TestTensors.assertShape;
import static org.learnedlr.nn.layers.TestTensors.randn;

import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.GradCheck;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/** The parameter-free layers, and Sequential. */
class SimpleLayersTest {
    @Test
    void reluAndGelu() {
        Tensor x = Tensor.of(new double[]{-2, -0.5, 0.5, 2}, 4);
        assertArrayEquals(new double[]{0, 0, 0.5, 2}, new ReLU().forward(Var.constant(x)).value().toDoubleArray());
        double[] g = new GELU().forward(Var.constant(x)).value().toDoubleArray();
        double c = Math.sqrt(2 / Math.PI);
        for (int i = 0; i < 4; i++) {
            double v = x.toDoubleArray()[i];
            assertEquals(0.5 * v * (1 + Math.tanh(c * (v + 0.044715 * v * v * v))), g[i], 1e-12);
        }
        assertNames(new ReLU());
        assertNames(new GELU());
        // away from relu's kink at 0
        GradCheck.check(v -> new ReLU().forward(v[0]), x).assertClose();
        GradCheck.check(v -> new GELU().forward(v[0]), randn(1, 3, 4)).assertClose();
    }

    @Test
    void flatten() {
        assertShape(new int[]{2, 60}, new Flatten().forward(Var.constant(Tensor.zeros(2, 3, 4, 5))).shape());
        assertShape(new int[]{2, 12, 5}, new Flatten(1, 2).forward(Var.constant(Tensor.zeros(2, 3, 4, 5))).shape());
        GradCheck.check(v -> new Flatten().forward(v[0]), randn(2, 2, 3, 2)).assertClose();
    }

    @Test
    void maxPool() {
        Tensor x = Tensor.of(new double[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 1, 1, 4, 4);
        assertArrayEquals(new double[]{6, 8, 14, 16},
                new MaxPool2d(2).forward(Var.constant(x)).value().toDoubleArray());
        assertShape(new int[]{2, 64, 7, 7},
                new MaxPool2d(3, 2, 1).forward(Var.constant(Tensor.zeros(2, 64, 14, 14))).shape());
        // distinct values: no ties
        GradCheck.check(v -> new MaxPool2d(3, 2, 1).forward(v[0]), randn(2, 2, 2, 5, 5)).assertClose();
    }

    @Test
    void adaptiveAvgPoolGlobal() {
        Tensor x = randn(3, 2, 3, 4, 5);
        Var y = new AdaptiveAvgPool2d(1).forward(Var.constant(x));
        assertShape(new int[]{2, 3, 1, 1}, y.shape());
        assertEquals(x.narrow(0, 1, 1).narrow(1, 2, 1).mean().item(), y.value().get(1, 2, 0, 0), 1e-12);
        GradCheck.check(v -> new AdaptiveAvgPool2d(1).forward(v[0]), randn(4, 2, 2, 3, 3)).assertClose();
    }

    @Test
    void adaptiveAvgPoolDivisibleAndGeneral() {
        // 4x6 -> 2x3: 2x2 windows
        Tensor x = Tensor.arange(24, DType.FLOAT64).reshape(1, 1, 4, 6);
        double[] y = new AdaptiveAvgPool2d(2, 3).forward(Var.constant(x)).value().toDoubleArray();
        assertArrayEquals(new double[]{3.5, 5.5, 7.5, 15.5, 17.5, 19.5}, y, 1e-12);
        // 5 -> 3 bins: rows [0,2), [1,4), [3,5)  (PyTorch's floor/ceil bins)
        Tensor r = Tensor.arange(5, DType.FLOAT64).reshape(1, 1, 5, 1);
        double[] z = new AdaptiveAvgPool2d(3, 1).forward(Var.constant(r)).value().toDoubleArray();
        assertArrayEquals(new double[]{0.5, 2.0, 3.5}, z, 1e-12);
        GradCheck.check(v -> new AdaptiveAvgPool2d(2, 3).forward(v[0]), randn(5, 1, 2, 5, 4)).assertClose();
        GradCheck.check(v -> new AdaptiveAvgPool2d(2, 2).forward(v[0]), randn(6, 1, 1, 4, 6)).assertClose();
    }

    @Test
    void sequentialNamesChildrenByIndex() {
        Rng rng = new Rng(0);
        Sequential s = new Sequential(new Linear(4, 3, rng), new ReLU(), new Linear(3, 2, rng));
        assertNames(s, "0.weight", "0.bias", "2.weight", "2.bias");
        assertEquals(3, s.size());
        assertShape(new int[]{5, 2}, s.forward(Var.constant(Tensor.zeros(5, 4))).shape());
        Sequential empty = new Sequential();
        Var x = Var.constant(Tensor.zeros(1));
        assertSame(x, empty.forward(x));
    }

    @Test
    void sequentialGradientCheck() {
        Rng rng = new Rng(2);
        Sequential s = new Sequential(new Linear(3, 4, true, DType.FLOAT64, rng), new GELU(),
                new Linear(4, 2, true, DType.FLOAT64, rng));
        ModuleGradCheck.check(s, s::forward, randn(3, 2, 3)).assertClose();
        assertTrue(s.parameterCount() > 0);
    }
}
