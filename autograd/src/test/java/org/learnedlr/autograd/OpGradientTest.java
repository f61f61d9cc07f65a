package org.learnedlr.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/**
 * Every differentiable op checked against central differences in FLOAT64, on small odd shapes, through views and
 * broadcasting, at points away from kinks. Non-scalar outputs are projected onto random weights by GradCheck.
 */
class OpGradientTest {
    private final Inputs in = new Inputs(7);

    private static void check(GradCheck.Fn f, Tensor... inputs) {
        GradCheck.check(f, inputs).assertClose();
    }

    // ---- unary ---------------------------------------------------------------------------------------------------

    @Test
    void unarySmooth() {
        Tensor x = in.normal(3, 5);
        check(v -> v[0].neg(), x);
        check(v -> v[0].exp(), x);
        check(v -> v[0].tanh(), x);
        check(v -> v[0].sigmoid(), x);
        check(v -> v[0].gelu(), x.mul(2.0));
        check(v -> v[0].square(), x);
    }

    @Test
    void unaryOnPositiveInputs() {
        Tensor x = in.uniform(0.3, 3.0, 2, 3, 5);
        check(v -> v[0].log(), x);
        check(v -> v[0].sqrt(), x);
    }

    @Test
    void unaryWithKinksAwayFromThem() {
        Tensor x = in.awayFromZero(5, 3);
        check(v -> v[0].abs(), x);
        check(v -> v[0].relu(), x);
        // Random values land within eps of a bound with negligible probability; the seed is fixed.
        check(v -> v[0].clamp(-0.9, 0.6), x);
        check(v -> v[0].clamp(-0.1, 0.1), x);                             // all outside: zero gradient
    }

    @Test
    void clampGradientIsOneInsideAndZeroOutside() {
        Var x = Var.param(Tensor.of(new double[]{-2.0, -0.5, 0.5, 2.0}, 4));
        x.clamp(-1.0, 1.0).sum().backward();
        assertArrayClose(new double[]{0, 1, 1, 0}, x.grad().toDoubleArray(), 0);
    }

    // ---- binary with broadcasting ----------------------------------------------------------------------------------

    @Test
    void addSubMulDivBroadcast() {
        Tensor a = in.normal(3, 1);
        Tensor b = in.normal(4);
        check(v -> v[0].add(v[1]), a, b);                                  // [3,1] + [4] -> [3,4]
        check(v -> v[0].sub(v[1]), in.normal(2, 3, 4), in.normal(3, 1));
        check(v -> v[0].mul(v[1]), in.normal(5), in.normal(2, 5));
        check(v -> v[0].div(v[1]), in.normal(3, 4), in.uniform(0.5, 2.0, 4));
        check(v -> v[0].div(v[1]), in.normal(1, 4), in.uniform(-2.0, -0.5, 3, 1));
    }

    @Test
    void scalarForms() {
        Tensor x = in.uniform(0.5, 2.0, 3, 2);
        check(v -> v[0].add(2.5).mul(-1.5).sub(0.25).div(3.0), x);
        check(v -> v[0].pow(2.5), x);
        check(v -> v[0].pow(-1.3), x);
        check(v -> v[0].maximum(1.2).minimum(1.7), in.uniform(0.5, 2.5, 3, 2));
    }

    @Test
    void powBothOperands() {
        check(v -> v[0].pow(v[1]), in.uniform(0.5, 2.0, 3, 4), in.normal(4));
        check(v -> v[0].pow(v[1]), in.uniform(0.5, 2.0, 1, 4), in.uniform(-1.0, 2.0, 3, 1));
    }

    @Test
    void maximumMinimumBroadcast() {
        Tensor a = in.normal(3, 4);
        Tensor b = in.normal(4);
        check(v -> v[0].maximum(v[1]), a, b);
        check(v -> v[0].minimum(v[1]), a, b);
    }

