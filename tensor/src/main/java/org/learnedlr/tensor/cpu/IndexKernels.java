package org.learnedlr.tensor.cpu;

import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.Tensor;

/** GATHER, SCATTER_ADD, IM2COL and COL2IM on the CPU. */
final class IndexKernels {
    private IndexKernels() {
    }

    /**
     * Offsets, in {@code target}'s storage, of the elements that {@code index}'s positions address once the axis
     * coordinate is replaced: a view with index's shape, target's strides, and stride 0 on the axis.
     */
    private static int[] baseOffsets(Tensor target, int axis, Tensor index) {
        int[] strides = target.strides();
        strides[axis] = 0;
        return Strided.offsets(Tensor.view(target.storage(), index.shape(), strides, target.offset()));
    }

    static Tensor gather(CpuBackend be, Tensor x, int axis, Tensor index) {
        Tensor out = be.empty(x.dtype(), index.shape());
        int[] base = baseOffsets(x, axis, index);
        int step = x.strides()[axis];
        int[] idx = index.contiguous().toIntArray();
        CpuStorage xs = CpuBackend.cpu(x);
        CpuStorage os = CpuBackend.cpu(out);
        for (int i = 0; i < idx.length; i++) {
            os.set(i, xs.get(base[i] + idx[i] * step));
        }
        return out;
    }

    static Tensor scatterAdd(CpuBackend be, int[] shape, int axis, Tensor index, Tensor src) {
        Tensor out = be.empty(src.dtype(), shape);
        int[] base = baseOffsets(out, axis, index);
        int step = out.strides()[axis];
        int[] idx = index.contiguous().toIntArray();
        CpuStorage ss = CpuBackend.cpu(src);
        CpuStorage os = CpuBackend.cpu(out);
        int[] so = Strided.offsetsOrNull(src);
        for (int i = 0; i < idx.length; i++) {
            int at = base[i] + idx[i] * step;
            os.set(at, os.get(at) + ss.get(Strided.at(so, src.offset(), i)));
        }
        return out;
    }

    /** Column row (c, kh, kw), column (oh, ow) = x[n, c, oh*sh - ph + kh, ow*sw - pw + kw], or 0 outside. */
    static Tensor im2col(CpuBackend be, Tensor x, Conv2dGeometry g) {
        Tensor out = be.empty(x.dtype(), g.columnsShape());                 // (N, C*KH*KW, OH*OW)
        im2colInto(x, g, CpuBackend.cpu(out), false);
        return out;
    }

    /**
     * The columns of every image side by side: [C*KH*KW, N*OH*OW], image n in columns n*OH*OW ..., so that a
     * convolution over the whole batch is one matrix product.
     */
    static Tensor im2colFolded(CpuBackend be, Tensor x, Conv2dGeometry g) {
        int cols = g.outH() * g.outW();
        Tensor out = be.empty(x.dtype(), new int[]{g.patchSize(), g.batch() * cols});
        im2colInto(x, g, CpuBackend.cpu(out), true);
        return out;
    }

    /**
     * Writes the columns of x (any strided view) into os, which must be freshly allocated (zero: the padding is
     * never written): as [N, C*KH*KW, OH*OW], or folded as [C*KH*KW, N*OH*OW]. Either way the loops follow the
     * output, so that writes are sequential even for the 1x1 maps of deep layers: (n, c) planes for the first
     * layout, (c, kh, kw) rows across the batch for the folded one. Split across the threads by planes or by
     * channels, which write disjoint rows.
     */
    private static void im2colInto(Tensor x, Conv2dGeometry g, CpuStorage os, boolean folded) {
        CpuStorage xs = CpuBackend.cpu(x);
        int[] st = x.strides();
        int base = x.offset();
        int cols = g.outH() * g.outW();
        int kk = g.kernelH() * g.kernelW();
        int[][] table = sourceOffsets(g, st[2], st[3]);
        int channels = g.channels();
        int batch = g.batch();
        if (folded) {
            Parallel.forRange(channels, (long) kk * batch * cols, ElementwiseKernels.MIN_TASK, (s, e) -> {
                for (int c = s; c < e; c++) {
                    for (int k = 0; k < kk; k++) {
                        int dst = (c * kk + k) * batch * cols;
                        for (int n = 0; n < batch; n++, dst += cols) {
                            gatherRow(xs, base + n * st[0] + c * st[1], table[k], os, dst, cols);
                        }
                    }
                }
            });
            return;
        }
        Parallel.forRange(batch * channels, (long) kk * cols, ElementwiseKernels.MIN_TASK, (s, e) -> {
            for (int plane = s; plane < e; plane++) {
                int n = plane / channels;
                int c = plane % channels;
                int src = base + n * st[0] + c * st[1];
                for (int k = 0; k < kk; k++) {
                    gatherRow(xs, src, table[k], os, (n * channels * kk + c * kk + k) * cols, cols);
                }
            }
        });
    }

