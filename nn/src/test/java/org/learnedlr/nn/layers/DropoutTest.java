package org.learnedlr.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnedlr.nn.layers.TestTensors.assertNames;
import static org.learnedlr.nn.layers.TestTensors.randn;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.GradCheck;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

class DropoutTest {
    @Test
    void sameSeedSameMasks() {
        Var x = Var.constant(Tensor.ones(DType.FLOAT64, 1000));
        Dropout a = new Dropout(0.3, new Rng(42));
        Dropout b = new Dropout(0.3, new Rng(42));
        double[] ya = a.forward(x).value().toDoubleArray();
        assertArrayEquals(ya, b.forward(x).value().toDoubleArray());
        // the generator moves on: the next mask differs
        assertFalse(Arrays.equals(ya, a.forward(x).value().toDoubleArray()));
        assertNames(a);
    }

    @Test
    void keepsAboutOneMinusPAndScales() {
        Var x = Var.constant(Tensor.ones(DType.FLOAT64, 20000));
        double[] y = new Dropout(0.25, new Rng(1)).forward(x).value().toDoubleArray();
        int kept = 0;
        for (double v : y) {
            if (v != 0) {
                assertEquals(1 / 0.75, v, 1e-12);
                kept++;
            }
        }
        assertEquals(0.75, kept / 20000.0, 0.01);
    }

    @Test
    void identityInEvalModeAndForPZero() {
        Var x = Var.constant(randn(0, 3, 4));
        Dropout d = new Dropout(0.5, new Rng(0));
        d.eval();
        assertSame(x, d.forward(x));
        assertSame(x, new Dropout(0.0, new Rng(0)).forward(x));
        double[] all = new Dropout(1.0, new Rng(0)).forward(x).value().toDoubleArray();
        assertTrue(Arrays.stream(all).allMatch(v -> v == 0));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, new Rng(0)));
    }

    @Test
    void gradientCheckWithAFixedMask() {
        // A fresh layer with the same seed per evaluation: the same mask every time.
        GradCheck.check(v -> new Dropout(0.4, new Rng(9)).forward(v[0]), randn(2, 3, 5)).assertClose();
    }
}
