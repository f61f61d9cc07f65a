package org.learnedlr.tensor.cpu;

import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.Shape;
import org.learnedlr.tensor.Tensor;

/**
 * SUM, MAX and ARGMAX. The reduced axes are moved last (a permuted view), so every output element reduces one
 * run of "inner" values, accumulated in double in index order. A long single run is summed in fixed blocks whose
 * partial sums are added in order, so the result does not depend on the thread count.
 */
final class ReductionKernels {
    private static final int BLOCK = 4096;

    private ReductionKernels() {
    }

    static Tensor reduce(CpuBackend be, Op op, Tensor x, int[] axes, boolean keepDim) {
        int[] shape = x.shape();
        int rank = shape.length;
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            reduced[a] = true;
        }
        int[] order = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (!reduced[i]) {
                order[k++] = i;
            }
        }
        int inner = 1;
        for (int a : axes) {
            order[k++] = a;
            inner *= shape[a];
        }
        Tensor view = x.permute(order);
        int[] outShape = Shape.reduced(shape, axes, keepDim);
        Tensor out = be.empty(x.dtype(), outShape);
        int outer = out.numel();
        CpuStorage xs = CpuBackend.cpu(x);
        CpuStorage os = CpuBackend.cpu(out);
        int[] offs = Strided.offsetsOrNull(view);
        int base = view.offset();
        boolean sum = op == Op.SUM;
        if (op != Op.SUM && op != Op.MAX) {
            throw new IllegalArgumentException("not a reduction: " + op);
        }
        final int n = inner;
        if (outer == 1 && sum && n > 4 * BLOCK) {
            int blocks = (n + BLOCK - 1) / BLOCK;
            double[] partial = new double[blocks];
            Parallel.forRange(blocks, BLOCK, (s, e) -> {
                for (int b = s; b < e; b++) {
                    double acc = 0;
                    int end = Math.min(n, (b + 1) * BLOCK);
                    for (int i = b * BLOCK; i < end; i++) {
                        acc += read(xs, offs, base, i);
                    }
                    partial[b] = acc;
                }
            });
            double total = 0;
            for (double p : partial) {
                total += p;
            }
            os.set(0, total);
            return out;
        }
        Parallel.forRange(outer, Math.max(1, n), (s, e) -> {
            for (int r = s; r < e; r++) {
                int from = r * n;
                double acc = sum ? 0.0 : Double.NEGATIVE_INFINITY;
                for (int i = from; i < from + n; i++) {
                    double v = read(xs, offs, base, i);
                    if (sum) {
                        acc += v;
                    } else if (v > acc || v != v) {
                        acc = v;
                        if (v != v) {
                            break;
                        }
                    }
                }
                os.set(r, acc);
            }
        });
        return out;
    }

    private static double read(CpuStorage s, int[] offs, int base, int i) {
        int at = offs == null ? base + i : offs[i];
        return s.floats != null ? s.floats[at] : s.doubles[at];
    }

    static Tensor argmax(CpuBackend be, Tensor x, int axis, boolean keepDim) {
        int rank = x.dim();
        int[] order = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (i != axis) {
                order[k++] = i;
            }
        }
        order[k] = axis;
        Tensor view = x.permute(order);
        int n = x.size(axis);
        Tensor out = be.empty(DType.INT32, Shape.reduced(x.shape(), new int[]{axis}, keepDim));
        CpuStorage xs = CpuBackend.cpu(x);
        int[] result = CpuBackend.cpu(out).ints;
        int[] offs = Strided.offsetsOrNull(view);
        int base = view.offset();
        Parallel.forRange(out.numel(), n, (s, e) -> {
            for (int r = s; r < e; r++) {
                int best = 0;
                double bestValue = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double v = read(xs, offs, base, r * n + i);
                    if (v != v) {
                        best = i;
                        break;
                    }
                    if (v > bestValue || i == 0) {
                        best = i;
                        bestValue = v;
                    }
                }
                result[r] = best;
            }
        });
        return out;
    }
}
