package org.learnedlr.tensor.conformance;

import java.util.function.DoubleSupplier;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/**
 * How an input tensor of a requested shape is laid out in its storage. Every op is run on every layout, because a
 * backend that is right on contiguous data and wrong on views is the common failure: the strides differ from the
 * row-major ones, the offset is not zero, or a stride is zero.
 */
public enum Layout {
    /** Row-major, offset 0. */
    CONTIGUOUS,
    /** A window of a larger tensor: every axis narrowed by one element at the start, so the offset is non-zero. */
    NARROWED,
    /** Stored with the axes reversed and viewed back through permute: transposed strides. */
    PERMUTED,
    /** The first axis longer than 1 is a stride-0 broadcast of a size-1 axis (of a narrowed base). */
    EXPANDED,
    /** Reversed axes and narrowed: transposed strides and a non-zero offset. */
    PERMUTED_NARROWED;

    /**
     * A tensor of {@code shape} in this layout whose storage is filled from {@code values} in storage order. Layouts
     * that cannot apply to the shape (permuting a rank-1 tensor, expanding one without an axis longer than 1) fall
     * back to {@link #NARROWED}, so every case still gets a non-zero offset.
     */
    public Tensor make(Backend backend, DType dtype, int[] shape, DoubleSupplier values) {
        int rank = shape.length;
        switch (this) {
            case CONTIGUOUS:
                return filled(backend, dtype, shape, values);
            case NARROWED:
                return narrowed(backend, dtype, shape, values);
            case PERMUTED:
                if (rank < 2) {
                    return narrowed(backend, dtype, shape, values);
                }
                return filled(backend, dtype, reversed(shape), values).permute(reverseOrder(rank));
            case EXPANDED: {
                int axis = -1;
                for (int i = 0; i < rank && axis < 0; i++) {
                    if (shape[i] > 1) {
                        axis = i;
                    }
                }
                if (axis < 0) {
                    return narrowed(backend, dtype, shape, values);
                }
                int[] base = shape.clone();
                base[axis] = 1;
                return narrowed(backend, dtype, base, values).expand(shape);
            }
            case PERMUTED_NARROWED:
                if (rank < 2) {
                    return narrowed(backend, dtype, shape, values);
                }
                return narrowed(backend, dtype, reversed(shape), values).permute(reverseOrder(rank));
            default:
                throw new AssertionError(this);
        }
    }

    static Tensor filled(Backend backend, DType dtype, int[] shape, DoubleSupplier values) {
        double[] data = new double[Nd.numel(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = values.getAsDouble();
        }
        return Tensor.of(backend, dtype, data, shape);
    }

    private static Tensor narrowed(Backend backend, DType dtype, int[] shape, DoubleSupplier values) {
        if (shape.length == 0) {
            return filled(backend, dtype, new int[]{3}, values).narrow(0, 1, 1).reshape();
        }
        int[] big = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            big[i] = shape[i] + 2;
        }
        Tensor t = filled(backend, dtype, big, values);
        for (int i = 0; i < shape.length; i++) {
            t = t.narrow(i, 1, shape[i]);
        }
        return t;
    }

    private static int[] reversed(int[] shape) {
        int[] r = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            r[i] = shape[shape.length - 1 - i];
        }
        return r;
    }

    private static int[] reverseOrder(int rank) {
        int[] order = new int[rank];
        for (int i = 0; i < rank; i++) {
            order[i] = rank - 1 - i;
        }
        return order;
    }
}
