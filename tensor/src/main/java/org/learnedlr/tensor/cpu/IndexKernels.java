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
        int cols = g.outH() * g.outW();
        im2colInto(x, g, CpuBackend.cpu(out), (long) g.patchSize() * cols, cols);
        return out;
    }

    /**
     * The columns of every image side by side: [C*KH*KW, N*OH*OW], image n in columns n*OH*OW ..., so that a
     * convolution over the whole batch is one matrix product.
     */
    static Tensor im2colFolded(CpuBackend be, Tensor x, Conv2dGeometry g) {
        int cols = g.outH() * g.outW();
        Tensor out = be.empty(x.dtype(), new int[]{g.patchSize(), g.batch() * cols});
        im2colInto(x, g, CpuBackend.cpu(out), cols, (long) g.batch() * cols);
        return out;
    }

    /**
     * Writes column row r = (c, kh, kw), spatial column l of image n at {@code n * imageStep + r * rowStep + l}. x
     * may be any strided view. Split across the threads by (n, c) planes, which write disjoint rows.
     */
    private static void im2colInto(Tensor x, Conv2dGeometry g, CpuStorage os, long imageStep, long rowStep) {
        CpuStorage xs = CpuBackend.cpu(x);
        int[] st = x.strides();
        int base = x.offset();
        int oh = g.outH();
        int ow = g.outW();
        int h = g.height();
        int w = g.width();
        int kh = g.kernelH();
        int kw = g.kernelW();
        int sh = g.strideH();
        int sw = g.strideW();
        int ph = g.padH();
        int pw = g.padW();
        int channels = g.channels();
        int planes = g.batch() * channels;
        Parallel.forRange(planes, (long) kh * kw * oh * ow, ElementwiseKernels.MIN_TASK, (s, e) -> {
            for (int plane = s; plane < e; plane++) {
                int n = plane / channels;
                int c = plane % channels;
                int src = base + n * st[0] + c * st[1];
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        int row = (c * kh + ky) * kw + kx;
                        int dst = (int) (n * imageStep + row * rowStep);
                        // Output columns whose input column ix = xq*sw - pw + kx lies inside [0, w).
                        int x0 = Math.min(ow, ceilDiv(Math.max(0, pw - kx), sw));
                        int x1 = Math.max(x0, Math.min(ow, ceilDiv(w + pw - kx, sw)));
                        for (int y = 0; y < oh; y++) {
                            int iy = y * sh - ph + ky;
                            int d = dst + y * ow;
                            if (iy < 0 || iy >= h) {
                                fillZero(os, d, ow);
                                continue;
                            }
                            fillZero(os, d, x0);
                            fillZero(os, d + x1, ow - x1);
                            int from = src + iy * st[2] + (x0 * sw - pw + kx) * st[3];
                            copyStrided(xs, from, sw * st[3], os, d + x0, x1 - x0);
                        }
                    }
                }
            }
        });
    }

    /**
     * The adjoint of im2col: each column entry is added back to the image pixel it was read from. The columns
     * may be any strided view of [N, C*KH*KW, OH*OW] (a permuted batch-folded product, say); no copy is made.
     */
    static Tensor col2im(CpuBackend be, Tensor columns, Conv2dGeometry g) {
        Tensor out = be.empty(columns.dtype(), g.imageShape());
        CpuStorage cs = CpuBackend.cpu(columns);
        CpuStorage os = CpuBackend.cpu(out);
        int[] st = columns.strides();
        int cBase = columns.offset();
        int oh = g.outH();
        int ow = g.outW();
        int h = g.height();
        int w = g.width();
        int kh = g.kernelH();
        int kw = g.kernelW();
        int sh = g.strideH();
        int sw = g.strideW();
        int ph = g.padH();
        int pw = g.padW();
        int channels = g.channels();
        int planes = g.batch() * channels;
        Parallel.forRange(planes, (long) kh * kw * oh * ow, ElementwiseKernels.MIN_TASK, (s, e) -> {
            for (int plane = s; plane < e; plane++) {
                int n = plane / channels;
                int c = plane % channels;
                int dstPlane = plane * h * w;
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        int row = (c * kh + ky) * kw + kx;
                        int src = cBase + n * st[0] + row * st[1];
                        int x0 = Math.min(ow, ceilDiv(Math.max(0, pw - kx), sw));
                        int x1 = Math.max(x0, Math.min(ow, ceilDiv(w + pw - kx, sw)));
                        for (int y = 0; y < oh; y++) {
                            int iy = y * sh - ph + ky;
                            if (iy < 0 || iy >= h || x1 == x0) {
                                continue;
                            }
                            int at = dstPlane + iy * w + x0 * sw - pw + kx;
                            addStrided(cs, src + (y * ow + x0) * st[2], st[2], os, at, sw, x1 - x0);
                        }
                    }
                }
            }
        });
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return a <= 0 ? 0 : (a + b - 1) / b;
    }

    private static void fillZero(CpuStorage s, int at, int n) {
        if (n <= 0) {
            return;
        }
        if (s.floats != null) {
            java.util.Arrays.fill(s.floats, at, at + n, 0f);
        } else {
            java.util.Arrays.fill(s.doubles, at, at + n, 0.0);
        }
    }

    /** d[to + i] = s[from + i * stride] for i in [0, n). */
    private static void copyStrided(CpuStorage s, int from, int stride, CpuStorage d, int to, int n) {
        if (s.floats != null) {
            float[] a = s.floats;
            float[] o = d.floats;
            if (stride == 1) {
                System.arraycopy(a, from, o, to, n);
            } else {
                for (int i = 0; i < n; i++) {
                    o[to + i] = a[from + i * stride];
                }
            }
        } else {
            double[] a = s.doubles;
            double[] o = d.doubles;
            for (int i = 0; i < n; i++) {
                o[to + i] = a[from + i * stride];
            }
        }
    }

    /** d[to + i * dStride] += s[from + i * sStride] for i in [0, n). */
    private static void addStrided(CpuStorage s, int from, int sStride, CpuStorage d, int to, int dStride, int n) {
        if (s.floats != null) {
            float[] a = s.floats;
            float[] o = d.floats;
            if (sStride == 1 && dStride == 1) {
                for (int i = 0; i < n; i++) {
                    o[to + i] += a[from + i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    o[to + i * dStride] += a[from + i * sStride];
                }
            }
        } else {
            double[] a = s.doubles;
            double[] o = d.doubles;
            for (int i = 0; i < n; i++) {
                o[to + i * dStride] += a[from + i * sStride];
            }
        }
    }
}
