package org.learnedlr.nn.layers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnedlr.nn.layers.TestTensors.randn;

import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.GradCheck;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;
import org.learnedlr.tensor.Tensor;

/** The helper must catch a wrong parameter gradient, not only a wrong input gradient. */
class ModuleGradCheckTest {
    /** y = x * w, with dL/dw scaled by {@code wrongFactor}. */
    private static final class Scale extends Layer {
        private final Var w = param("w", randn(1, 3));
        private final double wrongFactor;

        Scale(double wrongFactor) {
            this.wrongFactor = wrongFactor;
        }

        @Override
        public Var forward(Var x) {
            Tensor xv = x.value();
            Tensor wv = w.value();
            return Var.custom("scale", xv.mul(wv), new Var[]{x, w},
                    g -> new Tensor[]{g.mul(wv), g.mul(xv).sumToShape(wv.shape()).mul(wrongFactor)});
        }
    }

    @Test
    void passesARightGradientAndCatchesAWrongParameterGradient() {
        Scale right = new Scale(1.0);
        assertTrue(ModuleGradCheck.check(right, right::forward, randn(2, 4, 3)).passed());
        Scale wrong = new Scale(1.01);
        GradCheck.Result r = ModuleGradCheck.check(wrong, wrong::forward, randn(2, 4, 3));
        assertFalse(r.passed());
        assertTrue(r.worstInput() == 1, r::toString);
    }
}
