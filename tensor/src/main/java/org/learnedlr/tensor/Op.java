package org.learnedlr.tensor;

/**
 * Every operation a tensor program is made of. {@link Kind#PRIMITIVE} ops are implemented by every backend;
 * {@link Kind#FUSED} ops have a default implementation in {@link Backend} composed of primitives, which a backend
 * may replace with a fused kernel (the composition stays as the test oracle); {@link Kind#VIEW} ops only change
 * shape, strides and offset and never reach a backend. The gradient rules are written once, in autograd, as an
 * exhaustive switch over this enum.
 */
public enum Op {
    // Unary elementwise primitives: y = f(x).
    NEG(Kind.PRIMITIVE), EXP(Kind.PRIMITIVE), LOG(Kind.PRIMITIVE), SQRT(Kind.PRIMITIVE), ABS(Kind.PRIMITIVE),
    TANH(Kind.PRIMITIVE), SIGMOID(Kind.PRIMITIVE), RELU(Kind.PRIMITIVE),
    /** GELU in its tanh form (PyTorch's approximate='tanh'). */
    GELU(Kind.PRIMITIVE),
    /** min(max(x, lo), hi). */
    CLAMP(Kind.PRIMITIVE),

    // Binary elementwise primitives over operands of equal shape (broadcasting is done with stride-0 views).
    ADD(Kind.PRIMITIVE), SUB(Kind.PRIMITIVE), MUL(Kind.PRIMITIVE), DIV(Kind.PRIMITIVE), POW(Kind.PRIMITIVE),
    MAXIMUM(Kind.PRIMITIVE), MINIMUM(Kind.PRIMITIVE),
    /** Comparisons give 1 where true and 0 where false, in the operands' dtype. */
    EQ(Kind.PRIMITIVE), NE(Kind.PRIMITIVE), LT(Kind.PRIMITIVE), LE(Kind.PRIMITIVE), GT(Kind.PRIMITIVE),
    GE(Kind.PRIMITIVE),
    /** where(cond, a, b): a where cond != 0, else b. */
    WHERE(Kind.PRIMITIVE),

    // Reductions along a set of axes.
    SUM(Kind.PRIMITIVE), MAX(Kind.PRIMITIVE),
    /** Index of the first maximum along one axis, as INT32. */
    ARGMAX(Kind.PRIMITIVE),

    /** Batched matrix product [..., M, K] x [..., K, N]. */
    MATMUL(Kind.PRIMITIVE),
    /** out[..i..] = x[..index[..i..]..] along one axis. */
    GATHER(Kind.PRIMITIVE),
    /** out = zeros(shape); out[..index[..i..]..] += src[..i..] along one axis. The gradient of GATHER. */
    SCATTER_ADD(Kind.PRIMITIVE),
    /** Patches of a [N, C, H, W] image as columns [N, C*KH*KW, OH*OW] (PyTorch's unfold). */
    IM2COL(Kind.PRIMITIVE),
    /** The adjoint of IM2COL: sums columns back into an image (PyTorch's fold). */
    COL2IM(Kind.PRIMITIVE),
    /** Copies a (possibly strided) tensor into a (possibly strided) destination of the same shape. */
    COPY(Kind.PRIMITIVE),
    /** Sets every element of a (possibly strided) destination to one value. */
    FILL(Kind.PRIMITIVE),
    /** Converts between dtypes. */
    CAST(Kind.PRIMITIVE),

    // Views: shape, strides and offset only.
    RESHAPE(Kind.VIEW), PERMUTE(Kind.VIEW), EXPAND(Kind.VIEW), NARROW(Kind.VIEW),

    // Fused ops with composed defaults.
    SOFTMAX(Kind.FUSED), LOG_SOFTMAX(Kind.FUSED),
    /** Normalisation over the last axis with optional elementwise affine weight and bias. */
    LAYER_NORM(Kind.FUSED),
    /**
     * The gradient of LAYER_NORM with respect to its input, for an output gradient g (never recorded in a graph):
     * one pass per row instead of a dozen elementwise ops and reductions.
     */
    LAYER_NORM_GRAD(Kind.FUSED),
    /** 2-d convolution [N, C, H, W] * [O, C, KH, KW] (+ bias [O]). */
    CONV2D(Kind.FUSED),
    /**
     * The correlation of images [N, C, H, W] with output gradients [N, O, OH, OW], giving [O, C, KH, KW]: the
     * kernel CONV2D's weight gradient needs (never recorded in a graph itself).
     */
    CONV2D_WEIGHT_GRAD(Kind.FUSED),
    /** g GELU'(x): GELU's gradient in one pass instead of a dozen elementwise ops (never recorded in a graph). */
    GELU_GRAD(Kind.FUSED),
    /** g (x > 0): ReLU's gradient in one pass instead of a comparison and a product (never recorded in a graph). */
    RELU_GRAD(Kind.FUSED),
    /**
     * Cross-entropy of logits [N, K] against INT32 class labels [N]: the mean over rows of
     * log(sum_j exp(x_ij)) - x_i,label_i, as a 0-d tensor (PyTorch's F.cross_entropy).
     */
    CROSS_ENTROPY(Kind.FUSED),
    /**
     * CROSS_ENTROPY's gradient with respect to the logits for an upstream 0-d g: g (softmax(x) - onehot(labels)) / N,
     * one pass per row (never recorded in a graph).
     */
    CROSS_ENTROPY_GRAD(Kind.FUSED),
    /** The sum of x^2 over all elements, as a 0-d tensor (gradient norms; never recorded in a graph). */
    SUM_OF_SQUARES(Kind.FUSED),
    /**
     * SUM_OF_SQUARES of several tensors as one vector (a training step's layer-wise gradient norms: one result to
     * read back; never recorded in a graph).
     */
    SUMS_OF_SQUARES(Kind.FUSED),
    CONCAT(Kind.FUSED),
    /** Constant padding before and after each axis. */
    PAD(Kind.FUSED),
    /** In-place SGD (momentum, Nesterov, weight decay) parameter update. */
    SGD_UPDATE(Kind.FUSED),
    /** In-place Adam / AdamW parameter update. */
    ADAM_UPDATE(Kind.FUSED);

    /** How an op is provided. */
    public enum Kind {
        PRIMITIVE, FUSED, VIEW
    }

    private final Kind kind;

    Op(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** True for ops whose result is 0/1 and carries no gradient. */
    public boolean isComparison() {
        return this == EQ || this == NE || this == LT || this == LE || this == GT || this == GE;
    }
}
