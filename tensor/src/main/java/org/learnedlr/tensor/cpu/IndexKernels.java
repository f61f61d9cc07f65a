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
        Tensor xc = x.contiguous();
        Tensor out = be.empty(x.dtype(), g.columnsShape());
        CpuStorage xs = CpuBackend.cpu(xc);
        CpuStorage os = CpuBackend.cpu(out);
        int xBase = xc.offset();
        int oh = g.outH();
        int ow = g.outW();
        int cols = oh * ow;
        int h = g.height();
        int w = g.width();
        int planes = g.batch() * g.channels();
        Parallel.forRange(planes, (long) g.kernelH() * g.kernelW() * cols, (s, e) -> {
            for (int plane = s; plane < e; plane++) {
                int n = plane / g.channels();
                int c = plane % g.channels();
                int src = xBase + plane * h * w;
                for (int kh = 0; kh < g.kernelH(); kh++) {
                    for (int kw = 0; kw < g.kernelW(); kw++) {
                        int row = (c * g.kernelH() + kh) * g.kernelW() + kw;
                        int dst = (n * g.patchSize() + row) * cols;
                        for (int y = 0; y < oh; y++) {
                            int iy = y * g.strideH() - g.padH() + kh;
                            for (int xq = 0; xq < ow; xq++) {
                                int ix = xq * g.strideW() - g.padW() + kw;
                                double v = (iy >= 0 && iy < h && ix >= 0 && ix < w) ? xs.get(src + iy * w + ix) : 0.0;
                                os.set(dst + y * ow + xq, v);
                            }
                        }
                    }
                }
            }
        });
        return out;
    }

    /** The adjoint of im2col: each column entry is added back to the image pixel it was read from. */
    static Tensor col2im(CpuBackend be, Tensor columns, Conv2dGeometry g) {
        Tensor cc = columns.contiguous();
        Tensor out = be.empty(columns.dtype(), g.imageShape());
        CpuStorage cs = CpuBackend.cpu(cc);
        CpuStorage os = CpuBackend.cpu(out);
        int cBase = cc.offset();
        int oh = g.outH();
        int ow = g.outW();
        int cols = oh * ow;
        int h = g.height();
        int w = g.width();
        int planes = g.batch() * g.channels();
        Parallel.forRange(planes, (long) g.kernelH() * g.kernelW() * cols, (s, e) -> {
            for (int plane = s; plane < e; plane++) {
                int n = plane / g.channels();
                int c = plane % g.channels();
                int dstPlane = plane * h * w;
                for (int kh = 0; kh < g.kernelH(); kh++) {
                    for (int kw = 0; kw < g.kernelW(); kw++) {
                        int row = (c * g.kernelH() + kh) * g.kernelW() + kw;
                        int src = cBase + (n * g.patchSize() + row) * cols;
                        for (int y = 0; y < oh; y++) {
                            int iy = y * g.strideH() - g.padH() + kh;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int xq = 0; xq < ow; xq++) {
                                int ix = xq * g.strideW() - g.padW() + kw;
                                if (ix >= 0 && ix < w) {
                                    int at = dstPlane + iy * w + ix;
                                    os.set(at, os.get(at) + cs.get(src + y * ow + xq));
                                }
                            }
                        }
                    }
                }
            }
        });
        return out;
    }
}
