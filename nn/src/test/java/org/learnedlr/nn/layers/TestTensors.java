package org.learnedlr.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.learnedlr.nn.Module;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/** Small helpers shared by the nn tests. */
public final class TestTensors {
    private TestTensors() {
    }

    /** N(0, 1) samples of a shape, float64 by default. */
    public static Tensor randn(long seed, int... shape) {
        return Tensor.normal(new Rng(seed), 0.0, 1.0, DType.FLOAT64, shape);
    }

    public static Tensor randn(DType dtype, long seed, int... shape) {
        return Tensor.normal(new Rng(seed), 0.0, 1.0, dtype, shape);
    }

    public static void assertNames(Module m, String... names) {
        assertEquals(List.of(names), List.copyOf(m.namedParameters().keySet()));
    }

    public static void assertShape(int[] expected, int[] actual) {
        assertArrayEquals(expected, actual, () -> "shape " + java.util.Arrays.toString(actual));
    }

    /** Max |a - b| over all elements (shapes must match). */
    public static double maxAbsDiff(Tensor a, Tensor b) {
        assertArrayEquals(a.shape(), b.shape(), "shapes differ");
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double m = 0;
        for (int i = 0; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - y[i]));
        }
        return m;
    }
}
