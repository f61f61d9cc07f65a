package org.learnedlr.kernels;

import java.util.Arrays;
import org.learnedlr.tensor.AdamStep;
import org.learnedlr.tensor.SgdStep;
import org.learnedlr.tensor.Tensor;

/**
 * Fused softmax, log-softmax, cross-entropy and its gradient, layer norm and optimizer updates (fused.cl). Each
 * replaces a chain of primitive launches and temporaries by one launch; Backend's composed defaults are their test
 * oracle.
 */
final class FusedOps {
    private static final String PROGRAM = "fused";
    /** Rows up to this length go one per work-item; longer ones one per work-group. */
    private static final int SERIAL_MAX = 64;

    private FusedOps() {
    }

    private static boolean serial(int outer, int n) {
        return n <= SERIAL_MAX || (outer >= 4096 && n <= 1024);
    }

    /**
     * Whether rows go to a lane kernel: on a CPU device, rows of at least 16 unit-stride elements, one row per
     * work-item in float16 lanes (a work-group per row pays for its barriers there: layer norm of 128 rows of 512 took
     * 474 us in the group kernel).
     */
    private static boolean lanes(OpenClBackend be, int n, int xs, int ys) {
        return !be.rt.isGpu() && n >= 16 && xs == 1 && ys == 1;
    }

    static Tensor softmax(OpenClBackend be, Tensor x, int axis, boolean log) {
        int[] order = ReductionOps.reducedLast(x.dim(), new int[]{axis});
        Tensor out = be.empty(x.dtype(), x.shape());
        if (out.numel() == 0) {
            return out;
        }
        Tensor xv = x.permute(order);
        Tensor yv = out.permute(order);
        int lead = x.dim() - 1;
        int n = x.size(axis);
        int outer = out.numel() / n;
        Layout xr = Layout.of(Arrays.copyOf(xv.shape(), lead), Arrays.copyOf(xv.strides(), lead), xv.offset());
        Layout yr = Layout.of(Arrays.copyOf(yv.shape(), lead), Arrays.copyOf(yv.strides(), lead), 0);
        int xs = xv.strides()[lead];
        int ys = yv.strides()[lead];
        if (lanes(be, n, xs, ys)) {
            be.kernel(PROGRAM, "softmax_lanes").args()
                    .mem(OpenClBackend.st(x)).layout(xr).mem(OpenClBackend.st(out)).layout(yr)
                    .i(outer).i(n).i(log ? 1 : 0)
                    .run1d(outer, 16);
        } else if (serial(outer, n)) {
            be.kernel(PROGRAM, "softmax_serial").args()
                    .mem(OpenClBackend.st(x)).layout(xr).i(xs).mem(OpenClBackend.st(out)).layout(yr).i(ys)
                    .i(outer).i(n).i(log ? 1 : 0)
                    .run1d(outer, 64);
        } else {
            ClKernel k = be.kernel(PROGRAM, "softmax_group");
            int group = ReductionOps.powerOfTwoGroup(k, n);
            k.args().mem(OpenClBackend.st(x)).layout(xr).i(xs).mem(OpenClBackend.st(out)).layout(yr).i(ys)
                    .i(n).i(log ? 1 : 0).local(4L * group)
                    .run(new long[]{(long) outer * group}, new long[]{group});
        }
        return out;
    }

    /** Cross-entropy of logits (N, K) against in-range INT32 labels (N), 0-d: one work-group, one launch. */
    static Tensor crossEntropy(OpenClBackend be, Tensor logits, Tensor labels) {
        int n = logits.size(0);
        int k = logits.size(1);
        Tensor out = be.empty(logits.dtype());
        ClKernel kernel = be.kernel(PROGRAM, "cross_entropy");
        int group = ReductionOps.powerOfTwoGroup(kernel, n);
        kernel.args().mem(OpenClBackend.st(logits)).layout(rowsOf(logits)).i(logits.strides()[1])
                .mem(OpenClBackend.st(labels)).i(labels.offset()).i(labels.strides()[0]).i(n).i(k)
                .mem(OpenClBackend.st(out)).local(4L * group)
                .run(new long[]{group}, new long[]{group});
        return out;
    }

    /** g (softmax(logits) - onehot(labels)) / N, (N, K) contiguous: one work-item per row. */
    static Tensor crossEntropyGrad(OpenClBackend be, Tensor logits, Tensor labels, Tensor g) {
        int n = logits.size(0);
        int k = logits.size(1);
        Tensor out = be.empty(logits.dtype(), n, k);
        be.kernel(PROGRAM, "cross_entropy_grad").args()
                .mem(OpenClBackend.st(logits)).layout(rowsOf(logits)).i(logits.strides()[1])
                .mem(OpenClBackend.st(labels)).i(labels.offset()).i(labels.strides()[0])
                .mem(OpenClBackend.st(g)).i(g.offset()).mem(OpenClBackend.st(out)).i(n).i(k)
                .run1d(n, 64);
        return out;
    }

