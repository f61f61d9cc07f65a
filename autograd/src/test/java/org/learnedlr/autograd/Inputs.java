package org.learnedlr.autograd;

import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Shape;
import org.learnedlr.tensor.Tensor;

/** Seeded FLOAT64 test inputs, with helpers that keep points away from kinks. */
final class Inputs {
    private final Rng rng;

    Inputs(long seed) {
        rng = new Rng(seed);
    }

    /** Standard normal values. */
    Tensor normal(int... shape) {
        return Tensor.normal(rng, 0.0, 1.0, DType.FLOAT64, shape);
    }

    /** Uniform in [lo, hi). */
    Tensor uniform(double lo, double hi, int... shape) {
        return Tensor.uniform(rng, lo, hi, DType.FLOAT64, shape);
    }

    /** Values with |x| in [0.2, 1.5): away from the kink at 0 of abs and relu. */
    Tensor awayFromZero(int... shape) {
        double[] d = new double[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            double m = 0.2 + 1.3 * rng.nextDouble();
            d[i] = rng.nextDouble() < 0.5 ? -m : m;
        }
        return Tensor.of(d, shape);
    }

    /** 0/1 values in FLOAT64. */
    Tensor mask(int... shape) {
        double[] d = new double[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextDouble() < 0.5 ? 0.0 : 1.0;
        }
        return Tensor.of(d, shape);
    }

    /** INT32 values in [0, bound). */
    Tensor indices(int bound, int... shape) {
        int[] d = new int[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextInt(bound);
        }
        return Tensor.ofInts(d, shape);
    }
}
