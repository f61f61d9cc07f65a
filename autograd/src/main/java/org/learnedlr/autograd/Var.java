package org.learnedlr.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.Shape;
import org.learnedlr.tensor.Tensor;

/**
 * A node of the autodiff graph: a {@link Tensor} value, its gradient, and (unless it is a leaf) the op and inputs
 * that made it. Ops run eagerly: each method below computes its value at once with the {@link Tensor} method of the
 * same name, which validates the arguments (so errors name the op and the shapes), and records a node only when
 * some input {@link #requiresGrad() requires grad} and grad mode is on (see {@link NoGrad}). The gradient rule of
 * each op is the case of the same name in {@code Rules}.
 *
 * <p>Leaves are {@link #param parameters} (which require grad) and {@link #constant constants} (which do not).
 * {@link #backward()} computes dL/dv for every leaf parameter v the graph reaches and adds it to {@link #grad()};
 * gradients accumulate across calls until {@link #zeroGrad()}. By default a backward frees the graph it ran through;
 * a second backward through it is an {@link IllegalStateException}. Higher-order gradients are not supported: rules
 * run on tensors and record nothing.
 *
 * <p>Not thread-safe: a graph belongs to one thread.
 */
public final class Var {
    private final Tensor value;
    private final boolean requiresGrad;
    private final boolean leaf;
    /** A custom op's name (null for built-in ops and leaves); for messages. */
    private final String customName;
    private Tensor grad;
    private boolean retainGrad;

    // The node that made this Var: null for leaves; dropped when a backward frees the graph.
    private final Op op;
    private OpParams params;
    private Var[] inputs;
    private BackwardFn custom;
    private boolean freed;

    private static final Var[] NO_INPUTS = new Var[0];

