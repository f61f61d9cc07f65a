package org.learnedlr.kernels;

import java.util.List;
import org.jocl.cl_mem;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/** GATHER, SCATTER_ADD, IM2COL and COL2IM (index.cl). */
final class IndexOps {
    private static final String PROGRAM = "index";
    /** Largest axis whose index range the device checks exactly (floats are exact integers up to 2^24). */
    static final int DEVICE_RANGE_MAX = 1 << 24;

    private IndexOps() {
    }

    static Tensor gather(OpenClBackend be, Tensor x, int axis, Tensor index) {
        Tensor out = be.empty(x.dtype(), index.shape());
        int n = out.numel();
        if (n == 0) {
            return out;
        }
        int[] strides = x.strides();
        int step = strides[axis];
        strides[axis] = 0;
        be.kernel(PROGRAM, "gather_u32").args()
                .mem(OpenClBackend.st(x)).layout(Layout.of(index.shape(), strides, x.offset())).i(step)
                .mem(OpenClBackend.st(index)).layout(Layout.of(index))
                .mem(OpenClBackend.st(out)).i(n)
                .run1d(n, ElementwiseOps.GROUP);
        return out;
    }

    /**
     * Every value of an INT32 index in [0, size), decided on the device: its greatest and least values, reduced there
     * as floats, come back in one 8-byte read. Floats are exact below 2^24 and keep the order above, so the answer is
     * exact for sizes up to {@link #DEVICE_RANGE_MAX}; the backend checks a longer axis on the host. A view found
     * in range is remembered on its storage until the storage is written in place, so the same labels are read
     * back once, not once per gather and scatterAdd.
     */
    static boolean allInRange(OpenClBackend be, Tensor index, int size) {
        ClStorage st = OpenClBackend.st(index);
        if (st.knownInRange(index.offset(), index.shape(), index.strides(), size)) {
            return true;
        }
        if (!readRange(index, size)) {
            return false;
        }
        st.inRange(index.offset(), index.shape(), index.strides(), size);
        return true;
    }

    private static boolean readRange(Tensor index, int size) {
        Tensor f = index.cast(DType.FLOAT32);
        int[] all = new int[0];
        double[] extremes = Tensor.concat(List.of(f.max(all, false).reshape(1), f.neg().max(all, false).reshape(1)),
                0).toDoubleArray();
        return extremes[0] < size && extremes[1] <= 0;
    }

    static Tensor scatterAdd(OpenClBackend be, int[] shape, int axis, Tensor index, Tensor src) {
        Tensor out = Tensor.zeros(be, src.dtype(), shape);
        if (index.numel() == 0) {
            return out;
        }
        int[] lineShape = without(index.shape(), axis);
        int lines = 1;
        for (int s : lineShape) {
            lines *= s;
        }
        int[] os = out.strides();
        int[] is = index.strides();
        int[] ss = src.strides();
        be.kernel(PROGRAM, "scatter_add_f").args()
                .mem(OpenClBackend.st(out)).layout(Layout.of(lineShape, without(os, axis), 0)).i(os[axis])
                .mem(OpenClBackend.st(index)).layout(Layout.of(lineShape, without(is, axis), index.offset()))
                .i(is[axis])
                .mem(OpenClBackend.st(src)).layout(Layout.of(lineShape, without(ss, axis), src.offset())).i(ss[axis])
                .i(index.size(axis)).i(lines)
                .run1d(lines, 64);
        return out;
    }

    private static int[] without(int[] a, int axis) {
        int[] out = new int[a.length - 1];
        for (int i = 0, j = 0; i < a.length; i++) {
            if (i != axis) {
                out[j++] = a[i];
            }
        }
        return out;
    }

    private static int[] geometry(Conv2dGeometry g) {
        return new int[]{g.batch(), g.channels(), g.height(), g.width(), g.kernelH(), g.kernelW(), g.strideH(),
                g.strideW(), g.padH(), g.padW(), g.outH(), g.outW()};
    }

    /** The layouts im2col writes. */
    enum Columns {
        /** (N, C*KH*KW, OH*OW): one matrix per image. */
        BATCHED,
        /** (C*KH*KW, N*OH*OW): the batch folded into the columns, the right operand of one product. */
        FOLDED,
        /** FOLDED as the transposed view of a contiguous (N*OH*OW, C*KH*KW): packed with unit stride as the right
         *  operand of conv2d's weight gradient, G X^T. */
        FOLDED_T
    }

    /**
     * The columns of each image written straight into matmul.cl's packed B panels (16 columns, k-major) at
     * {@code packed}: panels of image n at n * panels * K * 16 floats; or, {@code folded}, the panels of one
     * (K, N*L) matrix, the batch folded into the columns.
     */
    static void im2colPacked(OpenClBackend be, Tensor x, Conv2dGeometry g, cl_mem packed, int panels,
                             boolean folded) {
        int k = g.patchSize();
        be.kernel(PROGRAM, "im2col_f").args()
                .mem(OpenClBackend.st(x)).ints(x.strides()).i(x.offset()).ints(geometry(g))
                .mem(packed).ints(folded ? 0 : panels * k * MatmulOps.NR, MatmulOps.NR, 0, k * MatmulOps.NR)
                .i(folded ? g.outH() * g.outW() : 0)
                .run(new long[]{g.outW(), g.outH(), (long) g.batch() * g.channels()}, null);
    }

    static Tensor im2col(OpenClBackend be, Tensor x, Conv2dGeometry g, Columns layout) {
        int n = g.batch();
        int k = g.patchSize();
        int l = g.outH() * g.outW();
        Tensor out = switch (layout) {
            case BATCHED -> be.empty(x.dtype(), g.columnsShape());
            case FOLDED -> be.empty(x.dtype(), k, n * l);
            case FOLDED_T -> be.empty(x.dtype(), n * l, k).transpose(0, 1);
        };
        int[] d = switch (layout) {
            case BATCHED -> new int[]{k * l, l, 1, 0};
            case FOLDED -> new int[]{l, n * l, 1, 0};
            case FOLDED_T -> new int[]{l * k, 1, k, 0};
        };
        if (out.numel() > 0) {
            be.kernel(PROGRAM, "im2col_f").args()
                    .mem(OpenClBackend.st(x)).ints(x.strides()).i(x.offset()).ints(geometry(g))
                    .mem(OpenClBackend.st(out)).ints(d).i(0)
                    .run(new long[]{g.outW(), g.outH(), (long) g.batch() * g.channels()}, null);
        }
        return out;
    }

    static Tensor col2im(OpenClBackend be, Tensor columns, Conv2dGeometry g) {
        Tensor out = be.empty(columns.dtype(), g.imageShape());
        if (out.numel() > 0) {
            int[] cs = columns.strides();
            be.kernel(PROGRAM, "col2im_f").args()
                    .mem(OpenClBackend.st(columns)).ints(cs[0], cs[1], cs[2], 0).i(columns.offset())
                    .ints(geometry(g))
                    .mem(OpenClBackend.st(out))
                    .run(new long[]{g.width(), g.height(), (long) g.batch() * g.channels()}, null);
        }
        return out;
    }
}
