package org.learnedlr.tensor.conformance;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.learnedlr.tensor.AdamStep;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.SgdStep;
import org.learnedlr.tensor.Storage;
import org.learnedlr.tensor.Tensor;

/**
 * The oracle of the conformance suite: every op written the plainest way, in double precision, over {@link Nd}
 * arrays — textbook loops over multi-indices, no cleverness, no shared code with any backend. Matrix products go
 * through EJML. Inputs are read straight out of a tensor's storage with its strides and offset, so the reference
 * never relies on the backend under test beyond copying its storage out.
 */
public final class Reference {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private Reference() {
    }

    // ---- reading tensors -----------------------------------------------------------------------------------------

    /** The logical elements of any tensor, following its shape, strides and offset through the raw storage. */
    public static Nd read(Tensor t) {
        Storage s = t.storage();
        Backend b = t.backend();
        int len = s.length();
        double[] raw = new double[len];
        switch (t.dtype()) {
            case FLOAT32 -> {
                float[] f = b.readFloats(s, 0, len);
                for (int i = 0; i < len; i++) {
                    raw[i] = f[i];
                }
            }
            case FLOAT64 -> raw = b.readDoubles(s, 0, len);
            case INT32 -> {
                int[] n = b.readInts(s, 0, len);
                for (int i = 0; i < len; i++) {
                    raw[i] = n[i];
                }
            }
        }
        int[] shape = t.shape();
        int[] strides = t.strides();
        double[] out = new double[t.numel()];
        for (int i = 0; i < out.length; i++) {
            int[] idx = Nd.unravel(i, shape);
            int at = t.offset();
            for (int d = 0; d < idx.length; d++) {
                at += idx[d] * strides[d];
            }
            out[i] = raw[at];
        }
        return new Nd(out, shape);
    }

    // ---- elementwise ---------------------------------------------------------------------------------------------

