package org.learnedlr.tensor.cpu;

import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Storage;

/**
 * Heap storage of the CPU backend: exactly one of a float[], double[] or int[] array, by dtype. The arrays are
 * reachable only inside this package, which is internal to tensor/.
 */
final class CpuStorage extends Storage {
    final float[] floats;
    final double[] doubles;
    final int[] ints;

    private CpuStorage(Backend backend, DType dtype, int length, float[] f, double[] d, int[] n) {
        super(backend, dtype, length);
        this.floats = f;
        this.doubles = d;
        this.ints = n;
    }

    static CpuStorage allocate(Backend backend, DType dtype, int length) {
        return switch (dtype) {
            case FLOAT32 -> new CpuStorage(backend, dtype, length, new float[length], null, null);
            case FLOAT64 -> new CpuStorage(backend, dtype, length, null, new double[length], null);
            case INT32 -> new CpuStorage(backend, dtype, length, null, null, new int[length]);
        };
    }

    static CpuStorage wrap(Backend backend, float[] data) {
        return new CpuStorage(backend, DType.FLOAT32, data.length, data, null, null);
    }

    static CpuStorage wrap(Backend backend, double[] data) {
        return new CpuStorage(backend, DType.FLOAT64, data.length, null, data, null);
    }

    static CpuStorage wrap(Backend backend, int[] data) {
        return new CpuStorage(backend, DType.INT32, data.length, null, null, data);
    }

    /** Element i as a double, whatever the dtype (the generic, non-hot path). */
    double get(int i) {
        if (floats != null) {
            return floats[i];
        }
        if (doubles != null) {
            return doubles[i];
        }
        return ints[i];
    }

    /** Sets element i, rounding to the storage's dtype (float to int truncates toward zero). */
    void set(int i, double v) {
        if (floats != null) {
            floats[i] = (float) v;
        } else if (doubles != null) {
            doubles[i] = v;
        } else {
            ints[i] = (int) v;
        }
    }
}
