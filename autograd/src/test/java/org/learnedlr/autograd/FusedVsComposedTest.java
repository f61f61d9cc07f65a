package org.learnedlr.autograd;

import static org.learnedlr.autograd.OpGradientTest.assertArrayClose;

import org.junit.jupiter.api.Test;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * The rules of the fused ops (softmax, log-softmax, layer norm, conv2d) against the gradients autograd derives for
 * their compositions from primitives: both values and gradients must agree.
 */
class FusedVsComposedTest {
    private final Inputs in = new Inputs(3);

    /** Runs both functions on fresh params of the same inputs with the same random upstream; compares everything. */
    private static void assertSameGradients(GradCheck.Fn fused, GradCheck.Fn composed, double tol, Tensor... inputs) {
        Var[] a = new Var[inputs.length];
        Var[] b = new Var[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            a[i] = Var.param(inputs[i]);
            b[i] = Var.param(inputs[i]);
        }
        Var ya = fused.apply(a);
        Var yb = composed.apply(b);
        assertArrayClose(yb.value().toDoubleArray(), ya.value().toDoubleArray(), tol);
        Tensor upstream = Tensor.normal(new Rng(99), 0.0, 1.0, DType.FLOAT64, ya.shape());
        ya.backward(upstream);
        yb.backward(upstream);
        for (int i = 0; i < inputs.length; i++) {
            assertArrayClose(b[i].grad().toDoubleArray(), a[i].grad().toDoubleArray(), tol);
        }
    }

    private static Var composedSoftmax(Var x, int axis) {
        Var e = x.sub(x.max(new int[]{axis}, true).detach()).exp();   // the shift is a constant for the gradient
        return e.div(e.sum(new int[]{axis}, true));
    }

    private static Var composedLogSoftmax(Var x, int axis) {
        Var shifted = x.sub(x.max(new int[]{axis}, true).detach());
        return shifted.sub(shifted.exp().sum(new int[]{axis}, true).log());
    }

    @Test
    void softmax() {
        assertSameGradients(v -> v[0].softmax(1), v -> composedSoftmax(v[0], 1), 1e-12, in.normal(3, 5));
        assertSameGradients(v -> v[0].softmax(0), v -> composedSoftmax(v[0], 0), 1e-12, in.normal(4, 2, 3));
        assertSameGradients(v -> v[0].softmax(1), v -> composedSoftmax(v[0], 1), 1e-12,
                in.normal(2, 6).mul(30.0).add(1000.0));
    }

    @Test
    void crossEntropy() {
        Tensor labels = Tensor.ofInts(new int[]{2, 0, 4, 4, 1}, 5);
        assertSameGradients(v -> v[0].crossEntropy(labels),
                v -> composedLogSoftmax(v[0], 1).gather(1, labels.reshape(5, 1)).mean().neg(), 1e-12,
                in.normal(5, 6));
        assertSameGradients(v -> v[0].crossEntropy(labels),
                v -> composedLogSoftmax(v[0], 1).gather(1, labels.reshape(5, 1)).mean().neg(), 1e-10,
                in.normal(5, 6).mul(30.0).add(1000.0));
    }

    @Test
    void logSoftmax() {
        assertSameGradients(v -> v[0].logSoftmax(1), v -> composedLogSoftmax(v[0], 1), 1e-12, in.normal(3, 5));
        assertSameGradients(v -> v[0].logSoftmax(-1), v -> composedLogSoftmax(v[0], -1), 1e-10,
                in.normal(2, 6).mul(30.0).add(1000.0));
    }

    @Test
    void layerNorm() {
        GradCheck.Fn composed = v -> {
            Var x = v[0];
            Var centred = x.sub(x.mean(new int[]{-1}, true));
            Var y = centred.div(x.var(new int[]{-1}, true, 0).add(1e-5).sqrt());
            return y.mul(v[1]).add(v[2]);
        };
        assertSameGradients(v -> v[0].layerNorm(v[1], v[2], 1e-5), composed, 1e-12,
                in.normal(2, 3, 7), in.normal(7), in.normal(7));
        GradCheck.Fn plain = v -> {
            Var x = v[0];
            return x.sub(x.mean(new int[]{-1}, true)).div(x.var(new int[]{-1}, true, 0).add(1e-5).sqrt());
        };
        assertSameGradients(v -> v[0].layerNorm(null, null, 1e-5), plain, 1e-12, in.normal(4, 5));
    }

    @Test
    void conv2d() {
        int stride = 2;
        int padding = 1;
        GradCheck.Fn composed = v -> {
            int[] xs = v[0].shape();
            int[] ws = v[1].shape();
            Conv2dGeometry g = Conv2dGeometry.of(xs, ws[2], ws[3], stride, stride, padding, padding);
            Var columns = v[0].im2col(g);                                     // (N, C*KH*KW, L)
            Var y = v[1].reshape(ws[0], g.patchSize()).matmul(columns);      // (N, O, L)
            return y.add(v[2].reshape(ws[0], 1)).reshape(xs[0], ws[0], g.outH(), g.outW());
        };
        assertSameGradients(v -> v[0].conv2d(v[1], v[2], stride, padding), composed, 1e-12,
                in.normal(2, 3, 7, 6), in.normal(4, 3, 3, 3), in.normal(4));
    }

    @Test
    void meanAndVarianceMatchTheTensorOnes() {
        Tensor x = in.normal(3, 4, 5);
        Var v = Var.constant(x);
        assertArrayClose(x.mean(new int[]{0, 2}, true).toDoubleArray(),
                v.mean(new int[]{0, 2}, true).value().toDoubleArray(), 1e-14);
        assertArrayClose(x.var(new int[]{1}, false, 1).toDoubleArray(),
                v.var(new int[]{1}, false, 1).value().toDoubleArray(), 1e-14);
        assertArrayClose(x.min(new int[]{2}, false).toDoubleArray(),
                v.min(new int[]{2}, false).value().toDoubleArray(), 0);
    }
}