    @Test
    void maximumTieSplitsEvenly() {
        Var a = Var.param(Tensor.of(new double[]{1, 2, 3}, 3));
        Var b = Var.param(Tensor.of(new double[]{2, 2, 2}, 3));
        a.maximum(b).sum().backward();
        assertArrayClose(new double[]{0, 0.5, 1}, a.grad().toDoubleArray(), 0);
        assertArrayClose(new double[]{1, 0.5, 0}, b.grad().toDoubleArray(), 0);
    }

    @Test
    void whereBroadcast() {
        Tensor cond = in.mask(3, 1);
        check(v -> Var.where(cond, v[0], v[1]), in.normal(3, 4), in.normal(4));
        Tensor cond2 = in.mask(3, 4);
        check(v -> Var.where(cond2, v[0].exp(), v[1].mul(v[0])), in.normal(3, 4), in.normal(1, 4));
    }

    // ---- reductions ----------------------------------------------------------------------------------------------

    @Test
    void sumAndMeanOverAxes() {
        Tensor x = in.normal(2, 3, 5);
        check(v -> v[0].sum(), x);
        check(v -> v[0].sum(new int[]{1}, false), x);
        check(v -> v[0].sum(new int[]{1}, true), x);
        check(v -> v[0].sum(new int[]{0, 2}, false), x);
        check(v -> v[0].sum(new int[]{-1, 0}, true), x);
        check(v -> v[0].mean(), x);
        check(v -> v[0].mean(new int[]{0, 2}, true), x);
        check(v -> v[0].mean(new int[]{2}, false), x);
    }

    @Test
    void maxAndMinOverAxes() {
        Tensor x = in.normal(3, 4, 5);
        check(v -> v[0].max(new int[]{1}, false), x);
        check(v -> v[0].max(new int[]{0, 2}, true), x);
        check(v -> v[0].max(new int[0], false), x);
        check(v -> v[0].min(new int[]{2}, true), x);
        check(v -> v[0].min(new int[]{0, 1}, false), x);
    }

