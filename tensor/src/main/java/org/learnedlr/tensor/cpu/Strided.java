package org.learnedlr.tensor.cpu;

import org.learnedlr.tensor.Tensor;

/** Element offsets of strided views, in row-major order of their logical shape. */
final class Strided {
    private Strided() {
    }

    /** True when element i of the view is at offset() + i. */
    static boolean dense(Tensor t) {
        return t.isContiguous();
    }

    /** The storage offset of every element of {@code t}, in row-major order. */
    static int[] offsets(Tensor t) {
        int[] shape = t.shape();
        int[] strides = t.strides();
        int n = t.numel();
        int[] out = new int[n];
        if (n == 0) {
            return out;
        }
        int rank = shape.length;
        int[] idx = new int[rank];
        int off = t.offset();
        for (int i = 0; i < n; i++) {
            out[i] = off;
            for (int d = rank - 1; d >= 0; d--) {
                idx[d]++;
                off += strides[d];
                if (idx[d] < shape[d]) {
                    break;
                }
                off -= strides[d] * shape[d];
                idx[d] = 0;
            }
        }
        return out;
    }

    /** Offsets, or null when the view is dense (then element i is at offset() + i). */
    static int[] offsetsOrNull(Tensor t) {
        return dense(t) ? null : offsets(t);
    }

    static int at(int[] offsets, int base, int i) {
        return offsets == null ? base + i : offsets[i];
    }
}
