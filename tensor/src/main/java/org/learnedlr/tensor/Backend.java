package org.learnedlr.tensor;

import java.util.List;
import java.util.Set;

/**
 * The contract every backend implements: storage (allocation, copy-in, copy-out) and the complete list of
 * {@link Op.Kind#PRIMITIVE primitive} ops. The {@link Op.Kind#FUSED fused} ops have default implementations here,
 * composed from primitives through {@link Tensor}'s methods; a backend may override them with fused kernels, and the
 * composed default is the oracle those kernels are tested against. No backend contains gradient logic.
 *
 * <p>Conventions for every primitive: inputs may be arbitrary strided views (including stride-0 broadcast views and
 * non-zero offsets) of this backend's storage; results are new contiguous tensors; inputs are never modified except
 * the destinations of {@link #copyInto}, {@link #fill} and the in-place optimizer updates. Shape and dtype checks are
 * done by {@link Tensor} before a backend is called, so a backend may assume valid arguments.
 */
public interface Backend {

    /** Short name used by the backend switch, e.g. "cpu" or "opencl". */
    String name();

    /** The dtypes this backend supports; FLOAT32 and INT32 at least. */
    Set<DType> dtypes();

    // ---- storage -------------------------------------------------------------------------------------------------

    /** A zero-filled storage of {@code length} elements. */
    Storage allocate(DType dtype, int length);

    /**
     * A storage of {@code length} elements whose contents are unspecified, for a caller that writes every element
     * before it reads any ({@link Tensor#full} with a value other than 0): on a device this saves the zero fill, a
     * kernel launch. By default the zero-filled {@link #allocate}.
     */
    default Storage allocateUninitialized(DType dtype, int length) {
        return allocate(dtype, length);
    }

    /** A FLOAT32 storage holding a copy of {@code data}. */
    Storage upload(float[] data);

    /** A FLOAT64 storage holding a copy of {@code data}. */
    Storage upload(double[] data);

    /** An INT32 storage holding a copy of {@code data}. */
    Storage upload(int[] data);

    /** Copies {@code length} elements starting at {@code offset} out of a FLOAT32 storage. */
    float[] readFloats(Storage storage, int offset, int length);

    /** Copies elements out of a FLOAT64 storage. */
    double[] readDoubles(Storage storage, int offset, int length);

    /** Copies elements out of an INT32 storage. */
    int[] readInts(Storage storage, int offset, int length);

    // ---- primitives ----------------------------------------------------------------------------------------------

    /** y = op(x) for NEG, EXP, LOG, SQRT, ABS, TANH, SIGMOID, RELU, GELU. */
    Tensor unary(Op op, Tensor x);

    /** y = min(max(x, lo), hi). */
    Tensor clamp(Tensor x, double lo, double hi);

    /** y = a op b for ADD ... GE; {@code a} and {@code b} have equal shapes and dtypes. */
    Tensor binary(Op op, Tensor a, Tensor b);

    /** y = cond != 0 ? a : b; all three have equal shapes, {@code a} and {@code b} equal dtypes. */
    Tensor where(Tensor cond, Tensor a, Tensor b);

    /** SUM or MAX over sorted, distinct axes (non-empty). */
    Tensor reduce(Op op, Tensor x, int[] axes, boolean keepDim);

    /** Index of the first maximum along {@code axis}, as INT32. NaN counts as the maximum. */
    Tensor argmax(Tensor x, int axis, boolean keepDim);

    /** [..., M, K] x [..., K, N] -> [..., M, N] with equal (possibly stride-0) batch dims. */
    Tensor matmul(Tensor a, Tensor b);

    /** out has index's shape; out[p] = x[p with p[axis] replaced by index[p]]. */
    Tensor gather(Tensor x, int axis, Tensor index);

    /** out = zeros(shape); out[p with p[axis] = index[p]] += src[p] for every p in index's shape. */
    Tensor scatterAdd(int[] shape, int axis, Tensor index, Tensor src);

