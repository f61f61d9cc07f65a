package org.learnedlr.tensor.conformance;

import java.util.Arrays;

/**
 * A dense, row-major n-d array of doubles: the value type of the {@link Reference} implementation. It knows nothing
 * of backends; {@link Reference#read} turns any tensor (any layout, any dtype) into one.
 */
public record Nd(double[] data, int[] shape) {

    public Nd {
        if (data.length != numel(shape)) {
            throw new IllegalArgumentException(data.length + " values for shape " + Arrays.toString(shape));
        }
    }

    public static Nd zeros(int... shape) {
        return new Nd(new double[numel(shape)], shape.clone());
    }

    public static Nd of(double[] data, int... shape) {
        return new Nd(data.clone(), shape.clone());
    }

    public static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    public int numel() {
        return data.length;
    }

    public int rank() {
        return shape.length;
    }

    /** Row-major strides. */
    public static int[] strides(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            st[i] = s;
            s *= shape[i];
        }
        return st;
    }

    /** The multi-index of flat position {@code flat}. */
    public static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        return idx;
    }

    /** The flat position of a multi-index. */
    public static int ravel(int[] idx, int[] shape) {
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            flat = flat * shape[i] + idx[i];
        }
        return flat;
    }

    public double at(int... idx) {
        return data[ravel(idx, shape)];
    }

    @Override
    public String toString() {
        return "Nd" + Arrays.toString(shape) + (data.length <= 16 ? Arrays.toString(data) : "");
    }
}
