package org.learnedlr.tensor;

import java.util.Arrays;

/** Static helpers on shapes and strides: sizes, contiguous strides, broadcasting and axis normalisation. */
public final class Shape {
    private Shape() {
    }

    /** Number of elements of a shape; the product of its sizes (1 for a scalar). */
    public static int numel(int[] shape) {
        long n = 1;
        for (int s : shape) {
            n *= s;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** Rejects negative sizes, naming the operation. */
    public static int[] checkSizes(String op, int[] shape) {
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException(op + ": negative size in shape " + Arrays.toString(shape));
            }
        }
        return shape.clone();
    }

    /**
     * NumPy broadcasting: shapes are aligned on their trailing axes; each pair of sizes must be equal or one of them 1.
     */
    public static int[] broadcast(String op, int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) {
            rank = Math.max(rank, s.length);
        }
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i;
                int size = s[i];
                if (out[o] == 1) {
                    out[o] = size;
                } else if (size != 1 && size != out[o]) {
                    throw new IllegalArgumentException(op + ": shapes " + describe(shapes) + " cannot be broadcast together");
                }
            }
        }
        return out;
    }

    /** Maps a possibly negative axis into [0, rank), or throws naming the operation and shape. */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank);
        }
        return a;
    }

    /** As {@link #axis(String, int, int)}, naming the whole shape in the error. */
    public static int axis(String op, int axis, int[] shape) {
        int rank = shape.length;
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape "
                    + Arrays.toString(shape) + " (rank " + rank + ")");
        }
        return a;
    }

    /** Normalises, sorts and de-duplicates a set of axes; an empty array means every axis. */
    public static int[] axes(String op, int[] axes, int rank) {
        if (axes == null || axes.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        boolean[] seen = new boolean[rank];
        for (int a : axes) {
            int n = axis(op, a, rank);
            if (seen[n]) {
                throw new IllegalArgumentException(op + ": axis " + a + " given twice");
            }
            seen[n] = true;
        }
        int[] out = new int[axes.length];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (seen[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** The shape left after reducing the given (normalised) axes. */
    public static int[] reduced(int[] shape, int[] axes, boolean keepDim) {
        boolean[] r = new boolean[shape.length];
        for (int a : axes) {
            r[a] = true;
        }
        int[] out = new int[keepDim ? shape.length : shape.length - axes.length];
        int k = 0;
        for (int i = 0; i < shape.length; i++) {
            if (r[i]) {
                if (keepDim) {
                    out[k++] = 1;
                }
            } else {
                out[k++] = shape[i];
            }
        }
        return out;
    }

    /** Human-readable list of shapes for error messages. */
    public static String describe(int[]... shapes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shapes.length; i++) {
            if (i > 0) {
                sb.append(" and ");
            }
            sb.append(Arrays.toString(shapes[i]));
        }
        return sb.toString();
    }
}
