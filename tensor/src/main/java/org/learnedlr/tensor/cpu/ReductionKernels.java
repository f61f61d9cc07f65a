package org.learnedlr.tensor.cpu;

import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.Shape;
import org.learnedlr.tensor.Tensor;

/**
 * SUM, MAX and ARGMAX. The kept axes and the reduced axes are each simplified into a {@link Walk}; every output
 * element reduces the runs of its reduced walk, accumulated in double. The order of the additions is a fixed
 * function of the shape and the strides — never of the thread count — so results are reproducible bit for bit:
 * <ul>
 *   <li>rows (the reduced axes vary fastest in memory, e.g. softmax's row sums): each output sums its runs in
 *       order, a unit-stride run in four interleaved partial sums added as (s0 + s1) + (s2 + s3);</li>
 *   <li>columns (a kept axis varies fastest, e.g. a bias gradient, the sum over axis 0 of [M, N]): the reduced
 *       positions are visited in row-major order and each adds a contiguous row of kept values into a double
 *       vector of partial sums — one chain per output, in index order;</li>
 *   <li>one long reduction to a single value: fixed blocks of {@link #BLOCK} elements summed separately, then
 *       added in order, so that the blocks can be shared among the threads.</li>
 * </ul>
 */
final class ReductionKernels {
    private static final int BLOCK = 4096;

    private ReductionKernels() {
    }

