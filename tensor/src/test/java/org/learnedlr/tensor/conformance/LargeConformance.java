package org.learnedlr.tensor.conformance;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * The same ops on inputs large enough that a backend splits the work (threads, work-groups, vector loops with
 * tails): the boundaries between chunks are where strided indexing goes wrong. Sizes are odd on purpose.
 */
public abstract class LargeConformance extends ContractConformance {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void largeElementwiseAndReductions(DType dt, Layout layout) {
        Rng rng = new Rng(90);
        int[] shape = {257, 263};
        Tensor x = random(layout, dt, rng, -3, 3, shape);
        Tensor row = random(Layout.NARROWED, dt, rng, -3, 3, 263);
        Nd rx = Reference.read(x);
        Nd rr = Reference.read(row);
        double tol = tolerance(dt);
        assertClose("exp", Reference.map(rx, Math::exp), x.exp(), tol);
        assertClose("gelu", Reference.map(rx, Reference.unary(Op.GELU)), x.gelu(), tol);
        assertExact("clamp", Reference.map(rx, v -> Math.min(Math.max(v, -1), 1)), x.clamp(-1, 1));
        assertClose("add a broadcast row", Reference.zip(rx, rr, Double::sum), x.add(row), tol);
        assertClose("broadcast row times x", Reference.zip(rr, rx, (a, b) -> a * b), row.mul(x), tol);
        assertExact("gt", Reference.zip(rx, rr, (a, b) -> a > b ? 1 : 0), x.gt(row));
        Tensor cond = x.gt(0);
        assertExact("where", Reference.where(Reference.read(cond), rx, rr), Tensor.where(cond, x, row));
        DType other = dt == DType.FLOAT32 ? DType.INT32 : DType.FLOAT32;
        assertExact("cast to " + other, Reference.map(rx, v -> round(other, v)), x.cast(other));

        Tensor dst = Tensor.zeros(backend(), dt, 263, 257).transpose(0, 1);
        assertExact("copyFrom into a transposed destination", rx, dst.copyFrom(x));

        Nd abs = Reference.map(rx, Math::abs);
        for (int[] axes : new int[][]{{0}, {1}, {}}) {
            long terms = axes.length == 0 ? x.numel() : shape[axes[0]];
            assertClose("sum over " + Arrays.toString(axes), Reference.sum(rx, axes, false),
                    x.sum(axes, false), tolerance(dt, terms), Reference.sum(abs, axes, false));
            assertExact("max over " + Arrays.toString(axes), Reference.max(rx, axes, false),
                    x.max(axes, false));
        }
        Tensor ties = make(layout, dt, shape, integers(rng, 0, 3));
        assertExact("argmax along 0", Reference.argmax(Reference.read(ties), 0, false), ties.argmax(0, false));
        assertExact("argmax along 1", Reference.argmax(Reference.read(ties), 1, true), ties.argmax(1, true));
        assertClose("softmax along 1", Reference.softmax(rx, 1), x.softmax(1), tolerance(dt, 263));
        assertClose("softmax along 0", Reference.softmax(rx, 0), x.softmax(0), tolerance(dt, 257));
        assertClose("layerNorm", Reference.layerNorm(rx, rr, null, 1e-5), x.layerNorm(row, null, 1e-5),
                tolerance(dt, 263) * 4);
        Tensor idx = make(layout, DType.INT32, new int[]{300, 263}, integers(rng, 0, 256));
        assertExact("gather", Reference.gather(rx, 0, Reference.read(idx)), x.gather(0, idx));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void largeConvolutions(DType dt) {
        Rng rng = new Rng(91);
        Tensor x = random(Layout.PERMUTED_NARROWED, dt, rng, -1, 1, 3, 5, 31, 29);
        Tensor w = random(Layout.PERMUTED, dt, rng, -1, 1, 7, 5, 3, 3);
        Tensor b = random(dt, rng, -1, 1, 7);
        Nd rx = Reference.read(x);
        Nd rw = Reference.read(w);
        Nd rb = Reference.read(b);
        Nd absX = Reference.map(rx, Math::abs);
        Nd absW = Reference.map(rw, Math::abs);
        Nd absB = Reference.map(rb, Math::abs);
        for (int[] sp : new int[][]{{1, 1}, {2, 0}}) {
            assertClose("conv2d stride " + sp[0] + " padding " + sp[1],
                    Reference.conv2d(rx, rw, rb, sp[0], sp[0], sp[1], sp[1]), x.conv2d(w, b, sp[0], sp[1]),
                    tolerance(dt, 45), Reference.conv2d(absX, absW, absB, sp[0], sp[0], sp[1], sp[1]));
        }
        Conv2dGeometry g = new Conv2dGeometry(3, 5, 31, 29, 3, 3, 2, 1, 1, 0);
        assertExact("im2col", Reference.im2col(rx, g), x.im2col(g));
        Tensor c = random(Layout.NARROWED, dt, rng, -1, 1, g.columnsShape());
        Nd rc = Reference.read(c);
        assertClose("col2im", Reference.col2im(rc, g), c.col2im(g), tolerance(dt, 9),
                Reference.col2im(Reference.map(rc, Math::abs), g));
    }
}