    @Test
    void maxTiesShareTheGradientEvenly() {
        Var x = Var.param(Tensor.of(new double[]{1, 3, 3, 2, 5, 5, 5, 0}, 2, 4));
        x.max(new int[]{1}, false).sum().backward();
        assertArrayClose(new double[]{0, 0.5, 0.5, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3, 0}, x.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void variance() {
        Tensor x = in.normal(3, 5);
        check(v -> v[0].var(new int[]{1}, false, 0), x);
        check(v -> v[0].var(new int[]{1}, true, 1), x);
        check(v -> v[0].var(new int[0], false, 1), x);
        check(v -> v[0].var(new int[]{0}, true, 0), in.normal(4, 2, 3));
    }

    // ---- matmul --------------------------------------------------------------------------------------------------

    @Test
    void matmulPlainBatchedAndBroadcast() {
        check(v -> v[0].matmul(v[1]), in.normal(3, 4), in.normal(4, 5));
        check(v -> v[0].matmul(v[1]), in.normal(2, 3, 4), in.normal(4, 5));           // shared right operand
        check(v -> v[0].matmul(v[1]), in.normal(2, 1, 3, 4), in.normal(3, 4, 2));     // [2,1] with [3] batches
        check(v -> v[0].matmul(v[1]), in.normal(1, 3), in.normal(2, 3, 1));           // vectors in disguise
    }

    @Test
    void matmulThroughTransposedView() {
        check(v -> v[0].transpose(0, 1).matmul(v[1]), in.normal(4, 3), in.normal(4, 2));
    }

    // ---- views ---------------------------------------------------------------------------------------------------

    @Test
    void views() {
        Tensor x = in.normal(2, 3, 5);
        check(v -> v[0].reshape(5, -1), x);
        check(v -> v[0].permute(2, 0, 1), x);
        check(v -> v[0].transpose(0, 2), x);
        check(v -> v[0].narrow(2, 1, 3), x);
        check(v -> v[0].narrow(-2, 2, 1).squeeze(1), x);
        check(v -> v[0].unsqueeze(1).expand(2, 4, 3, 5), x);
        check(v -> v[0].flatten(1, 2), x);
        check(v -> v[0].permute(1, 0, 2).contiguous().reshape(3, 10), x);
        check(v -> v[0].expand(2, 3, 4), in.normal(3, 1));
    }

    @Test
    void viewsComposeWithArithmetic() {
        // A permuted, narrowed and expanded operand in one expression.
        check(v -> v[0].permute(1, 0).narrow(0, 1, 2).mul(v[1].expand(2, 3)).exp(),
                in.normal(3, 4), in.normal(1, 3));
    }

    // ---- indexing, joining, padding --------------------------------------------------------------------------------

    @Test
    void gatherWithRepeatedIndices() {
        Tensor index = Tensor.ofInts(new int[]{0, 0, 3, 1, 2, 1}, 3, 2);
        check(v -> v[0].gather(1, index), in.normal(3, 5));
        Tensor rows = in.indices(3, 2, 4);
        check(v -> v[0].gather(0, rows), in.normal(3, 4));
    }

    @Test
    void indexSelectWithRepeats() {
        Tensor index = Tensor.ofInts(new int[]{2, 0, 2, 1}, 4);
        check(v -> v[0].indexSelect(0, index), in.normal(3, 2));
        check(v -> v[0].indexSelect(1, index), in.normal(2, 3, 2));
    }

    @Test
    void scatterAdd() {
        Tensor index = Tensor.ofInts(new int[]{0, 2, 2, 1, 0, 0}, 2, 3);
        check(v -> Var.scatterAdd(new int[]{2, 4}, 1, index, v[0]), in.normal(2, 3));
    }

    @Test
    void concatStackPad() {
        check(v -> Var.concat(List.of(v[0], v[1], v[2]), 1), in.normal(2, 1, 3), in.normal(2, 3, 3),
                in.normal(2, 2, 3));
        check(v -> Var.concat(List.of(v[0], v[0].exp()), -1), in.normal(3, 2));
        check(v -> Var.stack(List.of(v[0], v[1]), 1), in.normal(3, 2), in.normal(3, 2));
        check(v -> Var.stack(List.of(v[0], v[1], v[0]), 2), in.normal(3, 2), in.normal(3, 2));
        check(v -> v[0].pad(new int[]{1, 0, 2}, new int[]{0, 2, 1}, 0.5), in.normal(2, 3, 2));
    }

    // ---- convolution and pooling -----------------------------------------------------------------------------------

    @Test
    void im2colAndCol2im() {
        Conv2dGeometry g = Conv2dGeometry.of(new int[]{2, 2, 5, 4}, 3, 2, 2, 1, 1, 1);
        check(v -> v[0].im2col(g), in.normal(2, 2, 5, 4));
        check(v -> v[0].col2im(g), in.normal(g.columnsShape()));
    }

    @Test
    void conv2dStrideTwoPaddingOne() {
        check(v -> v[0].conv2d(v[1], v[2], 2, 1), in.normal(2, 3, 5, 5), in.normal(4, 3, 3, 3), in.normal(4));
        check(v -> v[0].conv2d(v[1], null, 2, 1), in.normal(1, 2, 6, 5), in.normal(3, 2, 3, 3));
        check(v -> v[0].conv2d(v[1], v[2], 1, 0), in.normal(2, 2, 4, 5), in.normal(3, 2, 2, 3), in.normal(3));
    }

    @Test
    void conv2dWithConstantInput() {
        // The image is data: only weight and bias get gradients.
        Tensor image = in.normal(2, 3, 5, 5);
        check(v -> Var.constant(image).conv2d(v[0], v[1], 2, 1), in.normal(2, 3, 3, 3), in.normal(2));
    }

    @Test
    void pooling() {
        Tensor x = in.normal(2, 3, 5, 5);
        check(v -> v[0].maxPool2d(3, 2, 1), x);
        check(v -> v[0].maxPool2d(2, 2, 0), x);
        check(v -> v[0].avgPool2d(3, 2, 1), x);
        check(v -> v[0].avgPool2d(2, 1, 0), in.normal(1, 2, 3, 4));
    }

    @Test
    void maxPoolMatchesAHandCase() {
        // One 3x3 image, 2x2 windows with stride 1: maxima 5, 6, 8, 9.
        Tensor x = Tensor.of(new double[]{1, 5, 2, 4, 3, 6, 7, 8, 9}, 1, 1, 3, 3);
        Var v = Var.param(x);
        Var y = v.maxPool2d(2, 1, 0);
        assertArrayClose(new double[]{5, 6, 8, 9}, y.value().toDoubleArray(), 0);
        y.sum().backward();
        assertArrayClose(new double[]{0, 1, 0, 0, 0, 1, 0, 1, 1}, v.grad().toDoubleArray(), 0);
    }

    // ---- fused ---------------------------------------------------------------------------------------------------

    @Test
    void softmaxAndLogSoftmax() {
        Tensor x = in.normal(3, 5);
        check(v -> v[0].softmax(1), x);
        check(v -> v[0].softmax(0), x);
        check(v -> v[0].logSoftmax(-1), x);
        check(v -> v[0].logSoftmax(0), in.normal(4, 2, 3));
    }

    @Test
    void softmaxWithLargeLogits() {
        Tensor x = in.normal(3, 5).add(1000.0);                             // large, not saturated
        check(v -> v[0].softmax(1), x);
        check(v -> v[0].logSoftmax(1), x);
        // Saturated: one logit 1000 above the rest; gradients are finite (and tiny or exact).
        Tensor saturated = in.normal(2, 4).pad(new int[]{0, 0}, new int[]{0, 1}, 1000.0);
        check(v -> v[0].softmax(1), saturated);
        check(v -> v[0].logSoftmax(1), saturated);
    }

    @Test
    void crossEntropy() {
        Tensor labels = Tensor.ofInts(new int[]{4, 0, 2}, 3);
        check(v -> v[0].crossEntropy(labels), in.normal(3, 5));
        check(v -> v[0].crossEntropy(labels), in.normal(3, 5).add(1000.0));       // stable far from 0
        check(v -> v[0].crossEntropy(Tensor.ofInts(new int[]{0}, 1)), in.normal(1, 1));  // one class: loss 0
        // Repeated labels, and the loss feeding further ops (a non-unit upstream gradient).
        check(v -> v[0].crossEntropy(Tensor.ofInts(new int[]{1, 1, 1, 3}, 4)).mul(2.5).exp(), in.normal(4, 4));
    }

    @Test
    void layerNorm() {
        Tensor x = in.normal(3, 5);
        check(v -> v[0].layerNorm(null, null, 1e-5), x);
        check(v -> v[0].layerNorm(v[1], v[2], 1e-5), x, in.normal(5), in.normal(5));
        check(v -> v[0].layerNorm(v[1], null, 1e-3), in.normal(2, 3, 5), in.normal(5));
        check(v -> v[0].layerNorm(null, v[1], 1e-5), in.normal(2, 3, 5), in.normal(5));
    }

    @Test
    void castRoundTrip() {
        // Through float32 the central difference is resolved only to float32 precision: larger eps and tolerance.
        GradCheck.Options loose = GradCheck.Options.DEFAULT.withEps(1e-2).withTolerance(1e-3, 1e-3);
        GradCheck.check(v -> v[0].cast(DType.FLOAT32).mul(3.0).cast(DType.FLOAT64), loose, in.normal(3, 2))
                .assertClose();
        check(v -> v[0].cast(DType.FLOAT64).exp(), in.normal(2, 3));   // cast to the same dtype is the identity
    }

    @Test
    void castGradientReturnsInTheParamDtype() {
        Var x = Var.param(Tensor.of(new float[]{1f, -2f, 0.5f}, 3));
        x.cast(DType.FLOAT64).square().sum().backward();
        assertEquals(DType.FLOAT32, x.grad().dtype());
        assertArrayClose(new double[]{2, -4, 1}, x.grad().toDoubleArray(), 0);
        assertTrue(!x.cast(DType.INT32).requiresGrad(), "a cast to INT32 carries no gradient");
    }

    static void assertArrayClose(double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, "element " + i);
        }
    }
}