    /** o[dst + l] = x[src + t[l]] where t[l] >= 0 (else the entry is padding and stays 0), l in [0, cols). */
    private static void gatherRow(CpuStorage xs, int src, int[] t, CpuStorage os, int dst, int cols) {
        if (xs.floats != null) {
            float[] a = xs.floats;
            float[] o = os.floats;
            for (int l = 0; l < cols; l++) {
                if (t[l] >= 0) {
                    o[dst + l] = a[src + t[l]];
                }
            }
        } else {
            double[] a = xs.doubles;
            double[] o = os.doubles;
            for (int l = 0; l < cols; l++) {
                if (t[l] >= 0) {
                    o[dst + l] = a[src + t[l]];
                }
            }
        }
    }

    /**
     * For each kernel position k = (kh, kw) and output position l = (oh, ow), the offset of the input pixel it
     * reads, oh*sh - ph + kh rows and ow*sw - pw + kw columns into the plane, in strides (rowStride, colStride); -1
     * where that pixel is padding. The same for every (n, c) plane, so im2col and col2im run as tight loops over l
     * even on the 2x2 and 1x1 maps of deep layers.
     */
    private static int[][] sourceOffsets(Conv2dGeometry g, int rowStride, int colStride) {
        int oh = g.outH();
        int ow = g.outW();
        int[][] table = new int[g.kernelH() * g.kernelW()][oh * ow];
        for (int ky = 0; ky < g.kernelH(); ky++) {
            for (int kx = 0; kx < g.kernelW(); kx++) {
                int[] t = table[ky * g.kernelW() + kx];
                for (int y = 0; y < oh; y++) {
                    int iy = y * g.strideH() - g.padH() + ky;
                    for (int xq = 0; xq < ow; xq++) {
                        int ix = xq * g.strideW() - g.padW() + kx;
                        boolean inside = iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width();
                        t[y * ow + xq] = inside ? iy * rowStride + ix * colStride : -1;
                    }
                }
            }
        }
        return table;
    }

    /**
     * The adjoint of im2col: each column entry is added back to the image pixel it was read from, each pixel's
     * contributions in the order of (kh, kw, oh, ow). The columns may be any strided view of [N, C*KH*KW, OH*OW]; a
     * permuted batch-folded product (the batch the faster-moving index) is read row by row across the batch, each
     * channel's planes staying in cache; no copy is made.
     */
    static Tensor col2im(CpuBackend be, Tensor columns, Conv2dGeometry g) {
        Tensor out = be.empty(columns.dtype(), g.imageShape());
        CpuStorage cs = CpuBackend.cpu(columns);
        CpuStorage os = CpuBackend.cpu(out);
        int[] st = columns.strides();
        int cBase = columns.offset();
        int cols = g.outH() * g.outW();
        int kk = g.kernelH() * g.kernelW();
        int[][] table = sourceOffsets(g, g.width(), 1);
        int channels = g.channels();
        int batch = g.batch();
        int planeSize = g.height() * g.width();
        if (st[0] < st[1]) {
            Parallel.forRange(channels, (long) kk * batch * cols, ElementwiseKernels.MIN_TASK, (s, e) -> {
                for (int c = s; c < e; c++) {
                    for (int k = 0; k < kk; k++) {
                        for (int n = 0; n < batch; n++) {
                            scatterRow(cs, cBase + n * st[0] + (c * kk + k) * st[1], st[2], table[k], os,
                                    (n * channels + c) * planeSize, cols);
                        }
                    }
                }
            });
            return out;
        }
        Parallel.forRange(batch * channels, (long) kk * cols, ElementwiseKernels.MIN_TASK, (s, e) -> {
            for (int plane = s; plane < e; plane++) {
                int n = plane / channels;
                int c = plane % channels;
                for (int k = 0; k < kk; k++) {
                    scatterRow(cs, cBase + n * st[0] + (c * kk + k) * st[1], st[2], table[k], os, plane * planeSize,
                            cols);
                }
            }
        });
        return out;
    }

    /** o[dst + t[l]] += columns[src + l * stride] where t[l] >= 0, l in [0, cols). */
    private static void scatterRow(CpuStorage cs, int src, int stride, int[] t, CpuStorage os, int dst, int cols) {
        if (cs.floats != null) {
            float[] a = cs.floats;
            float[] o = os.floats;
            for (int l = 0; l < cols; l++) {
                if (t[l] >= 0) {
                    o[dst + t[l]] += a[src + l * stride];
                }
            }
        } else {
            double[] a = cs.doubles;
            double[] o = os.doubles;
            for (int l = 0; l < cols; l++) {
                if (t[l] >= 0) {
                    o[dst + t[l]] += a[src + l * stride];
                }
            }
        }
    }
}