    /** The scalar formula of a unary primitive. */
    public static DoubleUnaryOperator unary(Op op) {
        return switch (op) {
            case NEG -> x -> -x;
            case EXP -> Math::exp;
            case LOG -> Math::log;
            case SQRT -> Math::sqrt;
            case ABS -> Math::abs;
            case TANH -> Math::tanh;
            case SIGMOID -> x -> 1.0 / (1.0 + Math.exp(-x));
            case RELU -> x -> Double.isNaN(x) ? x : Math.max(x, 0.0);
            case GELU -> x -> 0.5 * x * (1.0 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x)));
            default -> throw new IllegalArgumentException("not unary: " + op);
        };
    }

    /** The scalar formula of a binary primitive; comparisons give 1 or 0. */
    public static DoubleBinaryOperator binary(Op op) {
        return switch (op) {
            case ADD -> (a, b) -> a + b;
            case SUB -> (a, b) -> a - b;
            case MUL -> (a, b) -> a * b;
            case DIV -> (a, b) -> a / b;
            case POW -> Math::pow;
            case MAXIMUM -> Math::max;
            case MINIMUM -> Math::min;
            case EQ -> (a, b) -> a == b ? 1 : 0;
            case NE -> (a, b) -> a != b ? 1 : 0;
            case LT -> (a, b) -> a < b ? 1 : 0;
            case LE -> (a, b) -> a <= b ? 1 : 0;
            case GT -> (a, b) -> a > b ? 1 : 0;
            case GE -> (a, b) -> a >= b ? 1 : 0;
            default -> throw new IllegalArgumentException("not binary: " + op);
        };
    }

    public static Nd map(Nd x, DoubleUnaryOperator f) {
        double[] out = new double[x.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(x.data()[i]);
        }
        return new Nd(out, x.shape().clone());
    }

    /** NumPy broadcasting of shapes, written independently of {@code Shape.broadcast}. */
    public static int[] broadcastShape(int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i;
                if (s[i] != 1) {
                    if (out[o] != 1 && out[o] != s[i]) {
                        throw new IllegalArgumentException("not broadcastable: " + Arrays.deepToString(shapes));
                    }
                    out[o] = s[i];
                }
            }
        }
        return out;
    }

    /** The element of {@code x} that broadcasting maps to output multi-index {@code outIdx}. */
    public static double broadcastAt(Nd x, int[] outIdx) {
        int lead = outIdx.length - x.rank();
        int[] idx = new int[x.rank()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = x.shape()[i] == 1 ? 0 : outIdx[lead + i];
        }
        return x.at(idx);
    }

    public static Nd zip(Nd a, Nd b, DoubleBinaryOperator f) {
        int[] shape = broadcastShape(a.shape(), b.shape());
        Nd out = Nd.zeros(shape);
        for (int i = 0; i < out.numel(); i++) {
            int[] idx = Nd.unravel(i, shape);
            out.data()[i] = f.applyAsDouble(broadcastAt(a, idx), broadcastAt(b, idx));
        }
        return out;
    }

    public static Nd where(Nd cond, Nd a, Nd b) {
        int[] shape = broadcastShape(cond.shape(), a.shape(), b.shape());
        Nd out = Nd.zeros(shape);
        for (int i = 0; i < out.numel(); i++) {
            int[] idx = Nd.unravel(i, shape);
            out.data()[i] = broadcastAt(cond, idx) != 0 ? broadcastAt(a, idx) : broadcastAt(b, idx);
        }
        return out;
    }

    /** Broadcasts {@code x} to {@code shape} (materialised). */
    public static Nd expand(Nd x, int[] shape) {
        Nd out = Nd.zeros(shape);
        for (int i = 0; i < out.numel(); i++) {
            out.data()[i] = broadcastAt(x, Nd.unravel(i, shape));
        }
        return out;
    }

    // ---- reductions ----------------------------------------------------------------------------------------------

    private static int[] normalise(int[] axes, int rank) {
        if (axes.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] a = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            a[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
        }
        Arrays.sort(a);
        return a;
    }

    private static int[] reducedShape(int[] shape, int[] axes, boolean keepDim) {
        int[] out = new int[shape.length];
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            boolean r = Arrays.binarySearch(axes, i) >= 0;
            if (!r) {
                out[k++] = shape[i];
            } else if (keepDim) {
                out[k++] = 1;
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static int outIndex(int[] idx, int[] shape, int[] axes, boolean keepDim, int[] outShape) {
        int[] o = new int[outShape.length];
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            boolean r = Arrays.binarySearch(axes, i) >= 0;
            if (!r) {
                o[k++] = idx[i];
            } else if (keepDim) {
                o[k++] = 0;
            }
        }
        return Nd.ravel(o, outShape);
    }

    /** Sum over {@code axes} (every axis when empty); negative axes allowed. */
    public static Nd sum(Nd x, int[] axes, boolean keepDim) {
        return reduce(x, axes, keepDim, 0.0, (acc, v) -> acc + v);
    }

    /** Maximum over {@code axes}; NaN wins. */
    public static Nd max(Nd x, int[] axes, boolean keepDim) {
        return reduce(x, axes, keepDim, Double.NEGATIVE_INFINITY,
                (acc, v) -> Double.isNaN(acc) || Double.isNaN(v) ? Double.NaN : Math.max(acc, v));
    }

    /** Minimum over {@code axes}; NaN wins. */
    public static Nd min(Nd x, int[] axes, boolean keepDim) {
        return reduce(x, axes, keepDim, Double.POSITIVE_INFINITY,
                (acc, v) -> Double.isNaN(acc) || Double.isNaN(v) ? Double.NaN : Math.min(acc, v));
    }

    public static Nd mean(Nd x, int[] axes, boolean keepDim) {
        int[] a = normalise(axes, x.rank());
        long n = 1;
        for (int ax : a) {
            n *= x.shape()[ax];
        }
        long count = n;
        return map(sum(x, axes, keepDim), s -> s / count);
    }

    /** Two-pass variance with the given Bessel correction. */
    public static Nd var(Nd x, int[] axes, boolean keepDim, int correction) {
        int[] a = normalise(axes, x.rank());
        long n = 1;
        for (int ax : a) {
            n *= x.shape()[ax];
        }
        Nd mean = mean(x, a, true);
        Nd sq = zip(x, mean, (v, m) -> (v - m) * (v - m));
        long denominator = Math.max(n - correction, 0);
        return map(sum(sq, a, keepDim), s -> s / denominator);
    }

    private static Nd reduce(Nd x, int[] axes, boolean keepDim, double init, DoubleBinaryOperator f) {
        int[] a = normalise(axes, x.rank());
        int[] outShape = reducedShape(x.shape(), a, keepDim);
        Nd out = Nd.zeros(outShape);
        Arrays.fill(out.data(), init);
        for (int i = 0; i < x.numel(); i++) {
            int[] idx = Nd.unravel(i, x.shape());
            int o = outIndex(idx, x.shape(), a, keepDim, outShape);
            out.data()[o] = f.applyAsDouble(out.data()[o], x.data()[i]);
        }
        return out;
    }

    /** Index of the first maximum along one axis; the first NaN counts as the maximum. */
    public static Nd argmax(Nd x, int axis, boolean keepDim) {
        int ax = axis < 0 ? axis + x.rank() : axis;
        int[] a = {ax};
        int[] outShape = reducedShape(x.shape(), a, keepDim);
        Nd out = Nd.zeros(outShape);
        double[] best = new double[out.numel()];
        boolean[] seen = new boolean[out.numel()];
        for (int i = 0; i < x.numel(); i++) {
            int[] idx = Nd.unravel(i, x.shape());
            int o = outIndex(idx, x.shape(), a, keepDim, outShape);
            double v = x.data()[i];
            boolean better = !seen[o] || (!Double.isNaN(best[o]) && (Double.isNaN(v) || v > best[o]));
            if (better) {
                best[o] = v;
                out.data()[o] = idx[ax];
                seen[o] = true;
            }
        }
        return out;
    }

    // ---- linear algebra ------------------------------------------------------------------------------------------

    /** Batched [..., M, K] x [..., K, N] with broadcast batch axes, each product by EJML. */
    public static Nd matmul(Nd a, Nd b) {
        int ra = a.rank();
        int rb = b.rank();
        int m = a.shape()[ra - 2];
        int k = a.shape()[ra - 1];
        int n = b.shape()[rb - 1];
        int[] batch = broadcastShape(Arrays.copyOf(a.shape(), ra - 2), Arrays.copyOf(b.shape(), rb - 2));
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Nd out = Nd.zeros(outShape);
        int batches = Nd.numel(batch);
        for (int t = 0; t < batches; t++) {
            int[] bi = Nd.unravel(t, batch);
            DMatrixRMaj ma = new DMatrixRMaj(m, k);
            DMatrixRMaj mb = new DMatrixRMaj(k, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < k; j++) {
                    ma.set(i, j, broadcastAt(a, withMatrix(bi, i, j)));
                }
            }
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < n; j++) {
                    mb.set(i, j, broadcastAt(b, withMatrix(bi, i, j)));
                }
            }
            DMatrixRMaj mc = new DMatrixRMaj(m, n);
            if (k > 0) {
                CommonOps_DDRM.mult(ma, mb, mc);
            }
            System.arraycopy(mc.data, 0, out.data(), t * m * n, m * n);
        }
        return out;
    }

    private static int[] withMatrix(int[] batchIdx, int i, int j) {
        int[] idx = Arrays.copyOf(batchIdx, batchIdx.length + 2);
        idx[batchIdx.length] = i;
        idx[batchIdx.length + 1] = j;
        return idx;
    }

    // ---- indexing ------------------------------------------------------------------------------------------------

    /** out[p] = x[p with p[axis] = index[p]]. */
    public static Nd gather(Nd x, int axis, Nd index) {
        Nd out = Nd.zeros(index.shape());
        for (int i = 0; i < out.numel(); i++) {
            int[] p = Nd.unravel(i, index.shape());
            p[axis] = (int) index.data()[i];
            out.data()[i] = x.at(p);
        }
        return out;
    }

    /** zeros(shape) with out[p with p[axis] = index[p]] += src[p]. */
    public static Nd scatterAdd(int[] shape, int axis, Nd index, Nd src) {
        Nd out = Nd.zeros(shape);
        for (int i = 0; i < index.numel(); i++) {
            int[] p = Nd.unravel(i, index.shape());
            p[axis] = (int) index.data()[i];
            out.data()[Nd.ravel(p, shape)] += src.data()[i];
        }
        return out;
    }

    /** Slices of {@code x} along {@code axis} picked by a 1-d index. */
    public static Nd indexSelect(Nd x, int axis, int[] index) {
        int[] shape = x.shape().clone();
        shape[axis] = index.length;
        Nd out = Nd.zeros(shape);
        for (int i = 0; i < out.numel(); i++) {
            int[] p = Nd.unravel(i, shape);
            p[axis] = index[p[axis]];
            out.data()[i] = x.at(p);
        }
        return out;
    }

    public static Nd concat(List<Nd> parts, int axis) {
        int rank = parts.get(0).rank();
        int ax = axis < 0 ? axis + rank : axis;
        int[] shape = parts.get(0).shape().clone();
        shape[ax] = 0;
        for (Nd p : parts) {
            shape[ax] += p.shape()[ax];
        }
        Nd out = Nd.zeros(shape);
        int at = 0;
        for (Nd p : parts) {
            for (int i = 0; i < p.numel(); i++) {
                int[] idx = Nd.unravel(i, p.shape());
                idx[ax] += at;
                out.data()[Nd.ravel(idx, shape)] = p.data()[i];
            }
            at += p.shape()[ax];
        }
        return out;
    }

    public static Nd pad(Nd x, int[] before, int[] after, double value) {
        int[] shape = x.shape().clone();
        for (int i = 0; i < shape.length; i++) {
            shape[i] += before[i] + after[i];
        }
        Nd out = Nd.zeros(shape);
        Arrays.fill(out.data(), value);
        for (int i = 0; i < x.numel(); i++) {
            int[] idx = Nd.unravel(i, x.shape());
            for (int d = 0; d < idx.length; d++) {
                idx[d] += before[d];
            }
            out.data()[Nd.ravel(idx, shape)] = x.data()[i];
        }
        return out;
    }

    /** Result axis i is input axis order[i]. */
    public static Nd permute(Nd x, int[] order) {
        int[] shape = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            shape[i] = x.shape()[order[i]];
        }
        Nd out = Nd.zeros(shape);
        for (int i = 0; i < out.numel(); i++) {
            int[] o = Nd.unravel(i, shape);
            int[] src = new int[order.length];
            for (int d = 0; d < order.length; d++) {
                src[order[d]] = o[d];
            }
            out.data()[i] = x.at(src);
        }
        return out;
    }

    public static Nd narrow(Nd x, int axis, int start, int length) {
        int[] shape = x.shape().clone();
        shape[axis] = length;
        Nd out = Nd.zeros(shape);
        for (int i = 0; i < out.numel(); i++) {
            int[] idx = Nd.unravel(i, shape);
            idx[axis] += start;
            out.data()[i] = x.at(idx);
        }
        return out;
    }

    // ---- convolution ---------------------------------------------------------------------------------------------

    /** [N, C, H, W] -> [N, C*KH*KW, OH*OW]; row c*KH*KW + kh*KW + kw, column oh*OW + ow; zero padding. */
    public static Nd im2col(Nd x, Conv2dGeometry g) {
        Nd out = Nd.zeros(g.columnsShape());
        int oh = g.outH();
        int ow = g.outW();
        for (int n = 0; n < g.batch(); n++) {
            for (int c = 0; c < g.channels(); c++) {
                for (int kh = 0; kh < g.kernelH(); kh++) {
                    for (int kw = 0; kw < g.kernelW(); kw++) {
                        int row = (c * g.kernelH() + kh) * g.kernelW() + kw;
                        for (int y = 0; y < oh; y++) {
                            for (int z = 0; z < ow; z++) {
                                int ih = y * g.strideH() - g.padH() + kh;
                                int iw = z * g.strideW() - g.padW() + kw;
                                if (ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width()) {
                                    out.data()[Nd.ravel(new int[]{n, row, y * ow + z}, out.shape())] =
                                            x.at(n, c, ih, iw);
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The adjoint of {@link #im2col}: every column entry is added back to the pixel it was read from. */
    public static Nd col2im(Nd cols, Conv2dGeometry g) {
        Nd out = Nd.zeros(g.imageShape());
        int oh = g.outH();
        int ow = g.outW();
        for (int n = 0; n < g.batch(); n++) {
            for (int c = 0; c < g.channels(); c++) {
                for (int kh = 0; kh < g.kernelH(); kh++) {
                    for (int kw = 0; kw < g.kernelW(); kw++) {
                        int row = (c * g.kernelH() + kh) * g.kernelW() + kw;
                        for (int y = 0; y < oh; y++) {
                            for (int z = 0; z < ow; z++) {
                                int ih = y * g.strideH() - g.padH() + kh;
                                int iw = z * g.strideW() - g.padW() + kw;
                                if (ih >= 0 && ih < g.height() && iw >= 0 && iw < g.width()) {
                                    out.data()[Nd.ravel(new int[]{n, c, ih, iw}, out.shape())] +=
                                            cols.at(n, row, y * ow + z);
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Direct convolution, the seven loops of the definition: out[n, o, y, z] = bias[o] + sum over c, kh, kw of
     * x[n, c, y*sh - ph + kh, z*sw - pw + kw] * w[o, c, kh, kw] (zero outside the image). {@code bias} may be null.
     */
    /** dW[o, c, kh, kw] = sum over n, y, z of g[n, o, y, z] x[n, c, y*sh - ph + kh, z*sw - pw + kw], direct loops. */
    public static Nd conv2dWeightGrad(Nd x, Nd g, int kH, int kW, int sh, int sw, int ph, int pw) {
        int batch = x.shape()[0];
        int channels = x.shape()[1];
        int height = x.shape()[2];
        int width = x.shape()[3];
        int outC = g.shape()[1];
        int oh = g.shape()[2];
        int ow = g.shape()[3];
        Nd out = Nd.zeros(outC, channels, kH, kW);
        for (int o = 0; o < outC; o++) {
            for (int c = 0; c < channels; c++) {
                for (int kh = 0; kh < kH; kh++) {
                    for (int kw = 0; kw < kW; kw++) {
                        double acc = 0;
                        for (int n = 0; n < batch; n++) {
                            for (int y = 0; y < oh; y++) {
                                for (int z = 0; z < ow; z++) {
                                    int ih = y * sh - ph + kh;
                                    int iw = z * sw - pw + kw;
                                    if (ih >= 0 && ih < height && iw >= 0 && iw < width) {
                                        acc += x.at(n, c, ih, iw) * g.at(n, o, y, z);
                                    }
                                }
                            }
                        }
                        out.data()[Nd.ravel(new int[]{o, c, kh, kw}, out.shape())] = acc;
                    }
                }
            }
        }
        return out;
    }

    public static Nd conv2d(Nd x, Nd w, Nd bias, int sh, int sw, int ph, int pw) {
        int batch = x.shape()[0];
        int channels = x.shape()[1];
        int height = x.shape()[2];
        int width = x.shape()[3];
        int outC = w.shape()[0];
        int kH = w.shape()[2];
        int kW = w.shape()[3];
        int oh = (height + 2 * ph - kH) / sh + 1;
        int ow = (width + 2 * pw - kW) / sw + 1;
        Nd out = Nd.zeros(batch, outC, oh, ow);
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outC; o++) {
                for (int y = 0; y < oh; y++) {
                    for (int z = 0; z < ow; z++) {
                        double acc = bias == null ? 0 : bias.data()[o];
                        for (int c = 0; c < channels; c++) {
                            for (int kh = 0; kh < kH; kh++) {
                                for (int kw = 0; kw < kW; kw++) {
                                    int ih = y * sh - ph + kh;
                                    int iw = z * sw - pw + kw;
                                    if (ih >= 0 && ih < height && iw >= 0 && iw < width) {
                                        acc += x.at(n, c, ih, iw) * w.at(o, c, kh, kw);
                                    }
                                }
                            }
                        }
                        out.data()[Nd.ravel(new int[]{n, o, y, z}, out.shape())] = acc;
                    }
                }
            }
        }
        return out;
    }

    // ---- fused ---------------------------------------------------------------------------------------------------

    /** Softmax along one axis, shifted by the maximum. */
    public static Nd softmax(Nd x, int axis) {
        Nd shifted = zip(x, max(x, new int[]{axis}, true), (v, m) -> v - m);
        Nd e = map(shifted, Math::exp);
        return zip(e, sum(e, new int[]{axis}, true), (v, s) -> v / s);
    }

    public static Nd logSoftmax(Nd x, int axis) {
        Nd shifted = zip(x, max(x, new int[]{axis}, true), (v, m) -> v - m);
        Nd logSum = map(sum(map(shifted, Math::exp), new int[]{axis}, true), Math::log);
        return zip(shifted, logSum, (v, l) -> v - l);
    }

    /** (x - mean) / sqrt(biased var + eps) * weight + bias over the last axis; weight and bias may be null. */
    public static Nd layerNorm(Nd x, Nd weight, Nd bias, double eps) {
        int[] last = {x.rank() - 1};
        Nd mean = mean(x, last, true);
        Nd var = var(x, last, true, 0);
        Nd centred = zip(x, mean, (v, m) -> v - m);
        Nd y = zip(centred, var, (c, v) -> c / Math.sqrt(v + eps));
        if (weight != null) {
            y = zip(y, weight, (a, b) -> a * b);
        }
        if (bias != null) {
            y = zip(y, bias, (a, b) -> a + b);
        }
        return y;
    }

    /** One SGD step of torch.optim.SGD, element by element, in place on {@code p} and {@code buf}. */
    public static void sgd(double[] p, double[] grad, double[] buf, SgdStep s) {
        for (int i = 0; i < p.length; i++) {
            double g = grad[i] + s.weightDecay() * p[i];
            double d = g;
            if (s.momentum() != 0) {
                buf[i] = s.firstStep() ? g : s.momentum() * buf[i] + (1 - s.dampening()) * g;
                d = s.nesterov() ? g + s.momentum() * buf[i] : buf[i];
            }
            p[i] -= s.lr() * d;
        }
    }

    /** One step of torch.optim.Adam / AdamW, element by element, in place on {@code p}, {@code m} and {@code v}. */
    public static void adam(double[] p, double[] grad, double[] m, double[] v, AdamStep s) {
        double c1 = 1 - Math.pow(s.beta1(), s.step());
        double c2 = 1 - Math.pow(s.beta2(), s.step());
        for (int i = 0; i < p.length; i++) {
            double g = grad[i];
            if (s.decoupled()) {
                p[i] *= 1 - s.lr() * s.weightDecay();
            } else {
                g += s.weightDecay() * p[i];
            }
            m[i] = s.beta1() * m[i] + (1 - s.beta1()) * g;
            v[i] = s.beta2() * v[i] + (1 - s.beta2()) * g * g;
            p[i] -= s.lr() * (m[i] / c1) / (Math.sqrt(v[i] / c2) + s.eps());
        }
    }

    /** Sum of a[i] * b[i], for adjoint checks. */
    public static double dot(Nd a, Nd b) {
        double s = 0;
        for (int i = 0; i < a.numel(); i++) {
            s += a.data()[i] * b.data()[i];
        }
        return s;
    }
}
