package org.learnedlr.tensor.cpu;

import org.learnedlr.tensor.Tensor;

/**
 * A row-major walk over several strided operands of one shape, as runs along the innermost axis: the kernels loop
 * over runs and, inside a run, over elements with a fixed stride per operand — no per-element offset table.
 *
 * <p>Axes are first simplified together for all operands: size-1 axes are dropped, and an axis is merged into the
 * one before it wherever every operand allows (stride[d] == stride[d + 1] * size[d + 1]). A contiguous tensor then
 * becomes a single run; a row vector broadcast over a matrix ([N] against [M, N]) becomes runs of N with both
 * operands at unit stride; a per-channel scale [1, C, 1, 1] against [N, C, H, W] becomes runs of H*W with the scale
 * at stride 0 (a scalar inside the run). The order of elements is always the logical row-major order.
 */
final class Walk {
    /** Simplified sizes (rank >= 1). */
    final int[] shape;
    /** [operand][axis], simplified. */
    final int[][] strides;
    /** Storage offset of each operand's first element. */
    final int[] offsets;
    final int numel;

    private Walk(int[] shape, int[][] strides, int[] offsets, int numel) {
        this.shape = shape;
        this.strides = strides;
        this.offsets = offsets;
        this.numel = numel;
    }

    /** A walk over operands that all have the first one's shape (broadcast operands as stride-0 views). */
    static Walk of(Tensor... operands) {
        int[] shape = operands[0].shape();
        int[][] strides = new int[operands.length][];
        int[] offsets = new int[operands.length];
        for (int k = 0; k < operands.length; k++) {
            strides[k] = operands[k].strides();
            offsets[k] = operands[k].offset();
        }
        return of(shape, strides, offsets);
    }

    /** A walk from raw sizes, strides per operand and offsets (the arrays are not modified). */
    static Walk of(int[] shape, int[][] strides, int[] offsets) {
        int ops = strides.length;
        int rank = shape.length;
        int numel = 1;
        for (int s : shape) {
            numel *= s;
        }
        int[] sh = new int[Math.max(1, rank)];
        int[][] st = new int[ops][Math.max(1, rank)];
        int r = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (r > 0 && mergeable(sh[r - 1], strides, st, r - 1, d, shape[d])) {
                sh[r - 1] *= shape[d];
                for (int k = 0; k < ops; k++) {
                    st[k][r - 1] = strides[k][d];
                }
                continue;
            }
            sh[r] = shape[d];
            for (int k = 0; k < ops; k++) {
                st[k][r] = strides[k][d];
            }
            r++;
        }
        if (r == 0) {
            sh[0] = numel;   // 1, or 0 for an empty shape
            r = 1;
        }
        int[] outShape = java.util.Arrays.copyOf(sh, r);
        int[][] outStrides = new int[ops][];
        for (int k = 0; k < ops; k++) {
            outStrides[k] = java.util.Arrays.copyOf(st[k], r);
        }
        return new Walk(outShape, outStrides, offsets.clone(), numel);
    }

    /** Whether axis d (size {@code size}) can be folded into the simplified axis {@code prev}. */
    private static boolean mergeable(int prevSize, int[][] strides, int[][] st, int prev, int d, int size) {
        for (int k = 0; k < strides.length; k++) {
            if ((long) st[k][prev] != (long) strides[k][d] * size) {
                return false;
            }
        }
        return prevSize > 0;
    }

    int rank() {
        return shape.length;
    }

    /** Length of a run (the simplified innermost size). */
    int inner() {
        return shape[shape.length - 1];
    }

    /** Operand k's stride inside a run. */
    int innerStride(int k) {
        return strides[k][shape.length - 1];
    }

    /** Number of runs (0 for an empty walk). */
    int runs() {
        int inner = inner();
        return inner == 0 ? 0 : numel / inner;
    }

    /** A cursor positioned at the start of run {@code run}. */
    Cursor cursor(int run) {
        return new Cursor(this, run);
    }

    /** The storage offset of each run's first element of operand k, in run order (for small inner walks). */
    int[] runOffsets(int k) {
        int n = runs();
        int[] out = new int[n];
        Cursor c = cursor(0);
        for (int r = 0; r < n; r++, c.next()) {
            out[r] = c.base(k);
        }
        return out;
    }

    /** Iterates the runs in order: {@link #base} gives each operand's offset at the current run's start. */
    static final class Cursor {
        private final int[] shape;
        private final int[][] strides;
        private final int[] idx;
        private final int[] base;
        private final int outer;

        private Cursor(Walk w, int run) {
            this.shape = w.shape;
            this.strides = w.strides;
            this.outer = shape.length - 1;
            this.idx = new int[Math.max(0, outer)];
            this.base = w.offsets.clone();
            int rem = run;
            for (int d = outer - 1; d >= 0 && rem > 0; d--) {
                int i = rem % shape[d];
                rem /= shape[d];
                idx[d] = i;
                for (int k = 0; k < base.length; k++) {
                    base[k] += i * strides[k][d];
                }
            }
        }

        int base(int k) {
            return base[k];
        }

        /** Moves to the next run (an odometer over the outer axes). */
        void next() {
            for (int d = outer - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    for (int k = 0; k < base.length; k++) {
                        base[k] += strides[k][d];
                    }
                    return;
                }
                idx[d] = 0;
                for (int k = 0; k < base.length; k++) {
                    base[k] -= strides[k][d] * (shape[d] - 1);
                }
            }
        }
    }
}
