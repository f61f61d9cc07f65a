package org.learnedlr.autograd;

import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.Shape;
import org.learnedlr.tensor.Tensor;

/**
 * Every gradient rule, once, as one exhaustive switch over {@link Op}: a new primitive without a rule does not
 * compile. Each case gives, for g = dL/dy, the vector-Jacobian product dL/d(input) for each input of one recorded
 * op, computed with {@link Tensor}'s methods (so every backend gets the rules for free and no backend contains
 * backward code). The forward of each op is the method of the same name on {@link Var}.
 *
 * <p>Conventions: {@code in} holds the inputs' values and {@code out} the output value; a gradient is computed only
 * where {@code needs[i]} is set, and is {@code null} elsewhere. Binary ops broadcast, so each input's gradient is
 * summed back to that input's shape ({@link Tensor#sumToShape}). Gradients that are stride-0 views (from expand) are
 * fine: nothing writes into them, and leaves store a copy.
 */
final class Rules {
    private Rules() {
    }

    static Tensor[] backward(Op op, OpParams p, Tensor[] in, Tensor out, Tensor g, boolean[] needs) {
        return switch (op) {
            // y = -x                     dx = -g
            case NEG -> one(g.neg());
            // y = exp(x)                 dx = g y
            case EXP -> one(g.mul(out));
            // y = log(x)                 dx = g / x
            case LOG -> one(g.div(in[0]));
            // y = sqrt(x)                dx = g / (2 y)
            case SQRT -> one(g.div(out.mul(2.0)));
            // y = |x|                    dx = g sign(x)          (0 at x = 0)
            case ABS -> one(g.mul(in[0].gt(0.0).sub(in[0].lt(0.0))));
            // y = tanh(x)                dx = g (1 - y^2)
            case TANH -> one(g.mul(out.square().neg().add(1.0)));
            // y = sigmoid(x)             dx = g y (1 - y)
            case SIGMOID -> one(g.mul(out.mul(out.neg().add(1.0))));
            // y = max(x, 0)              dx = g [x > 0]
            case RELU -> one(in[0].reluGrad(g));
            // y = x/2 (1 + t), t = tanh(c (x + a x^3))
            //                            dx = g (1/2 (1 + t) + x/2 (1 - t^2) c (1 + 3 a x^2))
            case GELU -> one(in[0].geluGrad(g));
            // y = min(max(x, lo), hi)    dx = g [lo <= x <= hi]
            case CLAMP -> {
                OpParams.Clamp c = (OpParams.Clamp) p;
                Tensor x = in[0];
                yield one(g.mul(x.ge(scalar(x, c.lo())).mul(x.le(scalar(x, c.hi())))));
            }

            // y = a + b                  da = g, db = g          (each summed back to its input's shape)
            case ADD -> binary(in, needs, g, g);
            // y = a - b                  da = g, db = -g
            case SUB -> binary(in, needs, g, needs[1] ? g.neg() : null);
            // y = a b                    da = g b, db = g a
            case MUL -> binary(in, needs, needs[0] ? g.mul(in[1]) : null, needs[1] ? g.mul(in[0]) : null);
            // y = a / b                  da = g / b, db = -g y / b
            case DIV -> binary(in, needs, needs[0] ? g.div(in[1]) : null,
                    needs[1] ? g.mul(out).div(in[1]).neg() : null);
            // y = a^b                    da = g b a^(b-1), db = g y log(a)     (db is defined for a > 0)
            case POW -> binary(in, needs, needs[0] ? g.mul(in[1]).mul(in[0].pow(in[1].sub(1.0))) : null,
                    needs[1] ? g.mul(out).mul(in[0].log()) : null);
            // y = max(a, b)              da = g ([a > b] + [a = b]/2), db = g ([b > a] + [a = b]/2)
            case MAXIMUM -> {
                Tensor tie = in[0].eq(in[1]).mul(0.5);
                yield binary(in, needs, needs[0] ? g.mul(in[0].gt(in[1]).add(tie)) : null,
                        needs[1] ? g.mul(in[1].gt(in[0]).add(tie)) : null);
            }
            // y = min(a, b)              da = g ([a < b] + [a = b]/2), db = g ([b < a] + [a = b]/2)
            case MINIMUM -> {
                Tensor tie = in[0].eq(in[1]).mul(0.5);
                yield binary(in, needs, needs[0] ? g.mul(in[0].lt(in[1]).add(tie)) : null,
                        needs[1] ? g.mul(in[1].lt(in[0]).add(tie)) : null);
            }
            // y = cond ? a : b           da = cond ? g : 0, db = cond ? 0 : g; the condition gets none
            case WHERE -> {
                Tensor zero = scalar(g, 0.0);
                yield new Tensor[]{null,
                        needs[1] ? Tensor.where(in[0], g, zero).sumToShape(in[1].shape()) : null,
                        needs[2] ? Tensor.where(in[0], zero, g).sumToShape(in[2].shape()) : null};
            }

            // y = sum over axes of x    dx = g broadcast back over the reduced axes
            case SUM -> {
                OpParams.Reduce r = (OpParams.Reduce) p;
                int[] xs = in[0].shape();
                yield one(g.reshape(Shape.reduced(xs, r.axes(), true)).expand(xs));
            }
            // y = max over axes of x    dx = g [x = y] / (number of ties): split evenly among the maxima
            case MAX -> {
                OpParams.Reduce r = (OpParams.Reduce) p;
                int[] keep = Shape.reduced(in[0].shape(), r.axes(), true);
                Tensor mask = in[0].eq(out.reshape(keep));                      // x's shape
                Tensor ties = mask.sum(r.axes(), true);                         // keep
                yield one(mask.mul(g.reshape(keep).div(ties)));
            }

            // y = a b (batched)          da = g b^T, db = a^T g  (summed over broadcast batch axes)
            case MATMUL -> binary(in, needs, needs[0] ? matmulGradA(in[0], in[1], g) : null,
                    needs[1] ? matmulGradB(in[0], in[1], g) : null);
            // y[p] = x[p, axis <- index[p]]       dx = scatterAdd(g) back to where each element came from
            case GATHER -> {
                OpParams.Indexed ix = (OpParams.Indexed) p;
                yield one(Tensor.scatterAdd(in[0].shape(), ix.axis(), ix.index(), g));
            }
            // y[p, axis <- index[p]] += src[p]    dsrc = gather(g)
            case SCATTER_ADD -> {
                OpParams.Indexed ix = (OpParams.Indexed) p;
                yield one(g.gather(ix.axis(), ix.index()));
            }
            // im2col and col2im are each other's adjoint.
            case IM2COL -> one(g.col2im(((OpParams.Window) p).geometry()));
            case COL2IM -> one(g.im2col(((OpParams.Window) p).geometry()));
            // y = x in another dtype     dx = g cast back to x's dtype
            case CAST -> one(g.cast(in[0].dtype()));

            // Views: the gradient is the inverse movement of g.
            case RESHAPE -> one(g.reshape(in[0].shape()));
            case PERMUTE -> one(g.permute(inverse(((OpParams.Permute) p).order())));
            // expand is a broadcast, whose adjoint is a sum over the broadcast axes
            case EXPAND -> one(g.sumToShape(in[0].shape()));
            // narrow keeps a slice: zero elsewhere
            case NARROW -> {
                OpParams.Narrow n = (OpParams.Narrow) p;
                int[] before = new int[g.dim()];
                int[] after = new int[g.dim()];
                before[n.axis()] = n.start();
                after[n.axis()] = in[0].size(n.axis()) - n.start() - g.size(n.axis());
                yield one(g.pad(before, after, 0.0));
            }

            // y = softmax(x)             dx = y (g - sum(g y))
            case SOFTMAX -> {
                int[] axis = {((OpParams.Axis) p).axis()};
                yield one(out.mul(g.sub(g.mul(out).sum(axis, true))));
            }
            // y = logSoftmax(x)          dx = g - exp(y) sum(g)
            case LOG_SOFTMAX -> {
                int[] axis = {((OpParams.Axis) p).axis()};
                yield one(g.sub(out.exp().mul(g.sum(axis, true))));
            }
            case LAYER_NORM -> layerNorm((OpParams.Norm) p, in, g, needs);
            case CONV2D -> conv2d((OpParams.Conv) p, in, g, needs);
            // y = [x_0, x_1, ...] along an axis    dx_i = the slice of g that x_i filled
            case CONCAT -> {
                int axis = ((OpParams.Axis) p).axis();
                Tensor[] grads = new Tensor[in.length];
                int at = 0;
                for (int i = 0; i < in.length; i++) {
                    int size = in[i].size(axis);
                    grads[i] = needs[i] ? g.narrow(axis, at, size) : null;
                    at += size;
                }
                yield grads;
            }
            // y = x surrounded by a constant      dx = the interior of g
            case PAD -> {
                int[] before = ((OpParams.Pad) p).before();
                Tensor inner = g;
                for (int i = 0; i < before.length; i++) {
                    inner = inner.narrow(i, before[i], in[0].size(i));
                }
                yield one(inner);
            }

            // Comparisons and argmax are piecewise constant; Var never records them.
            case EQ, NE, LT, LE, GT, GE, ARGMAX -> throw notDifferentiable(op);
            // In-place writes and optimizer updates happen outside the graph (under NoGrad, on values).
            case COPY, FILL, SGD_UPDATE, ADAM_UPDATE -> throw notDifferentiable(op);
            // A kernel rules use (conv2d's weight gradient); Var has no method that records it.
            case CONV2D_WEIGHT_GRAD -> throw notDifferentiable(op);
            // Read-outs of gradients (norms), never recorded.
            // y = mean_i (logsumexp(x_i) - x_i[label_i])    dx = g (softmax(x) - onehot(labels)) / N
            case CROSS_ENTROPY -> one(in[0].crossEntropyGrad(((OpParams.Indexed) p).index(), g));
            case CROSS_ENTROPY_GRAD -> throw notDifferentiable(op);
            case SUM_OF_SQUARES -> throw notDifferentiable(op);
            case SUMS_OF_SQUARES -> throw notDifferentiable(op);
            case RELU_GRAD -> throw notDifferentiable(op);
            case GELU_GRAD -> throw notDifferentiable(op);
            case LAYER_NORM_GRAD -> throw notDifferentiable(op);
        };
    }

