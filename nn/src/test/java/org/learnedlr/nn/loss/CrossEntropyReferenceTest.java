package org.learnedlr.nn.loss;

import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.layers.Reference;

/** Cross-entropy against PyTorch's F.cross_entropy (values from nn/src/test/python/make_reference.py). */
class CrossEntropyReferenceTest {
    @Test
    void randomLogits() {
        check("", 1e-5);
    }

    @Test
    void logitsOfSize1e4() {
        check("big.", 1e-5);
    }

    private static void check(String prefix, double tol) {
        Reference ref = Reference.load("cross_entropy");
        Var logits = Var.param(ref.get(prefix + "logits"));
        Var loss = Losses.crossEntropy(logits, ref.get(prefix + "labels"));
        Reference.assertClose(prefix + "loss", ref.get(prefix + "loss"), loss.value(), tol, tol);
        loss.backward();
        Reference.assertClose(prefix + "grad", ref.get(prefix + "grad.logits"), logits.grad(), tol, tol);
    }
}
