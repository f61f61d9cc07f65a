package org.learnedlr.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/** The checker itself: it passes correct rules and catches a deliberately wrong one. */
class GradCheckTest {
    private final Inputs in = new Inputs(11);

    /** y = x^2 computed correctly, with a local gradient of g x instead of 2 g x. */
    private static Var wrongSquare(Var x) {
        Tensor xv = x.value();
        return Var.custom("wrongSquare", xv.square(), new Var[]{x}, g -> new Tensor[]{g.mul(xv)});
    }

    private static Var rightSquare(Var x) {
        Tensor xv = x.value();
        return Var.custom("square", xv.square(), new Var[]{x}, g -> new Tensor[]{g.mul(xv).mul(2.0)});
    }

    @Test
    void aWrongRuleIsCaught() {
        Tensor x = in.normal(2, 3);
        GradCheck.Result r = GradCheck.check(v -> wrongSquare(v[0]), x);
        assertFalse(r.passed());
        assertTrue(r.maxAbsError() > 0.01, r.toString());
        assertEquals(0, r.worstInput());
        assertEquals(2, r.worstIndex().length);
        // At the worst element, numeric = 2 analytic.
        assertEquals(2 * r.worstAnalytic(), r.worstNumeric(), 1e-6);
        AssertionError e = assertThrows(AssertionError.class, r::assertClose);
        assertTrue(e.getMessage().contains("input 0") && e.getMessage().contains("FAILED"), e.getMessage());
    }

    @Test
    void aWrongRuleDeepInsideAGraphIsCaught() {
        GradCheck.Result r = GradCheck.check(v -> wrongSquare(v[0].matmul(v[1]).tanh()).softmax(1),
                in.normal(3, 4), in.normal(4, 2));
        assertFalse(r.passed(), r.toString());
    }

    @Test
    void aRightRulePasses() {
        GradCheck.Result r = GradCheck.check(v -> rightSquare(v[0]).mul(v[1]), in.normal(2, 3), in.normal(3));
        assertTrue(r.passed(), r.toString());
        assertTrue(r.maxAbsError() < 1e-8, r.toString());
        r.assertClose();
    }

    @Test
    void softmaxErrorsThatSumToZeroAreNotHidden() {
        // A rule that drops the -y sum(g y) term is exact for a plain sum of softmax outputs (whose gradient is 0)
        // but wrong for the projected loss GradCheck uses.
        GradCheck.Fn badSoftmax = v -> {
            Tensor y = v[0].value().softmax(1);
            return Var.custom("badSoftmax", y, new Var[]{v[0]}, g -> new Tensor[]{g.mul(y)});
        };
        assertFalse(GradCheck.check(badSoftmax, in.normal(3, 4)).passed());
    }

    @Test
    void float32InputsAreCheckedInFloat64() {
        Tensor x = Tensor.of(new float[]{0.5f, -1.5f, 2f}, 3);
        GradCheck.Result r = GradCheck.check(v -> {
            assertEquals(DType.FLOAT64, v[0].dtype());
            return v[0].tanh();
        }, x);
        r.assertClose();
    }

    @Test
    void unusedInputsHaveZeroGradient() {
        GradCheck.check(v -> v[0].exp(), in.normal(2), in.normal(3)).assertClose();
    }

    @Test
    void optionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new GradCheck.Options(0, 1e-5, 1e-3, 1));
        assertThrows(IllegalArgumentException.class, () -> new GradCheck.Options(1e-6, -1, 1e-3, 1));
        GradCheck.Options o = GradCheck.Options.DEFAULT.withEps(1e-4).withTolerance(1e-7, 1e-6);
        assertEquals(1e-4, o.eps());
        assertEquals(1e-7, o.atol());
        assertArrayEquals(new double[]{1e-6}, new double[]{o.rtol()});
    }

    @Test
    void aConstantFunctionIsRejected() {
        Tensor c = in.normal(2);
        assertThrows(IllegalArgumentException.class, () -> GradCheck.check(v -> Var.constant(c).exp(), in.normal(2)));
    }
}
