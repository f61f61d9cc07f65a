package org.learnedlr.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

class LinearTest {
    @Test
    void namesShapesAndLayout() {
        Linear l = new Linear(5, 3, new Rng(0));
        assertNames(l, "weight", "bias");
        assertShape(new int[]{3, 5}, l.weight().shape());
        assertShape(new int[]{3}, l.bias().shape());
        assertShape(new int[]{4, 3}, l.forward(Var.constant(Tensor.zeros(4, 5))).shape());
        assertShape(new int[]{2, 7, 3}, l.forward(Var.constant(Tensor.zeros(2, 7, 5))).shape());
        assertEquals(18, l.parameterCount());
    }

    @Test
    void noBias() {
        Linear l = new Linear(4, 2, false, DType.FLOAT32, new Rng(0));
        assertNames(l, "weight");
        assertNull(l.bias());
    }

    @Test
    void computesXWTransposedPlusB() {
        Linear l = new Linear(2, 2, true, DType.FLOAT64, new Rng(0));
        l.weight().value().copyFrom(Tensor.of(new double[]{1, 2, 3, 4}, 2, 2));
        l.bias().value().copyFrom(Tensor.of(new double[]{10, 20}, 2));
        double[] y = l.forward(Var.constant(Tensor.of(new double[]{1, 1}, 1, 2))).value().toDoubleArray();
        assertEquals(13, y[0]);   // 1*1 + 1*2 + 10
        assertEquals(27, y[1]);   // 1*3 + 1*4 + 20
    }

    @Test
    void defaultInitWithinOneOverSqrtFanIn() {
        Linear l = new Linear(16, 8, new Rng(3));
        double bound = 1.0 / Math.sqrt(16);
        for (double v : l.weight().value().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
        for (double v : l.bias().value().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
    }

    @Test
    void rejectsWrongWidth() {
        Linear l = new Linear(5, 3, new Rng(0));
        assertThrows(IllegalArgumentException.class, () -> l.forward(Var.constant(Tensor.zeros(4, 6))));
    }

    @Test
    void gradientCheck() {
        Linear l = new Linear(3, 2, true, DType.FLOAT64, new Rng(1));
        ModuleGradCheck.check(l, l::forward, randn(2, 2, 4, 3)).assertClose();
    }
}
