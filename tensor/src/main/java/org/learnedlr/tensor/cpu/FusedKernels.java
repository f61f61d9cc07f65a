package org.learnedlr.tensor.cpu;

import org.learnedlr.tensor.AdamStep;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.SgdStep;
import org.learnedlr.tensor.Tensor;
import org.learnedlr.tensor.cpu.simd.SimdRows;
import org.learnedlr.tensor.cpu.simd.SimdUpdates;

/**
 * The CPU backend's fused kernels, each one pass where {@link org.learnedlr.tensor.Backend}'s composed default
 * makes several: softmax and log-softmax along any axis and layer norm over the last (a row at a time, in double,
 * rounded once; contiguous float32 rows on the Vector API path go to {@link SimdRows}), the convolution as one matrix product over the whole batch, and the SGD and Adam updates (one
 * pass, in place, float arithmetic in the order the composed default rounds, so they agree with it bit for bit).
 * The composed defaults stay the oracle these are tested against.
 */
final class FusedKernels {
    /** Work units of one element of a row kernel that calls exp. */
    private static final long EXP_COST = 16;

    private FusedKernels() {
    }

    // ---- softmax, log-softmax, layer norm ----------------------------------------------------------------------

    /** exp(x - max) / sum(exp(x - max)) along {@code axis} (log = false), or its logarithm (log = true). */
    static Tensor softmax(CpuBackend be, Tensor x, int axis, boolean log) {
        Tensor out = be.empty(x.dtype(), x.shape());
        Rows rows = new Rows(x, out, axis);
        int n = rows.length;
        if (x.dtype() == DType.FLOAT32) {
            float[] xs = CpuBackend.cpu(x).floats;
            float[] os = CpuBackend.cpu(out).floats;
            boolean simd = be.simd();
            rows.forEach(EXP_COST, () -> new double[n], (xi, sx, oi, so, e) -> {
                if (simd && sx == 1 && so == 1) {
                    SimdRows.softmax(xs, xi, os, oi, n, log);
                    return;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double v = xs[xi + i * sx];
                    if (!(v <= max)) {                   // a larger value, or NaN (which then stays)
                        max = v;
                        if (v != v) {
                            break;
                        }
                    }
                }
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    e[i] = Math.exp(xs[xi + i * sx] - max);
                    sum += e[i];
                }
                if (log) {
                    double logSum = Math.log(sum);
                    for (int i = 0; i < n; i++) {
                        os[oi + i * so] = (float) ((xs[xi + i * sx] - max) - logSum);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        os[oi + i * so] = (float) (e[i] / sum);
                    }
                }
            });
            return out;
        }
        CpuStorage xs = CpuBackend.cpu(x);
        CpuStorage os = CpuBackend.cpu(out);
        rows.forEach(EXP_COST, () -> null, (xi, sx, oi, so, unused) -> {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double v = xs.get(xi + i * sx);
                if (!(v <= max)) {
                    max = v;
                    if (v != v) {
                        break;
                    }
                }
            }
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.exp(xs.get(xi + i * sx) - max);
            }
            double logSum = Math.log(sum);
            for (int i = 0; i < n; i++) {
                double d = xs.get(xi + i * sx) - max;
                os.set(oi + i * so, log ? d - logSum : Math.exp(d) / sum);
            }
        });
        return out;
    }

    /** (x - mean) / sqrt(var + eps) * weight + bias over the last axis; biased variance; weight, bias may be null. */
    static Tensor layerNorm(CpuBackend be, Tensor x, Tensor weight, Tensor bias, double eps) {
        Tensor out = be.empty(x.dtype(), x.shape());
        Rows rows = new Rows(x, out, x.dim() - 1);
        CpuStorage xs = CpuBackend.cpu(x);
        CpuStorage os = CpuBackend.cpu(out);
        int n = rows.length;
        if (be.simd() && xs.floats != null && rows.xStride == 1 && rows.oStride == 1) {
            float[] w = weight == null ? null : weight.toFloatArray();
            float[] b = bias == null ? null : bias.toFloatArray();
            rows.forEach(4, () -> null, (xi, sx, oi, so, unused) ->
                    SimdRows.layerNorm(xs.floats, xi, os.floats, oi, n, w, b, eps));
            return out;
        }
        // The affine parameters and each row, read once into double (rows in a per-task buffer).
        double[] w = weight == null ? null : weight.toDoubleArray();
        double[] b = bias == null ? null : bias.toDoubleArray();
        rows.forEach(4, () -> new double[n], (xi, sx, oi, so, r) -> {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                r[i] = xs.floats != null ? xs.floats[xi + i * sx] : xs.doubles[xi + i * sx];
                mean += r[i];
            }
            mean /= n;
            double inv = inverseStd(r, n, mean, eps);
            for (int i = 0; i < n; i++) {
                double y = (r[i] - mean) * inv;
                if (w != null) {
                    y *= w[i];
                }
                if (b != null) {
                    y += b[i];
                }
                if (os.floats != null) {
                    os.floats[oi + i * so] = (float) y;
                } else {
                    os.doubles[oi + i * so] = y;
                }
            }
        });
        return out;
    }

    /**
     * dx of layer norm, one row at a time: the row's statistics recomputed (cheaper than storing them), then
     * dx = (gy - mean(gy) - xhat mean(gy xhat)) / std with gy = g * weight. The gradient is read at x's
     * positions, so g is brought to x's strides first when they differ.
     */
    static Tensor layerNormGrad(CpuBackend be, Tensor x, Tensor g, Tensor weight, double eps) {
        if (!java.util.Arrays.equals(x.strides(), g.strides())) {
            x = x.contiguous();
            g = g.contiguous();
        }
        Tensor out = be.empty(x.dtype(), x.shape());
        Rows rows = new Rows(x, out, x.dim() - 1);
        CpuStorage xs = CpuBackend.cpu(x);
        CpuStorage gs = CpuBackend.cpu(g);
        CpuStorage os = CpuBackend.cpu(out);
        int shift = g.offset() - x.offset();
        int n = rows.length;
        if (be.simd() && xs.floats != null && rows.xStride == 1 && rows.oStride == 1) {
            float[] w = weight == null ? null : weight.toFloatArray();
            rows.forEach(6, () -> null, (xi, sx, oi, so, unused) ->
                    SimdRows.layerNormGrad(xs.floats, xi, gs.floats, xi + shift, os.floats, oi, n, w, eps));
            return out;
        }
        double[] w = weight == null ? null : weight.toDoubleArray();
        rows.forEach(6, () -> new double[2 * n], (xi, sx, oi, so, r) -> {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                int at = xi + i * sx;
                r[i] = xs.floats != null ? xs.floats[at] : xs.doubles[at];
                double gi = gs.floats != null ? gs.floats[at + shift] : gs.doubles[at + shift];
                r[n + i] = w == null ? gi : gi * w[i];
                mean += r[i];
            }
            mean /= n;
            double inv = inverseStd(r, n, mean, eps);
            double meanGy = 0;
            double meanGyXhat = 0;
            for (int i = 0; i < n; i++) {
                double xhat = (r[i] - mean) * inv;
                meanGy += r[n + i];
                meanGyXhat += r[n + i] * xhat;
            }
            meanGy /= n;
            meanGyXhat /= n;
            for (int i = 0; i < n; i++) {
                double xhat = (r[i] - mean) * inv;
                double dx = (r[n + i] - meanGy - xhat * meanGyXhat) * inv;
                if (os.floats != null) {
                    os.floats[oi + i * so] = (float) dx;
                } else {
                    os.doubles[oi + i * so] = dx;
                }
            }
        });
        return out;
    }

    /** 1 / sqrt(var + eps) of r[0, n) about its mean: layer norm's scale, forward and backward alike. */
    private static double inverseStd(double[] r, int n, double mean, double eps) {
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = r[i] - mean;
            var += d * d;
        }
        return 1.0 / Math.sqrt(var / n + eps);
    }

    /** The rows of a tensor along one axis: every position of the other axes, walked in row-major order. */
    private static final class Rows {
        final int length;
        private final int xStride;
        private final int oStride;
        private final Walk outer;

        interface Body<B> {
            void row(int xAt, int xStride, int outAt, int outStride, B scratch);
        }

        Rows(Tensor x, Tensor out, int axis) {
            int rank = x.dim();
            int[] shape = x.shape();
            int[] xs = x.strides();
            int[] os = out.strides();
            this.length = shape[axis];
            this.xStride = xs[axis];
            this.oStride = os[axis];
            int[] keptShape = new int[rank - 1];
            int[] keptX = new int[rank - 1];
            int[] keptO = new int[rank - 1];
            for (int i = 0, k = 0; i < rank; i++) {
                if (i != axis) {
                    keptShape[k] = shape[i];
                    keptX[k] = xs[i];
                    keptO[k++] = os[i];
                }
            }
            this.outer = Walk.of(keptShape, new int[][]{keptX, keptO}, new int[]{x.offset(), out.offset()});
        }

        /** Calls body for every row, with a scratch object made once per task by {@code scratch}. */
        <B> void forEach(long costPerElement, java.util.function.Supplier<B> scratch, Body<B> body) {
            if (length == 0 || outer.numel == 0) {
                return;
            }
            int inner = outer.inner();
            int sx = outer.innerStride(0);
            int so = outer.innerStride(1);
            Parallel.forRange(outer.runs(), costPerElement * length * inner, ElementwiseKernels.MIN_TASK, (s, e) -> {
                B b = scratch.get();
                Walk.Cursor c = outer.cursor(s);
                for (int r = s; r < e; r++, c.next()) {
                    for (int j = 0; j < inner; j++) {
                        body.row(c.base(0) + j * sx, xStride, c.base(1) + j * so, oStride, b);
                    }
                }
            });
        }
    }

    // ---- convolution -------------------------------------------------------------------------------------------

    /**
     * [N, C, H, W] * [O, C, KH, KW] (+ bias) as one product W2 [O, C*KH*KW] x columns [C*KH*KW, N*OH*OW] — the
     * batch folded into the columns, so that the small spatial sizes of deep layers still make a wide product —
     * then each image's [O, OH*OW] block copied out with the bias added.
     */
    static Tensor conv2d(CpuBackend be, Tensor x, Tensor weight, Tensor bias, int strideH, int strideW, int padH,
                         int padW) {
        int[] ws = weight.shape();
        Conv2dGeometry g = Conv2dGeometry.of(x.shape(), ws[2], ws[3], strideH, strideW, padH, padW);
        int o = ws[0];
        int batch = g.batch();
        int l = g.outH() * g.outW();
        Tensor columns = IndexKernels.im2colFolded(be, x, g);               // (C*KH*KW, N*L)
        Tensor y2 = weight.reshape(o, g.patchSize()).matmul(columns);        // (O, N*L)
        Tensor out = be.empty(x.dtype(), new int[]{batch, o, g.outH(), g.outW()});
        CpuStorage ys = CpuBackend.cpu(y2);
        CpuStorage os = CpuBackend.cpu(out);
        CpuStorage bs = bias == null ? null : CpuBackend.cpu(bias);
        int bo = bias == null ? 0 : bias.offset();
        int bst = bias == null ? 0 : bias.strides()[0];
        Parallel.forRange(batch, (long) o * l, ElementwiseKernels.MIN_TASK, (s, e) -> {
            for (int n = s; n < e; n++) {
                for (int c = 0; c < o; c++) {
                    int from = c * batch * l + n * l;
                    int to = (n * o + c) * l;
                    if (bs == null) {
                        System.arraycopy(ys.floats != null ? ys.floats : ys.doubles, from,
                                os.floats != null ? os.floats : os.doubles, to, l);
                    } else if (os.floats != null) {
                        float b = bs.floats[bo + c * bst];
                        for (int i = 0; i < l; i++) {
                            os.floats[to + i] = ys.floats[from + i] + b;
                        }
                    } else {
                        double b = bs.doubles[bo + c * bst];
                        for (int i = 0; i < l; i++) {
                            os.doubles[to + i] = ys.doubles[from + i] + b;
                        }
                    }
                }
            }
        });
        return out;
    }

    /**
     * conv2d's weight gradient as the composed default computes it, G [O, N*L] X^T, but with the columns X written
     * in the folded layout [C*KH*KW, N*L] directly (im2col then a transposing copy in the default).
     */
    static Tensor conv2dWeightGrad(CpuBackend be, Tensor x, Tensor g, int kernelH, int kernelW, int strideH,
                                   int strideW, int padH, int padW) {
        Conv2dGeometry geo = Conv2dGeometry.of(x.shape(), kernelH, kernelW, strideH, strideW, padH, padW);
        int n = geo.batch();
        int o = g.size(1);
        int l = geo.outH() * geo.outW();
        Tensor gf = g.reshape(n, o, l).transpose(0, 1).reshape(o, n * l);          // (O, N*L)
        Tensor columns = IndexKernels.im2colFolded(be, x, geo);                   // (C*KH*KW, N*L)
        return gf.matmul(columns.transpose(0, 1)).reshape(o, geo.channels(), kernelH, kernelW);
    }

    // ---- optimizer updates -------------------------------------------------------------------------------------

    /** SGD in place (see {@link SgdStep}); param, grad and the buffer may be any strided views. */
    static void sgd(Tensor param, Tensor grad, Tensor momentumBuffer, SgdStep s) {
        boolean momentum = s.momentum() != 0;
        Walk w = momentum ? Walk.of(param, grad, momentumBuffer) : Walk.of(param, grad);
        int inner = w.inner();
        int ps = w.innerStride(0);
        int gs = w.innerStride(1);
        int bs = momentum ? w.innerStride(2) : 0;
        CpuStorage pst = CpuBackend.cpu(param);
        CpuStorage gst = CpuBackend.cpu(grad);
        CpuStorage bst = momentum ? CpuBackend.cpu(momentumBuffer) : null;
        Parallel.forRange(w.runs(), inner, ElementwiseKernels.MIN_TASK, (from, to) -> {
            Walk.Cursor c = w.cursor(from);
            for (int r = from; r < to; r++, c.next()) {
                int pi = c.base(0);
                int gi = c.base(1);
                int bi = momentum ? c.base(2) : 0;
                if (param.dtype() == DType.FLOAT32) {
                    sgdFloat(s, pst.floats, pi, ps, gst.floats, gi, gs, momentum ? bst.floats : null, bi, bs, inner);
                } else {
                    sgdDouble(s, pst.doubles, pi, ps, gst.doubles, gi, gs, momentum ? bst.doubles : null, bi, bs,
                            inner);
                }
            }
        });
    }

    /** The composed default's float ops, in its order: each scalar rounded to float, each op rounded. */
    private static void sgdFloat(SgdStep s, float[] p, int pi, int ps, float[] g, int gi, int gs, float[] b, int bi,
                                 int bs, int n) {
        float wd = (float) s.weightDecay();
        float mom = (float) s.momentum();
        float damp = (float) (1 - s.dampening());
        float lr = (float) s.lr();
        boolean decay = s.weightDecay() != 0;
        boolean momentum = s.momentum() != 0;
        boolean first = s.firstStep();
        boolean nesterov = s.nesterov();
        if (ps == 1 && gs == 1 && bs == 1 && !decay && momentum && !first && !nesterov) {
            // The usual step (momentum, no decay, after the first): a loop C2 vectorises.
            for (int i = 0; i < n; i++) {
                float buf = b[bi + i] * mom + g[gi + i] * damp;
                b[bi + i] = buf;
                p[pi + i] = p[pi + i] - buf * lr;
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            int at = pi + i * ps;
            float x = p[at];
            float d = g[gi + i * gs];
            if (decay) {
                d = d + x * wd;
            }
            if (momentum) {
                int bj = bi + i * bs;
                float buf = first ? d : b[bj] * mom + d * damp;
                b[bj] = buf;
                d = nesterov ? d + buf * mom : buf;
            }
            p[at] = x - d * lr;
        }
    }

    private static void sgdDouble(SgdStep s, double[] p, int pi, int ps, double[] g, int gi, int gs, double[] b,
                                  int bi, int bs, int n) {
        double wd = s.weightDecay();
        double mom = s.momentum();
        double damp = 1 - s.dampening();
        double lr = s.lr();
        boolean decay = wd != 0;
        boolean momentum = mom != 0;
        for (int i = 0; i < n; i++) {
            int at = pi + i * ps;
            double x = p[at];
            double d = g[gi + i * gs];
            if (decay) {
                d = d + x * wd;
            }
            if (momentum) {
                int bj = bi + i * bs;
                double buf = s.firstStep() ? d : b[bj] * mom + d * damp;
                b[bj] = buf;
                d = s.nesterov() ? d + buf * mom : buf;
            }
            p[at] = x - d * lr;
        }
    }

    /** Adam / AdamW in place (see {@link AdamStep}); all four tensors may be any strided views. */
    static void adam(Tensor param, Tensor grad, Tensor m, Tensor v, AdamStep s, boolean simd) {
        Walk w = Walk.of(param, grad, m, v);
        int inner = w.inner();
        int[] st = {w.innerStride(0), w.innerStride(1), w.innerStride(2), w.innerStride(3)};
        CpuStorage[] sto = {CpuBackend.cpu(param), CpuBackend.cpu(grad), CpuBackend.cpu(m), CpuBackend.cpu(v)};
        boolean f32 = param.dtype() == DType.FLOAT32;
        Parallel.forRange(w.runs(), 4L * inner, ElementwiseKernels.MIN_TASK, (from, to) -> {
            Walk.Cursor c = w.cursor(from);
            int[] at = new int[4];
            for (int r = from; r < to; r++, c.next()) {
                for (int k = 0; k < 4; k++) {
                    at[k] = c.base(k);
                }
                if (f32) {
                    adamFloat(s, sto[0].floats, sto[1].floats, sto[2].floats, sto[3].floats, at, st, inner, simd);
                } else {
                    adamDouble(s, sto[0].doubles, sto[1].doubles, sto[2].doubles, sto[3].doubles, at, st, inner);
                }
            }
        });
    }

    private static void adamFloat(AdamStep s, float[] p, float[] g, float[] m, float[] v, int[] at, int[] st, int n,
                                  boolean simd) {
        boolean decay = s.weightDecay() != 0;
        boolean decoupled = s.decoupled();
        float keep = (float) (1 - s.lr() * s.weightDecay());
        float wd = (float) s.weightDecay();
        float b1 = (float) s.beta1();
        float b1c = (float) (1 - s.beta1());
        float b2 = (float) s.beta2();
        float b2c = (float) (1 - s.beta2());
        float c1 = (float) (1 - Math.pow(s.beta1(), s.step()));
        float c2 = (float) (1 - Math.pow(s.beta2(), s.step()));
        float eps = (float) s.eps();
        float lr = (float) s.lr();
        int done = 0;
        if (simd && st[0] == 1 && st[1] == 1 && st[2] == 1 && st[3] == 1) {
            done = SimdUpdates.adam(p, at[0], g, at[1], m, at[2], v, at[3], n, decay, decoupled, keep, wd, b1, b1c,
                    b2, b2c, c1, c2, eps, lr);
        }
        for (int i = done; i < n; i++) {
            int pi = at[0] + i * st[0];
            int mi = at[2] + i * st[2];
            int vi = at[3] + i * st[3];
            float x = p[pi];
            float d = g[at[1] + i * st[1]];
            if (decay) {
                if (decoupled) {
                    x = x * keep;
                } else {
                    d = d + x * wd;
                }
            }
            float mNew = m[mi] * b1 + d * b1c;
            float vNew = v[vi] * b2 + (d * d) * b2c;
            float update = mNew / c1 / ((float) Math.sqrt(vNew / c2) + eps) * lr;
            m[mi] = mNew;
            v[vi] = vNew;
            p[pi] = x - update;
        }
    }

    private static void adamDouble(AdamStep s, double[] p, double[] g, double[] m, double[] v, int[] at, int[] st,
                                   int n) {
        boolean decay = s.weightDecay() != 0;
        double c1 = 1 - Math.pow(s.beta1(), s.step());
        double c2 = 1 - Math.pow(s.beta2(), s.step());
        for (int i = 0; i < n; i++) {
            int pi = at[0] + i * st[0];
            int mi = at[2] + i * st[2];
            int vi = at[3] + i * st[3];
            double x = p[pi];
            double d = g[at[1] + i * st[1]];
            if (decay) {
                if (s.decoupled()) {
                    x = x * (1 - s.lr() * s.weightDecay());
                } else {
                    d = d + x * s.weightDecay();
                }
            }
            double mNew = m[mi] * s.beta1() + d * (1 - s.beta1());
            double vNew = v[vi] * s.beta2() + (d * d) * (1 - s.beta2());
            double update = mNew / c1 / (Math.sqrt(vNew / c2) + s.eps()) * s.lr();
            m[mi] = mNew;
            v[vi] = vNew;
            p[pi] = x - update;
        }
    }
}
