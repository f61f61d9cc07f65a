package org.learnedlr.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnedlr.autograd.OpGradientTest.assertArrayClose;

import java.lang.ref.WeakReference;

import org.junit.jupiter.api.Test;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.Tensor;

/** The mechanics of backward: accumulation, grad mode, detaching, freeing, deep and shared graphs. */
class BackwardTest {

    private static Var param(double... values) {
        return Var.param(Tensor.of(values, values.length));
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroGrad() {
        Var x = param(1, 2, 3);
        x.square().sum().backward();
        assertArrayClose(new double[]{2, 4, 6}, x.grad().toDoubleArray(), 0);
        x.square().sum().backward();
        assertArrayClose(new double[]{4, 8, 12}, x.grad().toDoubleArray(), 0);
        x.zeroGrad();
        assertNull(x.grad());
        x.mul(3.0).sum().backward();
        assertArrayClose(new double[]{3, 3, 3}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void diamondAccumulatesBothPaths() {
        Var x = param(0.5, -1.0);
        Var a = x.exp();                                       // used twice
        a.mul(2.0).add(a.mul(3.0)).sum().backward();
        double[] expected = {5 * Math.exp(0.5), 5 * Math.exp(-1.0)};
        assertArrayClose(expected, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void sameInputTwiceInOneOp() {
        Var x = param(3.0);
        x.mul(x).sum().backward();                             // d(x*x)/dx = 2x via two uses
        assertEquals(6.0, x.grad().item(), 0);
    }

    @Test
    void leafGradientsDoNotAliasEachOtherOrTheUpstream() {
        Var a = param(1, 2);
        Var b = param(3, 4);
        Tensor upstream = Tensor.of(new double[]{1, 1}, 2);
        a.add(b).backward(upstream);
        assertNotNull(a.grad());
        assertTrue(a.grad() != b.grad() && a.grad() != upstream, "each leaf owns its gradient");
        a.grad().fill(0.0);
        assertArrayClose(new double[]{1, 1}, b.grad().toDoubleArray(), 0);
        assertArrayClose(new double[]{1, 1}, upstream.toDoubleArray(), 0);
    }

    @Test
    @SuppressWarnings("try")
    void noGradScopeRecordsNothingAndNests() {
        Var x = param(1, 2);
        assertTrue(NoGrad.isGradEnabled());
        try (NoGrad outer = NoGrad.enter()) {
            Var y = x.mul(2.0).exp();
            assertFalse(y.requiresGrad());
            assertTrue(y.isLeaf());
            try (NoGrad inner = NoGrad.enter()) {
                assertFalse(x.add(1.0).requiresGrad());
            }
            assertFalse(NoGrad.isGradEnabled(), "closing the inner scope keeps the outer one in force");
            assertFalse(x.square().requiresGrad());
            assertThrows(IllegalStateException.class, () -> y.sum().backward());
        }
        assertTrue(NoGrad.isGradEnabled());
        assertTrue(x.mul(2.0).requiresGrad());
    }

    @Test
    void constantsRecordNothingAndGetNoGradient() {
        Var c = Var.constant(Tensor.of(new double[]{1, 2}, 2));
        Var x = param(3, 4);
        Var y = c.exp();
        assertFalse(y.requiresGrad());
        assertTrue(y.isLeaf());
        c.mul(x).sum().backward();
        assertNull(c.grad());
        assertArrayClose(new double[]{1, 2}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void detachStopsTheGradient() {
        Var x = param(2.0, 3.0);
        Var d = x.detach();
        assertFalse(d.requiresGrad());
        assertSame(x.value(), d.value());
        x.mul(d).sum().backward();                             // only the direct path: d/dx (x * c) = c
        assertArrayClose(new double[]{2, 3}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void freedGraphThrowsOnSecondBackward() {
        Var x = param(1, 2);
        Var loss = x.exp().sum();
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("freed"), e.getMessage());
        // A new graph built on a freed intermediate is freed too.
        Var y = x.exp();
        Var first = y.mul(2.0).sum();
        Var second = y.mul(3.0).sum();
        first.backward();
        assertThrows(IllegalStateException.class, second::backward);
    }

    @Test
    void freeingTheGraphReleasesIntermediateValues() throws InterruptedException {
        Var x = param(1, 2, 3);
        Var[] loss = new Var[1];
        WeakReference<Tensor> intermediate = buildLoss(x, loss);
        loss[0].backward();
        for (int i = 0; i < 50 && intermediate.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(intermediate.get(), "the value of exp(x) is collectable once the graph is freed");
        assertNotNull(x.grad());
    }

    /** loss[0] = sum(2 exp(x)); returns a weak reference to the value of exp(x), which only the graph holds. */
    private static WeakReference<Tensor> buildLoss(Var x, Var[] loss) {
        Var e = x.exp();
        loss[0] = e.mul(2.0).sum();
        return new WeakReference<>(e.value());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Var x = param(1, 2);
        Var loss = x.square().sum();
        Tensor one = Tensor.scalar(loss.value().backend(), loss.dtype(), 1.0);
        loss.backward(one, true);
        loss.backward(one, false);
        assertArrayClose(new double[]{4, 8}, x.grad().toDoubleArray(), 0);
        assertThrows(IllegalStateException.class, loss::backward);
    }

    @Test
    void intermediateGradientsAreKeptOnlyWhenAskedFor() {
        Var x = param(1, 2);
        Var h = x.mul(3.0);
        Var kept = h.exp().retainGrad();
        Var loss = kept.sum().add(h.sum());
        loss.backward();
        assertNull(h.grad(), "intermediates keep no gradient by default");
        assertArrayClose(new double[]{1, 1}, kept.grad().toDoubleArray(), 0);
        assertArrayClose(new double[]{3 * (Math.exp(3) + 1), 3 * (Math.exp(6) + 1)}, x.grad().toDoubleArray(), 1e-9);
    }

    @Test
    void deepChainDoesNotOverflowTheStack() throws InterruptedException {
        // On a thread with a 256 KiB stack a recursive walk of 10,000 nodes would overflow; the iterative one fits.
        Var x = param(0.5);
        double[] grad = new double[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                Var y = x;
                for (int i = 0; i < 10_000; i++) {
                    y = y.mul(1.0001);
                }
                y.sum().backward();
                grad[0] = x.grad().item();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        if (failure[0] != null) {
            throw new AssertionError("backward failed on a small stack", failure[0]);
        }
        assertEquals(Math.pow(1.0001, 10_000), grad[0], 1e-9);
    }

    @Test
    void backwardArgumentsAreChecked() {
        Var x = param(1, 2);
        Var y = x.mul(2.0);
        IllegalArgumentException notScalar = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(notScalar.getMessage().contains("one-element"), notScalar.getMessage());
        assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.of(new double[]{1, 2, 3}, 3)));
        assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.of(new float[]{1, 2}, 2)));
        Var c = Var.constant(Tensor.of(new double[]{1}, 1));
        assertThrows(IllegalStateException.class, c::backward);
    }

    @Test
    void upstreamGradientIsUsed() {
        Var x = param(1, 2, 3);
        x.mul(2.0).backward(Tensor.of(new double[]{1, 10, 100}, 3));
        assertArrayClose(new double[]{2, 20, 200}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void leafBackwardReceivesTheUpstream() {
        Var x = Var.param(Tensor.of(new double[]{4}, 1));
        x.backward();
        assertEquals(1.0, x.grad().item(), 0);
    }

    @Test
    void setGradChecksTheShape() {
        Var x = param(1, 2);
        x.setGrad(Tensor.of(new double[]{5, 6}, 2));
        assertArrayClose(new double[]{5, 6}, x.grad().toDoubleArray(), 0);
        assertThrows(IllegalArgumentException.class, () -> x.setGrad(Tensor.of(new double[]{5}, 1)));
        x.setGrad(null);
        assertNull(x.grad());
    }

    @Test
    void opErrorsComeFromTensorAndNameOpAndShapes() {
        Var a = Var.param(Tensor.zeros(org.learnedlr.tensor.DType.FLOAT64, 2, 3));
        Var b = Var.param(Tensor.zeros(org.learnedlr.tensor.DType.FLOAT64, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
        assertTrue(e.getMessage().contains("add") && e.getMessage().contains("[2, 3]"), e.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class, () -> a.matmul(a));
        assertTrue(m.getMessage().contains("matmul"), m.getMessage());
    }

    @Test
    void nonDifferentiableOpsHaveNoRule() {
        Tensor x = Tensor.of(new double[]{1, 2}, 2);
        for (Op op : new Op[]{Op.EQ, Op.GT, Op.ARGMAX, Op.COPY, Op.FILL, Op.SGD_UPDATE, Op.ADAM_UPDATE}) {
            assertThrows(IllegalStateException.class,
                    () -> Rules.backward(op, null, new Tensor[]{x, x}, x, x, new boolean[]{true, true}), op.name());
        }
    }

    @Test
    @SuppressWarnings("try")
    void customOpsTakePartInBackward() {
        Var x = param(1, 2);
        Tensor xv = x.value();
        // y = x^3 with its rule written by hand.
        Var y = Var.custom("cube", xv.mul(xv).mul(xv), new Var[]{x}, g -> new Tensor[]{g.mul(xv.square()).mul(3.0)});
        assertTrue(y.requiresGrad());
        y.sum().backward();
        assertArrayClose(new double[]{3, 12}, x.grad().toDoubleArray(), 0);
        try (NoGrad ignored = NoGrad.enter()) {
            assertFalse(Var.custom("cube", xv, new Var[]{x}, g -> new Tensor[]{g}).requiresGrad());
        }
    }

    @Test
    void aRuleGivingAWrongShapeIsReported() {
        Var x = param(1, 2);
        Var y = Var.custom("broken", x.value(), new Var[]{x}, g -> new Tensor[]{g.sum()});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("broken"), e.getMessage());
    }
}