    /**
     * Layer norm over the last axis, y = xhat w + b with xhat = (x - mean) / sqrt(var + eps). With gy = g w:
     * dx = (gy - mean(gy) - xhat mean(gy xhat)) / sqrt(var + eps); dw = sum(g xhat); db = sum(g), summed over all
     * but the last axis. xhat is recomputed from x rather than saved.
     */
    private static Tensor[] layerNorm(OpParams.Norm nm, Tensor[] in, Tensor g, boolean[] needs) {
        Tensor x = in[0];
        int[] paramShape = {x.size(-1)};
        Tensor[] grads = new Tensor[in.length];
        if (needs[0]) {
            grads[0] = x.layerNormGrad(g, nm.hasWeight() ? in[1] : null, nm.eps());
        }
        int k = 1;
        if (nm.hasWeight()) {
            // xhat = the normalised input: layer norm without its affine part
            grads[k] = needs[k] ? g.mul(x.layerNorm(null, null, nm.eps())).sumToShape(paramShape) : null;
            k++;
        }
        if (nm.hasBias()) {
            grads[k] = needs[k] ? g.sumToShape(paramShape) : null;
        }
        return grads;
    }

    /**
     * da = g b^T. For a plain matrix a stored transposed (a transposed view, as a weight used as W^T), computed as
     * (b g^T)^T — the same sums in the same order — so that the gradient comes out in a's own layout and reaches the
     * weight contiguous instead of as a strided view that must be copied.
     */
    private static Tensor matmulGradA(Tensor a, Tensor b, Tensor g) {
        if (a.dim() == 2 && b.dim() == 2 && g.dim() == 2 && transposed(a)) {
            return b.matmul(g.transpose(0, 1)).transpose(0, 1);
        }
        return g.matmul(b.transpose(-1, -2));
    }

