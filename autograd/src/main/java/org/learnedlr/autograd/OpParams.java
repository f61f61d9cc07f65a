package org.learnedlr.autograd;

import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.Tensor;

/**
 * The non-tensor arguments of a recorded op that its gradient rule needs, as small immutable records. Shapes and
 * dtypes are not stored: the rule reads them from the inputs' values. Ops whose rule needs nothing beyond the
 * inputs and the output (elementwise ops, reshape, expand, cast) record {@code null}.
 */
sealed interface OpParams {

    /** SUM, MAX: the reduced axes (normalised, sorted) and whether they were kept as size 1. */
    record Reduce(int[] axes, boolean keepDim) implements OpParams {
    }

    /** CLAMP: the bounds. */
    record Clamp(double lo, double hi) implements OpParams {
    }

    /** PERMUTE: result axis i is input axis {@code order[i]} (normalised). */
    record Permute(int[] order) implements OpParams {
    }

    /** NARROW: the axis (normalised) and the first element kept; the length is the output's size. */
    record Narrow(int axis, int start) implements OpParams {
    }

    /** GATHER, SCATTER_ADD: the axis (normalised) and the INT32 index, which has no gradient. */
    record Indexed(int axis, Tensor index) implements OpParams {
    }

    /** IM2COL, COL2IM: the sliding-window geometry. */
    record Window(Conv2dGeometry geometry) implements OpParams {
    }

    /** CONV2D: stride and padding, equal in both spatial axes. */
    record Conv(int stride, int padding) implements OpParams {
    }

    /** SOFTMAX, LOG_SOFTMAX, CONCAT: one axis (normalised). */
    record Axis(int axis) implements OpParams {
    }

    /** PAD: the elements added before each axis (those after follow from the shapes). */
    record Pad(int[] before) implements OpParams {
    }

    /** LAYER_NORM: epsilon, and which of the optional weight and bias follow x among the inputs. */
    record Norm(double eps, boolean hasWeight, boolean hasBias) implements OpParams {
    }
}
