package org.learnedlr.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.learnedlr.nn.layers.TestTensors.assertNames;
import static org.learnedlr.nn.layers.TestTensors.assertShape;
import static org.learnedlr.nn.layers.TestTensors.randn;

import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

class LayerNormTest {
    @Test
    void namesShapesAndNormalisation() {
        LayerNorm ln = new LayerNorm(6, 1e-5, DType.FLOAT64);
        assertNames(ln, "weight", "bias");
        Tensor x = randn(0, 2, 3, 6).mul(4.0).add(2.0);
        Var y = ln.forward(Var.constant(x));
        assertShape(new int[]{2, 3, 6}, y.shape());
        double[] mean = y.value().mean(new int[]{2}, false).toDoubleArray();
        double[] var = y.value().var(new int[]{2}, false, 0).toDoubleArray();
        for (int i = 0; i < mean.length; i++) {
            assertEquals(0.0, mean[i], 1e-12);
            assertEquals(1.0, var[i], 1e-5);
        }
    }

    @Test
    void gradientCheck() {
        LayerNorm ln = new LayerNorm(4, 1e-5, DType.FLOAT64);
        ln.weight().value().copyFrom(randn(1, 4).add(1.0));
        ln.bias().value().copyFrom(randn(2, 4));
        ModuleGradCheck.check(ln, ln::forward, randn(3, 2, 3, 4)).assertClose();
    }
}