    static Tensor reduce(CpuBackend be, Op op, Tensor x, int[] axes, boolean keepDim) {
        if (op != Op.SUM && op != Op.MAX) {
            throw new IllegalArgumentException("not a reduction: " + op);
        }
        int[] shape = x.shape();
        int[] strides = x.strides();
        int rank = shape.length;
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            reduced[a] = true;
        }
        int nr = axes.length;
        int[] keptShape = new int[rank - nr];
        int[] keptStrides = new int[rank - nr];
        int[] redShape = new int[nr];
        int[] redStrides = new int[nr];
        for (int i = 0, k = 0, r = 0; i < rank; i++) {
            if (reduced[i]) {
                redShape[r] = shape[i];
                redStrides[r++] = strides[i];
            } else {
                keptShape[k] = shape[i];
                keptStrides[k++] = strides[i];
            }
        }
        Tensor out = be.empty(x.dtype(), Shape.reduced(shape, axes, keepDim));
        int outer = out.numel();
        if (outer == 0) {
            return out;
        }
        Walk kept = Walk.of(keptShape, new int[][]{Shape.contiguousStrides(keptShape), keptStrides},
                new int[]{0, x.offset()});
        Walk red = Walk.of(redShape, new int[][]{redStrides}, new int[]{0});
        int n = red.numel;
        boolean sum = op == Op.SUM;
        if (n == 0) {
            return out;                                     // sums of nothing are 0 (max rejects empty axes)
        }
        Source src = new Source(x);
        double[] result = new double[outer];
        if (outer == 1 && sum && n > 4 * BLOCK) {
            result[0] = blockedSum(src, x.offset(), red);
        } else if (sum && kept.innerStride(1) == 1 && kept.inner() > 1 && red.innerStride(0) != 1) {
            columns(src, kept, red, result);
        } else {
            rows(src, kept, red, sum, result);
        }
        CpuStorage os = CpuBackend.cpu(out);
        for (int i = 0; i < outer; i++) {
            os.set(i, result[i]);
        }
        return out;
    }

    /**
     * sum of x^2 over every element without materialising x^2: fixed blocks of {@link #BLOCK} elements of the
     * row-major order, each in four interleaved double sums, the blocks added in order (so the threads do not
     * change the result).
     */
    static Tensor sumOfSquares(CpuBackend be, Tensor x) {
        Tensor out = be.empty(x.dtype(), new int[0]);
        Walk w = Walk.of(x);
        int n = w.numel;
        if (n == 0) {
            return out;
        }
        Source src = new Source(x);
        int len = w.inner();
        int stride = w.innerStride(0);
        int[] runOff = w.runOffsets(0);
        int runsPerBlock = Math.max(1, BLOCK / len);
        int piecesPerRun = len > BLOCK ? (len + BLOCK - 1) / BLOCK : 1;
        int blocks = len > BLOCK ? runOff.length * piecesPerRun : (runOff.length + runsPerBlock - 1) / runsPerBlock;
        double[] partial = new double[blocks];
        Parallel.forRange(blocks, Math.min(n, BLOCK), ElementwiseKernels.MIN_TASK, (s, e) -> {
            for (int b = s; b < e; b++) {
                if (len > BLOCK) {
                    int run = b / piecesPerRun;
                    int from = (b % piecesPerRun) * BLOCK;
                    partial[b] = src.sumSquaresRun(runOff[run] + from * stride, stride,
                            Math.min(len, from + BLOCK) - from);
                } else {
                    double acc = 0;
                    int end = Math.min(runOff.length, (b + 1) * runsPerBlock);
                    for (int r = b * runsPerBlock; r < end; r++) {
                        acc += src.sumSquaresRun(runOff[r], stride, len);
                    }
                    partial[b] = acc;
                }
            }
        });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        CpuBackend.cpu(out).set(0, total);
        return out;
    }

    /** Each output on its own: the reduced runs in order. */
    private static void rows(Source src, Walk kept, Walk red, boolean sum, double[] result) {
        int[] runOff = red.runOffsets(0);
        int len = red.inner();
        int stride = red.innerStride(0);
        int keptInner = kept.inner();
        int keptStride = kept.innerStride(1);
        long cost = (long) red.numel * keptInner;
        Parallel.forRange(kept.runs(), cost, ElementwiseKernels.MIN_TASK, (s, e) -> {
            Walk.Cursor c = kept.cursor(s);
            for (int r = s; r < e; r++, c.next()) {
                int o = c.base(0);
                for (int j = 0; j < keptInner; j++) {
                    int base = c.base(1) + j * keptStride;
                    if (sum) {
                        double acc = 0;
                        for (int off : runOff) {
                            acc += src.sumRun(base + off, stride, len);
                        }
                        result[o + j] = acc;
                    } else {
                        result[o + j] = maxOf(src, base, runOff, stride, len);
                    }
                }
            }
        });
    }

    /** Max over the runs; NaN wins (and ends the scan). */
    private static double maxOf(Source src, int base, int[] runOff, int stride, int len) {
        double acc = Double.NEGATIVE_INFINITY;
        for (int off : runOff) {
            for (int i = 0; i < len; i++) {
                double v = src.get(base + off + i * stride);
                if (v > acc) {
                    acc = v;
                } else if (v != v) {
                    return v;
                }
            }
        }
        return acc;
    }

    /** Kept values contiguous: every reduced position adds a row of them into per-output partial sums. */
    private static void columns(Source src, Walk kept, Walk red, double[] result) {
        int[] redOff = elementOffsets(red);
        int width = kept.inner();
        Parallel.forRange(kept.runs(), (long) width * redOff.length, ElementwiseKernels.MIN_TASK, (s, e) -> {
            double[] acc = new double[width];
            Walk.Cursor c = kept.cursor(s);
            for (int r = s; r < e; r++, c.next()) {
                java.util.Arrays.fill(acc, 0);
                int base = c.base(1);
                for (int off : redOff) {
                    src.addRow(acc, base + off, width);
                }
                System.arraycopy(acc, 0, result, c.base(0), width);
            }
        });
    }

    /** A single long sum in fixed blocks of the reduced order, the blocks' sums added in order. */
    private static double blockedSum(Source src, int offset, Walk red) {
        int n = red.numel;
        int len = red.inner();
        int stride = red.innerStride(0);
        int[] runOff = red.runOffsets(0);
        // A block is BLOCK elements of one run, or whole runs adding up to about BLOCK elements.
        int runsPerBlock = Math.max(1, BLOCK / len);
        int piecesPerRun = len > BLOCK ? (len + BLOCK - 1) / BLOCK : 1;
        int blocks = len > BLOCK ? runOff.length * piecesPerRun : (runOff.length + runsPerBlock - 1) / runsPerBlock;
        double[] partial = new double[blocks];
        Parallel.forRange(blocks, Math.min(n, BLOCK), ElementwiseKernels.MIN_TASK, (s, e) -> {
            for (int b = s; b < e; b++) {
                if (len > BLOCK) {
                    int run = b / piecesPerRun;
                    int from = (b % piecesPerRun) * BLOCK;
                    int to = Math.min(len, from + BLOCK);
                    partial[b] = src.sumRun(offset + runOff[run] + from * stride, stride, to - from);
                } else {
                    double acc = 0;
                    int end = Math.min(runOff.length, (b + 1) * runsPerBlock);
                    for (int r = b * runsPerBlock; r < end; r++) {
                        acc += src.sumRun(offset + runOff[r], stride, len);
                    }
                    partial[b] = acc;
                }
            }
        });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    /** Offsets of every element of a walk, in row-major order (for the small reduced walks of column sums). */
    private static int[] elementOffsets(Walk w) {
        int len = w.inner();
        int stride = w.innerStride(0);
        int[] runOff = w.runOffsets(0);
        int[] out = new int[w.numel];
        int k = 0;
        for (int off : runOff) {
            for (int i = 0; i < len; i++) {
                out[k++] = off + i * stride;
            }
        }
        return out;
    }

    /** The elements of a float32 or float64 tensor's storage, read as double. */
    private static final class Source {
        private final float[] f;
        private final double[] d;

        Source(Tensor x) {
            CpuStorage s = CpuBackend.cpu(x);
            this.f = s.floats;
            this.d = s.doubles;
        }

        double get(int i) {
            return f != null ? f[i] : d[i];
        }

        /** The sum of len elements from at, stride apart; unit-stride runs in four interleaved partial sums. */
        double sumRun(int at, int stride, int len) {
            if (stride != 1 || len < 16) {
                double acc = 0;
                if (f != null) {
                    for (int i = 0; i < len; i++) {
                        acc += f[at + i * stride];
                    }
                } else {
                    for (int i = 0; i < len; i++) {
                        acc += d[at + i * stride];
                    }
                }
                return acc;
            }
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int i = 0;
            if (f != null) {
                for (; i + 3 < len; i += 4) {
                    s0 += f[at + i];
                    s1 += f[at + i + 1];
                    s2 += f[at + i + 2];
                    s3 += f[at + i + 3];
                }
                for (; i < len; i++) {
                    s0 += f[at + i];
                }
            } else {
                for (; i + 3 < len; i += 4) {
                    s0 += d[at + i];
                    s1 += d[at + i + 1];
                    s2 += d[at + i + 2];
                    s3 += d[at + i + 3];
                }
                for (; i < len; i++) {
                    s0 += d[at + i];
                }
            }
            return (s0 + s1) + (s2 + s3);
        }

        /** The sum of squares of len elements from at, stride apart, in four interleaved partial sums. */
        double sumSquaresRun(int at, int stride, int len) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int i = 0;
            if (f != null) {
                for (; i + 3 < len; i += 4) {
                    double a = f[at + i * stride];
                    double b = f[at + (i + 1) * stride];
                    double c = f[at + (i + 2) * stride];
                    double d = f[at + (i + 3) * stride];
                    s0 += a * a;
                    s1 += b * b;
                    s2 += c * c;
                    s3 += d * d;
                }
                for (; i < len; i++) {
                    double a = f[at + i * stride];
                    s0 += a * a;
                }
            } else {
                for (; i + 3 < len; i += 4) {
                    double a = d[at + i * stride];
                    double b = d[at + (i + 1) * stride];
                    double c = d[at + (i + 2) * stride];
                    double e = d[at + (i + 3) * stride];
                    s0 += a * a;
                    s1 += b * b;
                    s2 += c * c;
                    s3 += e * e;
                }
                for (; i < len; i++) {
                    double a = d[at + i * stride];
                    s0 += a * a;
                }
            }
            return (s0 + s1) + (s2 + s3);
        }

        /** acc[j] += x[at + j] for j in [0, width). */
        void addRow(double[] acc, int at, int width) {
            if (f != null) {
                for (int j = 0; j < width; j++) {
                    acc[j] += f[at + j];
                }
            } else {
                for (int j = 0; j < width; j++) {
                    acc[j] += d[at + j];
                }
            }
        }
    }

    static Tensor argmax(CpuBackend be, Tensor x, int axis, boolean keepDim) {
        int rank = x.dim();
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] keptShape = new int[rank - 1];
        int[] keptStrides = new int[rank - 1];
        for (int i = 0, k = 0; i < rank; i++) {
            if (i != axis) {
                keptShape[k] = shape[i];
                keptStrides[k++] = strides[i];
            }
        }
        int n = shape[axis];
        int step = strides[axis];
        Tensor out = be.empty(DType.INT32, Shape.reduced(shape, new int[]{axis}, keepDim));
        int[] result = CpuBackend.cpu(out).ints;
        if (out.numel() == 0) {
            return out;
        }
        Walk kept = Walk.of(keptShape, new int[][]{Shape.contiguousStrides(keptShape), keptStrides},
                new int[]{0, x.offset()});
        Source src = new Source(x);
        int keptInner = kept.inner();
        int keptStride = kept.innerStride(1);
        Parallel.forRange(kept.runs(), (long) n * keptInner, ElementwiseKernels.MIN_TASK, (s, e) -> {
            Walk.Cursor c = kept.cursor(s);
            for (int r = s; r < e; r++, c.next()) {
                for (int j = 0; j < keptInner; j++) {
                    int base = c.base(1) + j * keptStride;
                    int best = 0;
                    double bestValue = Double.NEGATIVE_INFINITY;
                    for (int i = 0; i < n; i++) {
                        double v = src.get(base + i * step);
                        if (v != v) {
                            best = i;
                            break;
                        }
                        if (v > bestValue || i == 0) {
                            best = i;
                            bestValue = v;
                        }
                    }
                    result[c.base(0) + j] = best;
                }
            }
        });
        return out;
    }
}
