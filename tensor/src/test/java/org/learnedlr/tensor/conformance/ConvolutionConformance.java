package org.learnedlr.tensor.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * IM2COL and COL2IM against the reference and against each other (col2im is im2col's adjoint:
 * &lt;col2im(c), x&gt; = &lt;c, im2col(x)&gt;), and CONV2D against a direct seven-loop convolution.
 */
public abstract class ConvolutionConformance extends IndexingConformance {

    /** N, C, H, W, KH, KW, strideH, strideW, padH, padW. */
    private static final int[][] GEOMETRIES = {
            {2, 3, 7, 5, 3, 3, 1, 1, 1, 1},
            {1, 2, 8, 8, 3, 3, 2, 2, 1, 1},
            {3, 1, 5, 6, 1, 1, 1, 1, 0, 0},
            {1, 3, 9, 11, 7, 7, 2, 2, 3, 3},
            {2, 2, 6, 7, 2, 3, 2, 1, 0, 1},   // rectangular kernel, unequal strides and padding
            {0, 2, 4, 4, 3, 3, 1, 1, 1, 1},   // empty batch
            {1, 1, 1, 1, 1, 1, 1, 1, 0, 0},
            {1, 1, 2, 2, 3, 3, 1, 1, 1, 1},   // kernel larger than the image, padding makes it fit
            {1, 2, 5, 5, 3, 3, 3, 3, 0, 0},   // the stride skips the last row and column
    };

