package org.learnedlr.nn.layers;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnedlr.nn.layers.TestTensors.assertNames;
import static org.learnedlr.nn.layers.TestTensors.assertShape;
import static org.learnedlr.nn.layers.TestTensors.randn;

import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

class Conv2dTest {
    @Test
    void namesAndShapes() {
        Conv2d c = new Conv2d(3, 8, 3, 2, 1, new Rng(0));
        assertNames(c, "weight", "bias");
        assertShape(new int[]{8, 3, 3, 3}, c.weight().shape());
        assertShape(new int[]{8}, c.bias().shape());
        assertShape(new int[]{2, 8, 4, 5}, c.forward(Var.constant(Tensor.zeros(2, 3, 7, 9))).shape());
        Conv2d noBias = new Conv2d(1, 4, 7, 2, 3, false, DType.FLOAT32, new Rng(0));
        assertNames(noBias, "weight");
        assertShape(new int[]{1, 4, 14, 14}, noBias.forward(Var.constant(Tensor.zeros(1, 1, 28, 28))).shape());
    }

    @Test
    void defaultInitWithinOneOverSqrtFanIn() {
        Conv2d c = new Conv2d(2, 4, 3, 1, 0, new Rng(5));
        double bound = 1.0 / Math.sqrt(2 * 3 * 3);
        for (double v : c.weight().value().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
        for (double v : c.bias().value().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
    }

    @Test
    void gradientCheck() {
        Conv2d c = new Conv2d(2, 3, 3, 2, 1, true, DType.FLOAT64, new Rng(1));
        ModuleGradCheck.check(c, c::forward, randn(2, 2, 2, 5, 4)).assertClose();
    }
}
