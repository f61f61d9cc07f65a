package org.learnedlr.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/** Shared helpers: float64 parameters, a deterministic gradient, and comparisons. */
final class Reference {
    private Reference() {
    }

    static Var param(double... values) {
        return Var.param(Tensor.of(values.clone(), values.length));
    }

    static Var param32(double... values) {
        return Var.param(Tensor.of(Tensor.zeros(DType.FLOAT32).backend(), DType.FLOAT32, values.clone(),
                values.length));
    }

    /**
     * The gradient used throughout: that of f(p) = sum_i (i + 1) / 2 * p_i^2 + (0.1 t - 0.5) p_i, a quadratic whose
     * linear term drifts with the step t, so that successive gradients differ in size and sign.
     */
    static double[] grad(double[] p, int t) {
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            g[i] = (i + 1) * p[i] + (0.1 * t - 0.5);
        }
        return g;
    }

    /** Sets each parameter's gradient from its current value, as {@link #grad} says. */
    static void setGrads(List<Var> params, int t) {
        for (Var p : params) {
            double[] g = grad(p.value().toDoubleArray(), t);
            p.setGrad(Tensor.of(p.value().backend(), p.dtype(), g, p.shape()));
        }
    }

    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    static List<double[]> values(List<Var> params) {
        List<double[]> out = new ArrayList<>();
        for (Var p : params) {
            out.add(p.value().toDoubleArray());
        }
        return out;
    }

    static long[] bits(Tensor t) {
        double[] d = t.toDoubleArray();
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = Double.doubleToRawLongBits(d[i]);
        }
        return out;
    }
}