    private Var(Tensor value, boolean requiresGrad, String customName, Op op, OpParams params, Var[] inputs,
                BackwardFn custom) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.leaf = inputs == null;
        this.customName = customName;
        this.op = op;
        this.params = params;
        this.inputs = inputs;
        this.custom = custom;
    }

    // ---- leaves --------------------------------------------------------------------------------------------------

    /** A trainable leaf: it requires grad, and backward accumulates into its {@link #grad()}. */
    public static Var param(Tensor value) {
        Objects.requireNonNull(value, "param: value");
        if (!value.dtype().isFloating()) {
            throw new IllegalArgumentException("param: only floating tensors can require grad, got " + value.dtype());
        }
        return new Var(value, true, null, null, null, null, null);
    }

    /** A leaf that requires no grad (data, targets, masks). */
    public static Var constant(Tensor value) {
        return new Var(Objects.requireNonNull(value, "constant: value"), false, null, null, null, null, null);
    }

    /**
     * A user-defined op: {@code value} was computed from the inputs' values by the caller, and {@code fn} gives the
     * inputs' gradients from the output's. A node is recorded under the same conditions as for built-in ops. Its
     * gradient can be checked with {@link GradCheck}.
     */
    public static Var custom(String name, Tensor value, Var[] inputs, BackwardFn fn) {
        Objects.requireNonNull(name, "custom: name");
        Objects.requireNonNull(value, "custom: value");
        Objects.requireNonNull(fn, "custom: backward function");
        for (Var v : inputs) {
            Objects.requireNonNull(v, "custom: input");
        }
        if (!recording(inputs)) {
            return constant(value);
        }
        return new Var(value, true, name, null, null, inputs.clone(), fn);
    }

    /** Records a node for a built-in op, or returns a constant when no graph is wanted. */
    private static Var record(Tensor value, Op op, OpParams params, Var... inputs) {
        if (!recording(inputs)) {
            return constant(value);
        }
        return new Var(value, true, null, op, params, inputs, null);
    }

    private static boolean recording(Var[] inputs) {
        if (!NoGrad.isGradEnabled()) {
            return false;
        }
        for (Var v : inputs) {
            if (v.requiresGrad) {
                return true;
            }
        }
        return false;
    }

    // ---- state ---------------------------------------------------------------------------------------------------

    public Tensor value() {
        return value;
    }

    /**
     * dL/d(this) accumulated by backward, or null until one reaches it (or after {@link #zeroGrad()}). Only leaf
     * parameters, and intermediates marked with {@link #retainGrad()}, keep a gradient. A gradient made inside a
     * {@code MemoryScope} belongs to that scope like any other tensor.
     */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it); it must have this Var's shape and dtype. Used for clipping. */
    public void setGrad(Tensor g) {
        if (g != null && (!Arrays.equals(g.shape(), value.shape()) || g.dtype() != value.dtype())) {
            throw new IllegalArgumentException("setGrad: gradient " + Arrays.toString(g.shape()) + " (" + g.dtype()
                    + ") does not match value " + Arrays.toString(value.shape()) + " (" + value.dtype() + ")");
        }
        grad = g;
    }

    /** Clears the gradient (to null, so the next backward starts from nothing). */
    public void zeroGrad() {
        grad = null;
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for parameters and constants: Vars not made by a recorded op. */
    public boolean isLeaf() {
        return leaf;
    }

    /** Asks backward to keep this intermediate's gradient in {@link #grad()} as well. Returns this. */
    public Var retainGrad() {
        retainGrad = true;
        return this;
    }

    /** The same value as a constant: gradients stop here. */
    public Var detach() {
        return constant(value);
    }

    public int[] shape() {
        return value.shape();
    }

    public int dim() {
        return value.dim();
    }

    public int size(int axis) {
        return value.size(axis);
    }

    public int numel() {
        return value.numel();
    }

    public DType dtype() {
        return value.dtype();
    }

    /** The value of a one-element Var. */
    public double item() {
        return value.item();
    }

    @Override
    public String toString() {
        return "Var(" + name() + (requiresGrad ? ", requires grad" : "") + ", " + value + ")";
    }

    // ---- backward ------------------------------------------------------------------------------------------------

    /** Backward from a one-element Var (a loss), with upstream gradient 1; frees the graph. */
    public void backward() {
        if (value.numel() != 1) {
            throw new IllegalArgumentException("backward: needs a one-element Var, got shape "
                    + Arrays.toString(value.shape()) + "; pass the upstream gradient with backward(Tensor)");
        }
        backward(Tensor.full(value.backend(), 1.0, value.dtype(), value.shape()), false);
    }

    /** Backward with dL/d(this) = {@code upstream} (this Var's shape and dtype); frees the graph. */
    public void backward(Tensor upstream) {
        backward(upstream, false);
    }

    /** Backward that keeps the graph when {@code retainGraph}, so that another backward can run through it. */
    public void backward(Tensor upstream, boolean retainGraph) {
        Backprop.run(this, upstream, retainGraph);
    }

    // ---- package-private hooks for Backprop ----------------------------------------------------------------------

    /** "param", "constant", the op's name in lower case, or a custom op's name. */
    String name() {
        if (op != null) {
            return op.name().toLowerCase(Locale.ROOT);
        }
        if (customName != null) {
            return customName;
        }
        return requiresGrad ? "param" : "constant";
    }

    boolean retainsGrad() {
        return retainGrad;
    }

    boolean isFreed() {
        return freed;
    }

    /** The node's inputs (empty for leaves). */
    Var[] inputs() {
        return leaf ? NO_INPUTS : inputs;
    }

    /**
     * Adds {@code g} to the stored gradient. The first one is kept as it is when {@code copy} is false (Backprop
     * says so only for a tensor nothing else holds), and copied otherwise, so that no gradient aliases another.
     */
    void accumulate(Tensor g, boolean copy) {
        grad = grad == null ? (copy ? g.copy() : g) : grad.add(g);
    }

    /** True for a node made by {@link #custom}. */
    boolean isCustom() {
        return custom != null;
    }

    /** The gradients of this node's inputs given dL/d(this) = g. */
    Tensor[] localGradients(Tensor g) {
        if (custom != null) {
            return custom.apply(g);
        }
        Tensor[] in = new Tensor[inputs.length];
        boolean[] needs = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            in[i] = inputs[i].value;
            needs[i] = inputs[i].requiresGrad;
        }
        return Rules.backward(op, params, in, value, g, needs);
    }

    /** Drops the node, so that its inputs (and what they hold) can be collected. */
    void free() {
        if (!leaf) {
            inputs = null;
            params = null;
            custom = null;
            freed = true;
        }
    }

    // ---- unary ---------------------------------------------------------------------------------------------------

    public Var neg() {
        return record(value.neg(), Op.NEG, null, this);
    }

    public Var exp() {
        return record(value.exp(), Op.EXP, null, this);
    }

    public Var log() {
        return record(value.log(), Op.LOG, null, this);
    }

    public Var sqrt() {
        return record(value.sqrt(), Op.SQRT, null, this);
    }

    public Var abs() {
        return record(value.abs(), Op.ABS, null, this);
    }

    public Var tanh() {
        return record(value.tanh(), Op.TANH, null, this);
    }

    public Var sigmoid() {
        return record(value.sigmoid(), Op.SIGMOID, null, this);
    }

    public Var relu() {
        return record(value.relu(), Op.RELU, null, this);
    }

    /** GELU, tanh form (PyTorch's approximate='tanh'). */
    public Var gelu() {
        return record(value.gelu(), Op.GELU, null, this);
    }

    /** min(max(x, lo), hi). */
    public Var clamp(double lo, double hi) {
        return record(value.clamp(lo, hi), Op.CLAMP, new OpParams.Clamp(lo, hi), this);
    }

    /** x * x, as a product of x with itself (the two uses accumulate). */
    public Var square() {
        return mul(this);
    }

    // ---- binary, with NumPy broadcasting ---------------------------------------------------------------------------

    public Var add(Var o) {
        return record(value.add(o.value), Op.ADD, null, this, o);
    }

    public Var add(double v) {
        return add(scalar(v));
    }

    public Var sub(Var o) {
        return record(value.sub(o.value), Op.SUB, null, this, o);
    }

    public Var sub(double v) {
        return sub(scalar(v));
    }

    public Var mul(Var o) {
        return record(value.mul(o.value), Op.MUL, null, this, o);
    }

    public Var mul(double v) {
        return mul(scalar(v));
    }

    public Var div(Var o) {
        return record(value.div(o.value), Op.DIV, null, this, o);
    }

    public Var div(double v) {
        return div(scalar(v));
    }

    /** this^o elementwise; the exponent's gradient is defined where this > 0. */
    public Var pow(Var o) {
        return record(value.pow(o.value), Op.POW, null, this, o);
    }

    public Var pow(double v) {
        return pow(scalar(v));
    }

    /** Elementwise maximum; at ties the gradient is split evenly. */
    public Var maximum(Var o) {
        return record(value.maximum(o.value), Op.MAXIMUM, null, this, o);
    }

    public Var maximum(double v) {
        return maximum(scalar(v));
    }

    /** Elementwise minimum; at ties the gradient is split evenly. */
    public Var minimum(Var o) {
        return record(value.minimum(o.value), Op.MINIMUM, null, this, o);
    }

    public Var minimum(double v) {
        return minimum(scalar(v));
    }

    /** cond != 0 ? a : b, broadcast together; {@code cond} has a's dtype and gets no gradient. */
    public static Var where(Tensor cond, Var a, Var b) {
        return record(Tensor.where(cond, a.value, b.value), Op.WHERE, null, constant(cond), a, b);
    }

    private Var scalar(double v) {
        return constant(Tensor.scalar(value.backend(), value.dtype(), v));
    }

    // ---- reductions ----------------------------------------------------------------------------------------------

    /** Sum of all elements, as a 0-d Var. */
    public Var sum() {
        return sum(new int[0], false);
    }

    /** Sum over the given axes (all when empty). */
    public Var sum(int[] axes, boolean keepDim) {
        Tensor out = value.sum(axes, keepDim);
        if (out == value) {
            return this;
        }
        return record(out, Op.SUM, new OpParams.Reduce(Shape.axes("sum", axes, dim()), keepDim), this);
    }

    public Var sum(int axis, boolean keepDim) {
        return sum(new int[]{axis}, keepDim);
    }

    /** Mean of all elements, as a 0-d Var. */
    public Var mean() {
        return mean(new int[0], false);
    }

    /** Mean over the given axes (all when empty): the sum divided by the count. */
    public Var mean(int[] axes, boolean keepDim) {
        int[] a = Shape.axes("mean", axes, dim());
        return sum(a, keepDim).div((double) count(a));
    }

    /** Maximum over the given axes (all when empty); the gradient is split evenly among ties. */
    public Var max(int[] axes, boolean keepDim) {
        Tensor out = value.max(axes, keepDim);
        if (out == value) {
            return this;
        }
        return record(out, Op.MAX, new OpParams.Reduce(Shape.axes("max", axes, dim()), keepDim), this);
    }

    /** Minimum over the given axes, as -max(-x). */
    public Var min(int[] axes, boolean keepDim) {
        return neg().max(axes, keepDim).neg();
    }

    /** Variance over the given axes with Bessel's correction {@code correction} (0 = biased, 1 = unbiased). */
    public Var var(int[] axes, boolean keepDim, int correction) {
        int[] a = Shape.axes("var", axes, dim());
        Var centred = sub(mean(a, true));
        return centred.square().sum(a, keepDim).div((double) Math.max(count(a) - correction, 0));
    }

    private long count(int[] normalisedAxes) {
        long n = 1;
        for (int ax : normalisedAxes) {
            n *= value.size(ax);
        }
        return n;
    }

    // ---- linear algebra ------------------------------------------------------------------------------------------

    /** Batched matrix product [..., M, K] x [..., K, N] -> [..., M, N]; batch axes broadcast. */
    public Var matmul(Var o) {
        return record(value.matmul(o.value), Op.MATMUL, null, this, o);
    }

    // ---- views ---------------------------------------------------------------------------------------------------

    /** Same elements, new shape; one size may be -1. */
    public Var reshape(int... shape) {
        Tensor out = value.reshape(shape);
        return out == value ? this : record(out, Op.RESHAPE, null, this);
    }

    /** Result axis i is this Var's axis {@code order[i]}. */
    public Var permute(int... order) {
        Tensor out = value.permute(order);
        int[] normalised = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            normalised[i] = Shape.axis("permute", order[i], dim());
        }
        return record(out, Op.PERMUTE, new OpParams.Permute(normalised), this);
    }

    /** Swaps two axes. */
    public Var transpose(int axis0, int axis1) {
        int a = Shape.axis("transpose", axis0, dim());
        int b = Shape.axis("transpose", axis1, dim());
        int[] order = new int[dim()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Elements {@code start .. start+length-1} along one axis. */
    public Var narrow(int axis, int start, int length) {
        Tensor out = value.narrow(axis, start, length);
        return record(out, Op.NARROW, new OpParams.Narrow(Shape.axis("narrow", axis, dim()), start), this);
    }

    /** Broadcasts size-1 axes (and new leading axes) to a larger shape. */
    public Var expand(int... shape) {
        Tensor out = value.expand(shape);
        return out == value ? this : record(out, Op.EXPAND, null, this);
    }

    /** Removes a size-1 axis (a reshape). */
    public Var squeeze(int axis) {
        return record(value.squeeze(axis), Op.RESHAPE, null, this);
    }

    /** Inserts a size-1 axis (a reshape). */
    public Var unsqueeze(int axis) {
        return record(value.unsqueeze(axis), Op.RESHAPE, null, this);
    }

    /** Merges axes {@code start..end} (inclusive) into one (a reshape). */
    public Var flatten(int start, int end) {
        Tensor out = value.flatten(start, end);
        return out == value ? this : record(out, Op.RESHAPE, null, this);
    }

    /** A contiguous copy when needed; for gradients a reshape to the same shape (the identity). */
    public Var contiguous() {
        Tensor out = value.contiguous();
        return out == value ? this : record(out, Op.RESHAPE, null, this);
    }

    // ---- indexing and joining ------------------------------------------------------------------------------------

    /** out[p] = this[p with p[axis] = index[p]]; {@code index} is INT32 and gets no gradient. */
    public Var gather(int axis, Tensor index) {
        Tensor out = value.gather(axis, index);
        return record(out, Op.GATHER, new OpParams.Indexed(Shape.axis("gather", axis, dim()), index), this);
    }

    /** Slices picked by a 1-d INT32 index along one axis: a gather with the index broadcast over other axes. */
    public Var indexSelect(int axis, Tensor index) {
        Tensor out = value.indexSelect(axis, index);
        int a = Shape.axis("indexSelect", axis, dim());
        int[] viewShape = new int[dim()];
        Arrays.fill(viewShape, 1);
        viewShape[a] = index.size(0);
        Tensor full = index.reshape(viewShape).expand(out.shape());
        return record(out, Op.GATHER, new OpParams.Indexed(a, full), this);
    }

    /** zeros(shape) with out[p with p[axis] = index[p]] += src[p]; the gradient of {@link #gather}. */
    public static Var scatterAdd(int[] shape, int axis, Tensor index, Var src) {
        Tensor out = Tensor.scatterAdd(shape, axis, index, src.value);
        return record(out, Op.SCATTER_ADD, new OpParams.Indexed(Shape.axis("scatterAdd", axis, shape.length), index),
                src);
    }

    /** Joins Vars along an existing axis. */
    public static Var concat(List<Var> parts, int axis) {
        Tensor out = Tensor.concat(values(parts), axis);
        int a = Shape.axis("concat", axis, out.dim());
        return record(out, Op.CONCAT, new OpParams.Axis(a), parts.toArray(new Var[0]));
    }

    /** Joins Vars of equal shape along a new axis: a concat of their unsqueezed views. */
    public static Var stack(List<Var> parts, int axis) {
        Tensor out = Tensor.stack(values(parts), axis);
        int a = Shape.axis("stack", axis, out.dim());
        Var[] unsqueezed = new Var[parts.size()];
        for (int i = 0; i < unsqueezed.length; i++) {
            unsqueezed[i] = parts.get(i).unsqueeze(a);
        }
        return record(out, Op.CONCAT, new OpParams.Axis(a), unsqueezed);
    }

    private static List<Tensor> values(List<Var> parts) {
        List<Tensor> values = new ArrayList<>(parts.size());
        for (Var v : parts) {
            values.add(v.value);
        }
        return values;
    }

    /** Constant padding: {@code before[i]} and {@code after[i]} elements of {@code fill} on axis i. */
    public Var pad(int[] before, int[] after, double fill) {
        Tensor out = value.pad(before, after, fill);
        return record(out, Op.PAD, new OpParams.Pad(before.clone()), this);
    }

    /** Converts to another dtype; the gradient is cast back. A cast to INT32 records nothing (no gradient). */
    public Var cast(DType dtype) {
        Tensor out = value.cast(dtype);
        if (out == value) {
            return this;
        }
        return dtype.isFloating() ? record(out, Op.CAST, null, this) : constant(out);
    }

    // ---- convolution and pooling ---------------------------------------------------------------------------------

    /** Patches of a [N, C, H, W] image as columns [N, C*KH*KW, OH*OW]. */
    public Var im2col(Conv2dGeometry g) {
        return record(value.im2col(g), Op.IM2COL, new OpParams.Window(g), this);
    }

    /** The adjoint of {@link #im2col}: sums columns [N, C*KH*KW, OH*OW] back into an image [N, C, H, W]. */
    public Var col2im(Conv2dGeometry g) {
        return record(value.col2im(g), Op.COL2IM, new OpParams.Window(g), this);
    }

    /** 2-d convolution: this [N, C, H, W], weight [O, C, KH, KW], bias [O] or null -> [N, O, OH, OW]. */
    public Var conv2d(Var weight, Var bias, int stride, int padding) {
        Tensor out = value.conv2d(weight.value, bias == null ? null : bias.value, stride, padding);
        OpParams.Conv p = new OpParams.Conv(stride, padding);
        return bias == null ? record(out, Op.CONV2D, p, this, weight) : record(out, Op.CONV2D, p, this, weight, bias);
    }

    /**
     * Max pooling over [N, C, H, W] with a square window, composed as pad(-inf), im2col and max; the gradient goes
     * to the maximum of each window (split evenly among ties). {@code padding} is at most half the kernel.
     */
    public Var maxPool2d(int kernel, int stride, int padding) {
        checkPool("maxPool2d", kernel, stride, padding);
        int[] s = shape();
        Var padded = padding == 0 ? this : pad(new int[]{0, 0, padding, padding}, new int[]{0, 0, padding, padding},
                Double.NEGATIVE_INFINITY);
        int[] ps = padded.shape();
        Conv2dGeometry g = new Conv2dGeometry(s[0] * s[1], 1, ps[2], ps[3], kernel, kernel, stride, stride, 0, 0);
        Var windows = padded.reshape(s[0] * s[1], 1, ps[2], ps[3]).im2col(g);  // (N*C, K*K, OH*OW)
        return windows.max(new int[]{1}, false).reshape(s[0], s[1], g.outH(), g.outW());
    }

    /**
     * Average pooling over [N, C, H, W] with a square window, composed as im2col (zero padding) and mean; padded
     * zeros count in the average (PyTorch's count_include_pad=True).
     */
    public Var avgPool2d(int kernel, int stride, int padding) {
        checkPool("avgPool2d", kernel, stride, padding);
        int[] s = shape();
        Conv2dGeometry g = new Conv2dGeometry(s[0] * s[1], 1, s[2], s[3], kernel, kernel, stride, stride,
                padding, padding);
        Var windows = reshape(s[0] * s[1], 1, s[2], s[3]).im2col(g);           // (N*C, K*K, OH*OW)
        return windows.mean(new int[]{1}, false).reshape(s[0], s[1], g.outH(), g.outW());
    }

    private void checkPool(String op, int kernel, int stride, int padding) {
        if (dim() != 4) {
            throw new IllegalArgumentException(op + ": input must be [N, C, H, W], got " + Arrays.toString(shape()));
        }
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + ", stride " + stride + ", padding "
                    + padding + ": need kernel >= 1, stride >= 1 and 0 <= padding <= kernel / 2");
        }
    }

    // ---- fused ---------------------------------------------------------------------------------------------------

    /** exp(x - max) / sum(exp(x - max)) along an axis. */
    public Var softmax(int axis) {
        Tensor out = value.softmax(axis);
        return record(out, Op.SOFTMAX, new OpParams.Axis(Shape.axis("softmax", axis, dim())), this);
    }

    /** (x - max) - log(sum(exp(x - max))) along an axis. */
    /**
     * Cross-entropy of these logits (N, K) against INT32 labels (N) as one fused op: 0-d, the mean over rows of
     * -log softmax(row)[label]; its gradient is (softmax - onehot) / N in one pass.
     */
    public Var crossEntropy(Tensor labels) {
        Tensor out = value.crossEntropy(labels);
        return record(out, Op.CROSS_ENTROPY, new OpParams.Indexed(1, labels), this);
    }

    public Var logSoftmax(int axis) {
        Tensor out = value.logSoftmax(axis);
        return record(out, Op.LOG_SOFTMAX, new OpParams.Axis(Shape.axis("logSoftmax", axis, dim())), this);
    }

    /** (x - mean) / sqrt(var + eps) * weight + bias over the last axis; weight and bias may be null. */
    public Var layerNorm(Var weight, Var bias, double eps) {
        Tensor out = value.layerNorm(weight == null ? null : weight.value, bias == null ? null : bias.value, eps);
        List<Var> in = new ArrayList<>(3);
        in.add(this);
        if (weight != null) {
            in.add(weight);
        }
        if (bias != null) {
            in.add(bias);
        }
        return record(out, Op.LAYER_NORM, new OpParams.Norm(eps, weight != null, bias != null), in.toArray(new Var[0]));
    }
}