    private static Conv2dGeometry geometry(int[] g) {
        return new Conv2dGeometry(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9]);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void im2colAndCol2imMatchReference(DType dt, Layout layout) {
        Rng rng = new Rng(40);
        for (int[] gs : GEOMETRIES) {
            Conv2dGeometry g = geometry(gs);
            Tensor x = random(layout, dt, rng, -2, 2, g.imageShape());
            Tensor cols = x.im2col(g);
            assertDType(dt, cols, "im2col");
            assertExact("im2col of " + layout + " " + g, Reference.im2col(Reference.read(x), g), cols);

            Tensor c = random(layout, dt, rng, -2, 2, g.columnsShape());
            Tensor image = c.col2im(g);
            assertDType(dt, image, "col2im");
            Nd rc = Reference.read(c);
            int overlaps = g.kernelH() * g.kernelW();
            assertClose("col2im of " + layout + " " + g, Reference.col2im(rc, g), image, tolerance(dt, overlaps),
                    Reference.col2im(Reference.map(rc, Math::abs), g));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void im2colFoldedIsIm2colWithTheBatchInTheColumns(DType dt, Layout layout) {
        Rng rng = new Rng(42);
        for (int[] gs : GEOMETRIES) {
            Conv2dGeometry g = geometry(gs);
            Tensor x = random(layout, dt, rng, -2, 2, g.imageShape());
            Tensor folded = backend().im2colFolded(x, g);
            assertDType(dt, folded, "im2colFolded");
            assertArrayEquals(new int[]{g.patchSize(), g.batch() * g.outH() * g.outW()}, folded.shape(),
                    "im2colFolded's shape for " + g);
            double[] columns = Reference.im2col(Reference.read(x), g).data();    // (N, K, L)
            int n = g.batch();
            int k = g.patchSize();
            int l = g.outH() * g.outW();
            double[] moved = new double[columns.length];                         // (K, N, L)
            for (int b = 0; b < n; b++) {
                for (int r = 0; r < k; r++) {
                    System.arraycopy(columns, (b * k + r) * l, moved, (r * n + b) * l, l);
                }
            }
            Nd expected = new Nd(moved, new int[]{k, n * l});
            assertExact("im2colFolded of " + layout + " " + g, expected, folded);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void col2imIsTheAdjointOfIm2col(DType dt) {
        Rng rng = new Rng(41);
        for (int[] gs : GEOMETRIES) {
            Conv2dGeometry g = geometry(gs);
            Tensor x = random(dt, rng, -1, 1, g.imageShape());
            Tensor c = random(dt, rng, -1, 1, g.columnsShape());
            // Both inner products computed in double from the backend's outputs.
            Nd rx = Reference.read(x);
            Nd rc = Reference.read(c);
            double left = Reference.dot(Reference.read(c.col2im(g)), rx);
            double right = Reference.dot(rc, Reference.read(x.im2col(g)));
            double scale = Reference.dot(Reference.map(rc, Math::abs), Reference.im2col(Reference.map(rx, Math::abs), g));
            assertEquals(right, left, tolerance(dt, rc.numel()) * Math.max(1, scale), "<col2im(c), x> vs <c, im2col(x)> "
                    + "for " + g);
        }
    }

    /** N, C, H, W, O, K, stride, padding. */
    private static final int[][] CONVOLUTIONS = {
            {2, 3, 7, 6, 4, 3, 1, 1},
            {1, 2, 9, 9, 3, 3, 2, 1},
            {2, 3, 8, 7, 5, 1, 1, 0},
            {1, 3, 13, 12, 2, 7, 2, 3},
            {1, 1, 5, 5, 1, 3, 2, 0},
            {3, 2, 6, 6, 4, 3, 2, 1},
            {0, 2, 5, 5, 3, 3, 1, 1},
            {1, 4, 1, 1, 3, 1, 1, 0},
            {1, 2, 3, 3, 2, 3, 1, 0},
    };

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void conv2dMatchesTheDirectLoops(DType dt, Layout layout) {
        Rng rng = new Rng(42);
        for (int[] c : CONVOLUTIONS) {
            for (boolean withBias : new boolean[]{true, false}) {
                Tensor x = random(layout, dt, rng, -1, 1, c[0], c[1], c[2], c[3]);
                Tensor w = random(layout, dt, rng, -1, 1, c[4], c[1], c[5], c[5]);
                Tensor b = withBias ? random(layout, dt, rng, -1, 1, c[4]) : null;
                Tensor y = x.conv2d(w, b, c[6], c[7]);
                assertDType(dt, y, "conv2d");
                check("conv2d " + layout + " x" + describe(x.shape(), w.shape()) + " stride " + c[6] + " padding "
                        + c[7] + (withBias ? " with bias" : ""), dt, x, w, b, y, c[6], c[6], c[7], c[7]);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void conv2dWeightGradMatchesTheDirectLoops(DType dt, Layout layout) {
        Rng rng = new Rng(44);
        for (int[] c : CONVOLUTIONS) {
            Tensor x = random(layout, dt, rng, -1, 1, c[0], c[1], c[2], c[3]);
            int oh = (c[2] + 2 * c[7] - c[5]) / c[6] + 1;
            int ow = (c[3] + 2 * c[7] - c[5]) / c[6] + 1;
            Tensor g = random(layout, dt, rng, -1, 1, c[0], c[4], oh, ow);
            Tensor dw = x.conv2dWeightGrad(g, c[5], c[5], c[6], c[7]);
            assertDType(dt, dw, "conv2dWeightGrad");
            Nd rx = Reference.read(x);
            Nd rg = Reference.read(g);
            Nd expected = Reference.conv2dWeightGrad(rx, rg, c[5], c[5], c[6], c[6], c[7], c[7]);
            Nd scale = Reference.conv2dWeightGrad(Reference.map(rx, Math::abs), Reference.map(rg, Math::abs), c[5],
                    c[5], c[6], c[6], c[7], c[7]);
            assertClose("conv2dWeightGrad " + layout + " x" + describe(x.shape(), g.shape()) + " kernel " + c[5]
                    + " stride " + c[6] + " padding " + c[7], expected, dw, tolerance(dt, (long) c[0] * oh * ow), scale);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void conv2dWithUnequalStridesAndPadding(DType dt) {
        Rng rng = new Rng(43);
        Tensor x = random(Layout.PERMUTED_NARROWED, dt, rng, -1, 1, 2, 2, 7, 9);
        Tensor w = random(dt, rng, -1, 1, 3, 2, 3, 2);
        Tensor b = random(dt, rng, -1, 1, 3);
        Tensor.checkConv2d(x, w, b);
        Tensor y = backend().conv2d(x, w, b, 2, 1, 1, 0);
        check("conv2d stride 2x1 padding 1x0", dt, x, w, b, y, 2, 1, 1, 0);
    }

    private void check(String what, DType dt, Tensor x, Tensor w, Tensor b, Tensor y, int sh, int sw, int ph, int pw) {
        Nd rx = Reference.read(x);
        Nd rw = Reference.read(w);
        Nd rb = b == null ? null : Reference.read(b);
        Nd expected = Reference.conv2d(rx, rw, rb, sh, sw, ph, pw);
        Nd scale = Reference.conv2d(Reference.map(rx, Math::abs), Reference.map(rw, Math::abs),
                rb == null ? null : Reference.map(rb, Math::abs), sh, sw, ph, pw);
        long terms = (long) x.size(1) * w.size(2) * w.size(3);
        assertClose(what, expected, y, tolerance(dt, terms), scale);
    }
}