    /**
     * Whether every value of a non-empty INT32 tensor lies in [0, size): the range check of gather and scatterAdd's
     * indices. Here, reading the values in host memory; a device backend checks them where they live, so that the
     * index is not copied back on every call.
     */
    default boolean allInRange(Tensor index, int size) {
        for (int v : index.toIntArray()) {
            if (v < 0 || v >= size) {
                return false;
            }
        }
        return true;
    }

    /** [N, C, H, W] -> [N, C*KH*KW, OH*OW], zero padding. */
    Tensor im2col(Tensor x, Conv2dGeometry g);

    /**
     * im2col with the batch folded into the columns: [N, C, H, W] -> [C*KH*KW, N*OH*OW], image n in columns
     * n*OH*OW ...: the right operand of one product for the whole batch (conv2d's weight gradient, and a backend's
     * conv2d where the maps are small). Composed as im2col then a transposing copy; backends write it directly.
     */
    default Tensor im2colFolded(Tensor x, Conv2dGeometry g) {
        return x.im2col(g).transpose(0, 1).reshape(g.patchSize(), g.batch() * g.outH() * g.outW());
    }

    /** [N, C*KH*KW, OH*OW] -> [N, C, H, W], summing overlapping contributions. */
    Tensor col2im(Tensor columns, Conv2dGeometry g);

    /** dst[p] = src[p]; equal shapes and dtypes; dst may be any non-overlapping strided view. */
    void copyInto(Tensor src, Tensor dst);

    /** dst[p] = value for every p of a strided view. */
    void fill(Tensor dst, double value);

    /**
     * Elementwise conversion. Float to INT32 truncates toward zero, with Java's semantics at the edges, which every
     * backend must reproduce: NaN becomes 0 and values beyond the INT32 range saturate to its ends.
     */
    Tensor cast(Tensor x, DType dtype);

    // ---- fused ops: composed defaults ----------------------------------------------------------------------------

    /** exp(x - max) / sum(exp(x - max)) along {@code axis}. */
    default Tensor softmax(Tensor x, int axis) {
        if (x.size(axis) == 0) {
            return x.copy();
        }
        Tensor shifted = x.sub(x.max(new int[]{axis}, true));
        Tensor e = shifted.exp();
        return e.div(e.sum(new int[]{axis}, true));
    }

    /** (x - max) - log(sum(exp(x - max))) along {@code axis}; finite for large logits. */
    default Tensor logSoftmax(Tensor x, int axis) {
        if (x.size(axis) == 0) {
            return x.copy();
        }
        Tensor shifted = x.sub(x.max(new int[]{axis}, true));
        return shifted.sub(shifted.exp().sum(new int[]{axis}, true).log());
    }

