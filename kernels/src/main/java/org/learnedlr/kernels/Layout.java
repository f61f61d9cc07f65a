package org.learnedlr.kernels;

import java.util.Arrays;
import org.learnedlr.tensor.Tensor;

/**
 * How a kernel finds element {@code i} (row-major over a logical shape) in a buffer: {@code offset + sum_d
 * idx_d(i) * stride[d]}. Passed to kernels by value as {@code layout_t} (common.cl): rank, offset, then
 * {@value #MAX_RANK} sizes and {@value #MAX_RANK} strides. Size-1 axes are dropped and neighbouring axes that are
 * contiguous with each other (in every operand at once) are merged, so a dense operand costs one division at most,
 * and only tensors with more than {@value #MAX_RANK} non-mergeable axes are out of reach.
 */
final class Layout {
    static final int MAX_RANK = 8;

    final int rank;
    final int offset;
    final int[] shape;
    final int[] strides;

    private Layout(int offset, int[] shape, int[] strides) {
        if (shape.length > MAX_RANK) {
            throw new IllegalArgumentException("opencl backend: a view of shape " + Arrays.toString(shape)
                    + " and strides " + Arrays.toString(strides) + " has more than " + MAX_RANK
                    + " axes that cannot be merged");
        }
        this.rank = shape.length;
        this.offset = offset;
        this.shape = shape;
        this.strides = strides;
    }

    /** A dense run of elements starting at {@code offset}. */
    static Layout dense(int offset, int n) {
        return new Layout(offset, new int[]{n}, new int[]{1});
    }

    /** The layout of a tensor on its own. */
    static Layout of(Tensor t) {
        return of(t.shape(), t.strides(), t.offset());
    }

    static Layout of(int[] shape, int[] strides, int offset) {
        return joint(shape, new int[][]{strides}, new int[]{offset})[0];
    }

    /** Layouts of several views of one logical shape, coalesced together (they stay aligned element by element). */
    static Layout[] joint(Tensor... operands) {
        int[] shape = operands[0].shape();
        int[][] strides = new int[operands.length][];
        int[] offsets = new int[operands.length];
        for (int i = 0; i < operands.length; i++) {
            strides[i] = operands[i].strides();
            offsets[i] = operands[i].offset();
        }
        return joint(shape, strides, offsets);
    }

    static Layout[] joint(int[] shape, int[][] strides, int[] offsets) {
        int ops = strides.length;
        int[] s = new int[shape.length];
        int[][] st = new int[ops][shape.length];
        int r = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = r > 0;
            for (int o = 0; o < ops && merge; o++) {
                merge = st[o][r - 1] == strides[o][d] * shape[d];
            }
            if (merge) {
                s[r - 1] *= shape[d];
                for (int o = 0; o < ops; o++) {
                    st[o][r - 1] = strides[o][d];
                }
            } else {
                s[r] = shape[d];
                for (int o = 0; o < ops; o++) {
                    st[o][r] = strides[o][d];
                }
                r++;
            }
        }
        Layout[] out = new Layout[ops];
        for (int o = 0; o < ops; o++) {
            out[o] = new Layout(offsets[o], Arrays.copyOf(s, r), Arrays.copyOf(st[o], r));
        }
        return out;
    }

    /** The same layout moved by {@code delta} elements. */
    Layout shifted(int delta) {
        return new Layout(offset + delta, shape, strides);
    }

    /** The layout_t struct as ints: rank, offset, sizes (padded with 1), strides (padded with 0). */
    int[] packed() {
        int[] p = new int[2 + 2 * MAX_RANK];
        p[0] = rank;
        p[1] = offset;
        for (int d = 0; d < MAX_RANK; d++) {
            p[2 + d] = d < rank ? shape[d] : 1;
            p[2 + MAX_RANK + d] = d < rank ? strides[d] : 0;
        }
        return p;
    }

    /** True when element i is at offset + i. */
    boolean isDense() {
        return rank == 0 || (rank == 1 && strides[0] == 1);
    }

    @Override
    public String toString() {
        return "Layout(offset " + offset + ", shape " + Arrays.toString(shape) + ", strides " + Arrays.toString(strides)
                + ")";
    }
}
