package org.learnedlr.nn.init;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.learnedlr.tensor.Backends;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * Parameter initialisers with PyTorch's formulas ({@code torch.nn.init}). Each returns a new tensor of the given
 * shape and dtype on the default backend, drawn in row-major order from the {@link Rng} it is given: there is no
 * hidden global randomness, so the same generator state gives the same values.
 *
 * <p>Fans follow PyTorch: for a shape [out, in, k...] the receptive field r = prod(k...), fan_in = in * r and
 * fan_out = out * r; tensors of rank below 2 have no fans.
 */
public final class Init {
    private Init() {
    }

    /** Which fan a Kaiming initialiser preserves the variance of. */
    public enum FanMode {
        /** Preserves the variance of activations in the forward pass. */
        FAN_IN,
        /** Preserves the variance of gradients in the backward pass. */
        FAN_OUT
    }

    /** The non-linearity that follows a layer, for {@link #gain}. */
    public enum Nonlinearity {
        LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU
    }

    /**
     * PyTorch's calculate_gain: 1 for linear and sigmoid, 5/3 for tanh, sqrt(2) for relu and sqrt(2 / (1 + a^2))
     * for leaky relu with negative slope {@code a} (ignored for the others).
     */
    public static double gain(Nonlinearity nonlinearity, double a) {
        return switch (nonlinearity) {
            case LINEAR, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1.0 + a * a));
        };
    }

    /** {fan_in, fan_out} of a weight shape of rank at least 2. */
    public static int[] fans(int... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("Init.fans: needs a shape of rank >= 2, got " + Arrays.toString(shape));
        }
        int receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        return new int[]{shape[1] * receptive, shape[0] * receptive};
    }

    private static int fan(int[] shape, FanMode mode) {
        int[] f = fans(shape);
        return mode == FanMode.FAN_IN ? f[0] : f[1];
    }

    // ---- constants and plain distributions ------------------------------------------------------------------------

    public static Tensor zeros(DType dtype, int... shape) {
        return Tensor.zeros(dtype, shape);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return Tensor.ones(dtype, shape);
    }

    public static Tensor constant(double value, DType dtype, int... shape) {
        return Tensor.full(value, dtype, shape);
    }

    /** U(lo, hi). */
    public static Tensor uniform(Rng rng, double lo, double hi, DType dtype, int... shape) {
        return Tensor.uniform(rng, lo, hi, dtype, shape);
    }

    /** N(mean, std^2). */
    public static Tensor normal(Rng rng, double mean, double std, DType dtype, int... shape) {
        return Tensor.normal(rng, mean, std, dtype, shape);
    }

    // ---- Kaiming (He et al. 2015) ---------------------------------------------------------------------------------

    /**
     * U(-b, b) with b = gain * sqrt(3 / fan), gain = {@link #gain gain(nonlinearity, a)}; PyTorch's
     * kaiming_uniform_(tensor, a, mode, nonlinearity).
     */
    public static Tensor kaimingUniform(Rng rng, double a, FanMode mode, Nonlinearity nonlinearity, DType dtype,
                                        int... shape) {
        double bound = gain(nonlinearity, a) * Math.sqrt(3.0 / fan(shape, mode));
        return uniform(rng, -bound, bound, dtype, shape);
    }

    /** N(0, std^2) with std = gain / sqrt(fan); PyTorch's kaiming_normal_(tensor, a, mode, nonlinearity). */
    public static Tensor kaimingNormal(Rng rng, double a, FanMode mode, Nonlinearity nonlinearity, DType dtype,
                                       int... shape) {
        double std = gain(nonlinearity, a) / Math.sqrt(fan(shape, mode));
        return normal(rng, 0.0, std, dtype, shape);
    }

    // ---- Xavier / Glorot (Glorot and Bengio 2010) -----------------------------------------------------------------

    /** U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform(Rng rng, double gain, DType dtype, int... shape) {
        int[] f = fans(shape);
        double bound = gain * Math.sqrt(6.0 / (f[0] + f[1]));
        return uniform(rng, -bound, bound, dtype, shape);
    }

    /** N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal(Rng rng, double gain, DType dtype, int... shape) {
        int[] f = fans(shape);
        double std = gain * Math.sqrt(2.0 / (f[0] + f[1]));
        return normal(rng, 0.0, std, dtype, shape);
    }

    // ---- orthogonal (Saxe et al. 2013) ----------------------------------------------------------------------------

    /**
     * A (semi-)orthogonal matrix times {@code gain}, viewed as [rows = shape[0], cols = numel / rows] (PyTorch's
     * orthogonal_): draw A ~ N(0, 1) of that shape (transposed when rows < cols), take A = QR, flip the signs of
     * Q's columns so that diag(R) >= 0 (which makes Q Haar-distributed), and transpose back. Rows are orthonormal
     * when rows <= cols, columns otherwise.
     */
    public static Tensor orthogonal(Rng rng, double gain, DType dtype, int... shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("Init.orthogonal: needs a shape of rank >= 2, got "
                    + Arrays.toString(shape));
        }
        int rows = shape[0];
        int numel = 1;
        for (int s : shape) {
            numel *= s;
        }
        int cols = rows == 0 ? 0 : numel / rows;
        if (numel == 0) {
            return Tensor.zeros(dtype, shape);
        }
        boolean transposed = rows < cols;
        int m = transposed ? cols : rows;   // the tall side
        int n = transposed ? rows : cols;
        DMatrixRMaj a = new DMatrixRMaj(m, n);
        for (int i = 0; i < m * n; i++) {
            a.data[i] = rng.nextGaussian();
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(m, n);
        if (!qr.decompose(a)) {
            throw new IllegalStateException("Init.orthogonal: QR decomposition failed");
        }
        DMatrixRMaj q = qr.getQ(null, true);   // (m, n)
        DMatrixRMaj r = qr.getR(null, true);   // (n, n)
        double[] out = new double[numel];
        for (int j = 0; j < n; j++) {
            double sign = r.get(j, j) < 0 ? -1.0 : 1.0;
            for (int i = 0; i < m; i++) {
                double v = gain * sign * q.get(i, j);
                if (transposed) {
                    out[j * m + i] = v;   // element (j, i) of the rows x cols result
                } else {
                    out[i * n + j] = v;
                }
            }
        }
        return Tensor.of(Backends.defaultBackend(), dtype, out, shape);
    }

    // ---- PyTorch's layer defaults ---------------------------------------------------------------------------------

    /**
     * The default weight of nn.Linear and nn.Conv2d: kaiming_uniform with a = sqrt(5), i.e. U(-1/sqrt(fan_in),
     * 1/sqrt(fan_in)).
     */
    public static Tensor defaultWeight(Rng rng, DType dtype, int... shape) {
        return kaimingUniform(rng, Math.sqrt(5.0), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU, dtype, shape);
    }

    /** The default bias of nn.Linear and nn.Conv2d: U(-1/sqrt(fan_in), 1/sqrt(fan_in)), zeros when fan_in is 0. */
    public static Tensor defaultBias(Rng rng, int fanIn, DType dtype, int... shape) {
        if (fanIn <= 0) {
            return zeros(dtype, shape);
        }
        double bound = 1.0 / Math.sqrt(fanIn);
        return uniform(rng, -bound, bound, dtype, shape);
    }
}