    /** The rows of a matrix as a layout over its first axis (row r starts at offset_of(rows, r)). */
    private static Layout rowsOf(Tensor m) {
        return Layout.of(new int[]{m.size(0)}, new int[]{m.strides()[0]}, m.offset());
    }

    static Tensor layerNorm(OpenClBackend be, Tensor x, Tensor weight, Tensor bias, double eps) {
        Tensor out = be.empty(x.dtype(), x.shape());
        if (out.numel() == 0) {
            return out;
        }
        int lead = x.dim() - 1;
        int n = x.size(lead);
        int outer = out.numel() / n;
        Layout xr = Layout.of(Arrays.copyOf(x.shape(), lead), Arrays.copyOf(x.strides(), lead), x.offset());
        int xs = x.strides()[lead];
        Tensor w = weight == null ? null : weight.contiguous();
        Tensor b = bias == null ? null : bias.contiguous();
        boolean lanes = lanes(be, n, xs, 1);
        boolean serial = !lanes && serial(outer, n);
        ClKernel k = be.kernel(PROGRAM, lanes ? "layer_norm_lanes" : serial ? "layer_norm_serial" : "layer_norm_group");
        ClKernel.Args args = k.args().mem(OpenClBackend.st(x)).layout(xr);
        if (!lanes) {
            args.i(xs);
        }
        args.mem(OpenClBackend.st(out))
                .mem(w == null ? be.dummy() : OpenClBackend.st(w)).i(w == null ? 0 : w.offset()).i(w == null ? 0 : 1)
                .mem(b == null ? be.dummy() : OpenClBackend.st(b)).i(b == null ? 0 : b.offset()).i(b == null ? 0 : 1)
                .f((float) eps);
        if (lanes) {
            args.i(outer).i(n).run1d(outer, 16);
        } else if (serial) {
            args.i(outer).i(n).run1d(outer, 64);
        } else {
            int group = ReductionOps.powerOfTwoGroup(k, n);
            args.i(n).local(4L * group).run(new long[]{(long) outer * group}, new long[]{group});
        }
        return out;
    }

    static void sgd(OpenClBackend be, Tensor param, Tensor grad, Tensor buf, SgdStep s) {
        int n = param.numel();
        if (n == 0) {
            return;
        }
        boolean momentum = s.momentum() != 0;
        Tensor b = momentum ? buf : param; // an unused but valid layout when there is no buffer
        Layout[] l = Layout.joint(param, grad, b);
        int flags = (momentum ? 1 : 0) | (s.nesterov() ? 2 : 0) | (s.firstStep() ? 4 : 0)
                | (s.weightDecay() != 0 ? 8 : 0);
        boolean dense = l[0].isDense() && l[1].isDense() && l[2].isDense();
        ClKernel.Args args = be.kernel(PROGRAM, dense ? "sgd_update_d" : "sgd_update").args();
        ClStorage[] st = {OpenClBackend.st(param), OpenClBackend.st(grad),
                momentum ? OpenClBackend.st(buf) : be.dummy()};
        for (int i = 0; i < 3; i++) {
            args.mem(st[i]);
            if (dense) {
                args.i(l[i].offset);
            } else {
                args.layout(l[i]);
            }
        }
        args.f((float) s.lr()).f((float) s.momentum()).f((float) (1 - s.dampening())).f((float) s.weightDecay())
                .i(flags).i(n)
                .run1d(dense ? (n + 15) / 16 : n, ElementwiseOps.GROUP);   // dense: 16 elements per work-item
    }

    static void adam(OpenClBackend be, Tensor param, Tensor grad, Tensor m, Tensor v, AdamStep s) {
        int n = param.numel();
        if (n == 0) {
            return;
        }
        Layout[] l = Layout.joint(param, grad, m, v);
        int decay = s.weightDecay() == 0 ? 0 : s.decoupled() ? 2 : 1;
        boolean dense = l[0].isDense() && l[1].isDense() && l[2].isDense() && l[3].isDense();
        ClKernel.Args args = be.kernel(PROGRAM, dense ? "adam_update_d" : "adam_update").args();
        Tensor[] operands = {param, grad, m, v};
        for (int i = 0; i < 4; i++) {
            args.mem(OpenClBackend.st(operands[i]));
            if (dense) {
                args.i(l[i].offset);
            } else {
                args.layout(l[i]);
            }
        }
        args
                .f((float) s.lr()).f((float) s.beta1()).f((float) (1 - s.beta1())).f((float) s.beta2())
                .f((float) (1 - s.beta2()))
                .f((float) (1 - Math.pow(s.beta1(), s.step()))).f((float) (1 - Math.pow(s.beta2(), s.step())))
                .f((float) s.eps()).f((float) s.weightDecay()).f((float) (1 - s.lr() * s.weightDecay())).i(decay)
                .i(n)
                .run1d(dense ? (n + 15) / 16 : n, ElementwiseOps.GROUP);   // dense: 16 elements per work-item
    }
}