    /**
     * (x - mean) / sqrt(var + eps) * weight + bias over the last axis; biased variance as in PyTorch; weight and
     * bias have the last axis's size and may be null.
     */
    default Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        int[] last = {x.dim() - 1};
        Tensor centred = x.sub(x.mean(last, true));
        Tensor variance = centred.mul(centred).mean(last, true);
        Tensor y = centred.div(variance.add(eps).sqrt());
        if (weight != null) {
            y = y.mul(weight);
        }
        if (bias != null) {
            y = y.add(bias);
        }
        return y;
    }

    /**
     * dx of {@link #layerNorm} for an output gradient g: with xhat = (x - mean) / std over the last axis and
     * gy = g * weight (g without a weight), dx = (gy - mean(gy) - xhat mean(gy xhat)) / std.
     */
    default Tensor layerNormGrad(Tensor x, Tensor g, Tensor weight, double eps) {
        int[] last = {x.dim() - 1};
        Tensor centred = x.sub(x.mean(last, true));
        Tensor std = centred.mul(centred).mean(last, true).add(eps).sqrt();      // (..., 1)
        Tensor xhat = centred.div(std);
        Tensor gy = weight != null ? g.mul(weight) : g;
        return gy.sub(gy.mean(last, true)).sub(xhat.mul(gy.mul(xhat).mean(last, true))).div(std);
    }

    /** [N, C, H, W] * [O, C, KH, KW] (+ bias [O]) -> [N, O, OH, OW], by im2col and a matrix product. */
    default Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int strideH, int strideW, int padH, int padW) {
        int[] ws = weight.shape();
        Conv2dGeometry g = Conv2dGeometry.of(x.shape(), ws[2], ws[3], strideH, strideW, padH, padW);
        Tensor columns = x.im2col(g);                                       // (N, C*KH*KW, OH*OW)
        Tensor w2 = weight.reshape(ws[0], g.patchSize());                   // (O, C*KH*KW)
        Tensor y = w2.matmul(columns);                                      // (N, O, OH*OW)
        if (bias != null) {
            y = y.add(bias.reshape(ws[0], 1));
        }
        return y.reshape(g.batch(), ws[0], g.outH(), g.outW());
    }

    /**
     * dW[o, c, kh, kw] = sum over n, oh, ow of g[n, o, oh, ow] x[n, c, oh*sh - ph + kh, ow*sw - pw + kw] for images
     * x [N, C, H, W] and output gradients g [N, O, OH, OW] -> [O, C, KH, KW]: conv2d's weight gradient. Composed as
     * one product G X^T with the batch folded into the columns: G = g as [O, N*OH*OW], X = im2col(x) as
     * [C*KH*KW, N*OH*OW].
     */
    default Tensor conv2dWeightGrad(Tensor x, Tensor g, int kernelH, int kernelW, int strideH, int strideW, int padH,
                                    int padW) {
        Conv2dGeometry geo = Conv2dGeometry.of(x.shape(), kernelH, kernelW, strideH, strideW, padH, padW);
        int n = geo.batch();
        int o = g.size(1);
        int l = geo.outH() * geo.outW();
        Tensor gf = g.reshape(n, o, l).transpose(0, 1).reshape(o, n * l);          // (O, N*L)
        Tensor columns = im2colFolded(x, geo);                                         // (C*KH*KW, N*L)
        return gf.matmul(columns.transpose(0, 1)).reshape(o, geo.channels(), kernelH, kernelW);
    }

    /** g (x > 0 ? 1 : 0): ReLU's gradient for an output gradient g of x's shape. */
    default Tensor reluGrad(Tensor g, Tensor x) {
        return g.mul(x.gt(0.0));
    }

    /**
     * g GELU'(x) for GELU's tanh form: with u = c (x + a x^3), t = tanh(u), GELU(x) = x (1 + t) / 2 and
     * GELU'(x) = (1 + t) / 2 + x (1 - t^2) u' / 2, u' = c (1 + 3 a x^2).
     */
    default Tensor geluGrad(Tensor g, Tensor x) {
        double c = Math.sqrt(2.0 / Math.PI);
        double a = 0.044715;
        Tensor x2 = x.square();
        Tensor t = x.mul(x2.mul(a).add(1.0)).mul(c).tanh();
        Tensor du = x2.mul(3 * a).add(1.0).mul(c);
        Tensor left = t.add(1.0).mul(0.5);
        Tensor right = x.mul(0.5).mul(t.square().neg().add(1.0)).mul(du);
        return g.mul(left.add(right));
    }

    /**
     * Cross-entropy of logits (N, K) against labels (N, INT32, each in [0, K) — checked by the caller), 0-d: the
     * mean over rows of -logSoftmax(x)[label].
     */
    default Tensor crossEntropy(Tensor logits, Tensor labels) {
        int n = logits.size(0);
        return logits.logSoftmax(1).gather(1, labels.reshape(n, 1)).mean().neg();
    }

    /** g (softmax(logits) - onehot(labels)) / N, (N, K): the gradient of {@link #crossEntropy} for a 0-d g. */
    default Tensor crossEntropyGrad(Tensor logits, Tensor labels, Tensor g) {
        int n = logits.size(0);
        Tensor ones = Tensor.full(this, 1.0, logits.dtype(), n, 1);
        Tensor onehot = Tensor.scatterAdd(logits.shape(), 1, labels.reshape(n, 1), ones);
        return logits.softmax(1).sub(onehot).mul(g.div((double) n));
    }

    /** sum of x^2 over every element, 0-d (the squared L2 norm; what gradient norms are made of). */
    default Tensor sumOfSquares(Tensor x) {
        return x.mul(x).sum();
    }

    /** The sums of squares of several tensors of one dtype, as a vector: element i is sumOfSquares(xs[i]). */
    default Tensor sumsOfSquares(List<Tensor> xs) {
        List<Tensor> parts = new java.util.ArrayList<>(xs.size());
        for (Tensor x : xs) {
            parts.add(sumOfSquares(x).reshape(1));
        }
        return parts.size() == 1 ? parts.get(0) : concat(parts, 0);
    }

    /** Joins tensors of equal shape except along {@code axis}. */
    default Tensor concat(List<Tensor> parts, int axis) {
        Tensor first = parts.get(0);
        int[] shape = first.shape();
        int total = 0;
        for (Tensor t : parts) {
            total += t.size(axis);
        }
        shape[axis] = total;
        Tensor out = Tensor.zeros(this, first.dtype(), shape);
        int at = 0;
        for (Tensor t : parts) {
            copyInto(t, out.narrow(axis, at, t.size(axis)));
            at += t.size(axis);
        }
        return out;
    }

    /** Pads each axis with {@code before[i]} and {@code after[i]} elements of {@code value}. */
    default Tensor pad(Tensor x, int[] before, int[] after, double value) {
        int[] shape = x.shape();
        for (int i = 0; i < shape.length; i++) {
            shape[i] += before[i] + after[i];
        }
        Tensor out = Tensor.zeros(this, x.dtype(), shape);
        if (value != 0) {
            fill(out, value);
        }
        Tensor inner = out;
        for (int i = 0; i < shape.length; i++) {
            inner = inner.narrow(i, before[i], x.size(i));
        }
        copyInto(x, inner);
        return out;
    }

    /** In place: param, and momentumBuffer when momentum != 0 (see {@link SgdStep}). */
    default void sgdUpdate(Tensor param, Tensor grad, Tensor momentumBuffer, SgdStep s) {
        Tensor g = s.weightDecay() != 0 ? grad.add(param.mul(s.weightDecay())) : grad;
        Tensor direction = g;
        if (s.momentum() != 0) {
            Tensor buf = s.firstStep() ? g : momentumBuffer.mul(s.momentum()).add(g.mul(1 - s.dampening()));
            copyInto(buf, momentumBuffer);
            direction = s.nesterov() ? g.add(buf.mul(s.momentum())) : buf;
        }
        copyInto(param.sub(direction.mul(s.lr())), param);
    }

    /** In place: param, m and v (see {@link AdamStep}). */
    default void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, AdamStep s) {
        Tensor p = param;
        Tensor g = grad;
        if (s.weightDecay() != 0) {
            if (s.decoupled()) {
                p = p.mul(1 - s.lr() * s.weightDecay());
            } else {
                g = g.add(p.mul(s.weightDecay()));
            }
        }
        Tensor mNew = m.mul(s.beta1()).add(g.mul(1 - s.beta1()));
        Tensor vNew = v.mul(s.beta2()).add(g.mul(g).mul(1 - s.beta2()));
        double c1 = 1 - Math.pow(s.beta1(), s.step());
        double c2 = 1 - Math.pow(s.beta2(), s.step());
        Tensor update = mNew.div(c1).div(vNew.div(c2).sqrt().add(s.eps())).mul(s.lr());
        copyInto(mNew, m);
        copyInto(vNew, v);
        copyInto(p.sub(update), param);
    }
}