    /** db = a^T g; for a plain matrix b stored transposed, (g^T a)^T, in b's layout (see {@link #matmulGradA}). */
    private static Tensor matmulGradB(Tensor a, Tensor b, Tensor g) {
        if (a.dim() == 2 && b.dim() == 2 && g.dim() == 2 && transposed(b)) {
            return g.transpose(0, 1).matmul(a).transpose(0, 1);
        }
        return a.transpose(-1, -2).matmul(g);
    }

    /** A matrix laid out column by column: its transpose is contiguous. */
    private static boolean transposed(Tensor m) {
        return !m.isContiguous() && m.transpose(0, 1).isContiguous();
    }

    /**
     * Convolution y = W2 im2col(x) + b, with W2 = W as [O, C*KH*KW]. The batch is folded into the columns, so that
     * each gradient is one wide matrix product however small the images: with G = g as [O, N*OH*OW] and
     * X = im2col(x) as [C*KH*KW, N*OH*OW], dx = col2im(W2^T G); dW = G X^T; db = sum of g over N, OH and OW.
     */
    private static Tensor[] conv2d(OpParams.Conv c, Tensor[] in, Tensor g, boolean[] needs) {
        Tensor x = in[0];
        Tensor w = in[1];
        int[] ws = w.shape();                                                   // (O, C, KH, KW)
        Conv2dGeometry geo = Conv2dGeometry.of(x.shape(), ws[2], ws[3], c.stride(), c.stride(),
                c.padding(), c.padding());
        int n = geo.batch();
        int l = geo.outH() * geo.outW();
        int k = geo.patchSize();
        Tensor gf = g.reshape(n, ws[0], l).transpose(0, 1).reshape(ws[0], n * l); // (O, N*L)
        Tensor[] grads = new Tensor[in.length];
        if (needs[0]) {
            Tensor w2t = w.reshape(ws[0], k).transpose(0, 1);                   // (C*KH*KW, O)
            grads[0] = w2t.matmul(gf).reshape(k, n, l).transpose(0, 1)           // (N, C*KH*KW, L), a view
                    .col2im(geo);                                               // (N, C, H, W)
        }
        if (needs[1]) {
            grads[1] = x.conv2dWeightGrad(g, ws[2], ws[3], c.stride(), c.padding()); // G X^T: (O, C, KH, KW)
        }
        if (in.length > 2 && needs[2]) {
            grads[2] = g.sum(new int[]{0, 2, 3}, false);                        // (O)
        }
        return grads;
    }

    private static Tensor[] one(Tensor dx) {
        return new Tensor[]{dx};
    }

    /** The gradients of a broadcasting binary op, each summed back to its input's shape. */
    private static Tensor[] binary(Tensor[] in, boolean[] needs, Tensor da, Tensor db) {
        return new Tensor[]{needs[0] ? da.sumToShape(in[0].shape()) : null,
                needs[1] ? db.sumToShape(in[1].shape()) : null};
    }

    private static Tensor scalar(Tensor like, double v) {
        return Tensor.scalar(like.backend(), like.dtype(), v);
    }

    private static int[] inverse(int[] order) {
        int[] inv = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inv[order[i]] = i;
        }
        return inv;
    }

    private static IllegalStateException notDifferentiable(Op op) {
        return new IllegalStateException(op + " has no gradient and is never recorded in a graph;"
                + " a node with it means a bug in autograd");
    }
}
