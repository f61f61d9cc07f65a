package org.learnedlr.autograd;

import java.util.Arrays;
import java.util.Objects;

import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Shape;
import org.learnedlr.tensor.Tensor;

/**
 * Checks backward against central differences, in double precision: for every element x_j of every input,
 * (f(x + eps e_j) - f(x - eps e_j)) / (2 eps) must match dL/dx_j from {@link Var#backward()} within
 * {@code atol + rtol |numeric|} (NumPy's allclose). Inputs that are not FLOAT64 are cast to FLOAT64 first, so the
 * function must work in whatever dtype its inputs have. A function with a non-scalar output is checked through
 * L = sum(f(x) * w) with fixed random weights w: a plain sum would hide errors whose total is zero (softmax's
 * outputs always sum to 1, so a wrong softmax gradient could pass).
 *
 * <p>Choose points away from kinks (|x| at 0, relu at 0, ties of max): there the two sides differ and central
 * differences measure neither.
 *
 * <pre>{@code
 * GradCheck.check(v -> v[0].matmul(v[1]).tanh(), a, b).assertClose();
 * }</pre>
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** The function under test, of as many Vars as there are inputs. */
    @FunctionalInterface
    public interface Fn {
        Var apply(Var... inputs);
    }

    /**
     * Step, tolerances, and the seed of the projection weights.
     *
     * @param eps  the central-difference step (float64: around 1e-6)
     * @param atol the absolute tolerance
     * @param rtol the tolerance relative to the numeric gradient
     * @param seed the seed of the random weights w that reduce a non-scalar output to a scalar
     */
    public record Options(double eps, double atol, double rtol, long seed) {
        /** eps 1e-6, atol 1e-5, rtol 1e-3 (PyTorch's gradcheck defaults). */
        public static final Options DEFAULT = new Options(1e-6, 1e-5, 1e-3, 1234);

        public Options {
            if (!(eps > 0)) {
                throw new IllegalArgumentException("GradCheck.Options: eps must be > 0, got " + eps);
            }
            if (!(atol >= 0) || !(rtol >= 0)) {
                throw new IllegalArgumentException("GradCheck.Options: atol and rtol must be >= 0, got " + atol
                        + " and " + rtol);
            }
        }

        public Options withEps(double e) {
            return new Options(e, atol, rtol, seed);
        }

        public Options withTolerance(double absolute, double relative) {
            return new Options(eps, absolute, relative, seed);
        }
    }

    /**
     * The outcome: the largest absolute and relative errors over all elements, and the worst element (the one that
     * uses the largest share of its allowed error).
     *
     * @param maxAbsError   max |analytic - numeric| (infinite if either is NaN somewhere)
     * @param maxRelError   max |analytic - numeric| / max(|analytic|, |numeric|) (0 where both are 0)
     * @param passed        every element within atol + rtol |numeric|
     * @param worstInput    which input holds the worst element (-1 when the inputs are empty)
     * @param worstIndex    its index in that input
     * @param worstAnalytic the gradient from backward there
     * @param worstNumeric  the central difference there
     * @param options       the settings used
     */
    public record Result(double maxAbsError, double maxRelError, boolean passed, int worstInput, int[] worstIndex,
                         double worstAnalytic, double worstNumeric, Options options) {

        /** Throws an AssertionError describing the worst element unless the check passed; returns this. */
        public Result assertClose() {
            if (!passed) {
                throw new AssertionError("gradient check failed: " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return "input " + worstInput + " at " + Arrays.toString(worstIndex) + ": analytic " + worstAnalytic
                    + ", numeric " + worstNumeric + " (allowed " + options.atol() + " + " + options.rtol()
                    + " * |numeric|, eps " + options.eps() + "); max abs error " + maxAbsError + ", max rel error "
                    + maxRelError + (passed ? ", passed" : ", FAILED");
        }
    }

    public static Result check(Fn f, Tensor... inputs) {
        return check(f, Options.DEFAULT, inputs);
    }

    public static Result check(Fn f, Options options, Tensor... inputs) {
        Objects.requireNonNull(f, "GradCheck: function");
        if (inputs.length == 0) {
            throw new IllegalArgumentException("GradCheck: no inputs");
        }
        Backend backend = inputs[0].backend();
        Tensor[] x = new Tensor[inputs.length];
        double[][] data = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = inputs[i].cast(DType.FLOAT64);
            data[i] = x[i].toDoubleArray();
        }
        Tensor weights = projection(f, x, backend, options.seed());

        // Analytic: one backward.
        Var[] params = new Var[x.length];
        for (int i = 0; i < x.length; i++) {
            params[i] = Var.param(x[i]);
        }
        Var loss = scalarLoss(f.apply(params), weights);
        if (!loss.requiresGrad()) {
            throw new IllegalArgumentException("GradCheck: the function's output does not depend on its inputs"
                    + " through recorded ops");
        }
        loss.backward();

        // Numeric: two evaluations per element, recording nothing.
        double maxAbs = 0;
        double maxRel = 0;
        double worstRatio = -1;
        int worstInput = -1;
        int worstFlat = 0;
        double worstA = 0;
        double worstN = 0;
        boolean passed = true;
        for (int i = 0; i < x.length; i++) {
            double[] analytic = params[i].grad() == null ? new double[data[i].length]
                    : params[i].grad().toDoubleArray();
            int[] shape = x[i].shape();
            for (int j = 0; j < data[i].length; j++) {
                double saved = data[i][j];
                data[i][j] = saved + options.eps();
                double plus = evaluate(f, x, i, Tensor.of(backend, data[i], shape), weights);
                data[i][j] = saved - options.eps();
                double minus = evaluate(f, x, i, Tensor.of(backend, data[i], shape), weights);
                data[i][j] = saved;
                double numeric = (plus - minus) / (2 * options.eps());
                double a = analytic[j];
                double err = Math.abs(a - numeric);
                double allowed = options.atol() + options.rtol() * Math.abs(numeric);
                double scale = Math.max(Math.abs(a), Math.abs(numeric));
                double rel = scale == 0 ? 0 : err / scale;
                // The share of its allowance an element uses: above 1 fails; NaN counts as the worst failure.
                double ratio = Double.isNaN(err) ? Double.POSITIVE_INFINITY
                        : allowed > 0 ? err / allowed : (err == 0 ? 0 : Double.POSITIVE_INFINITY);
                passed &= ratio <= 1;
                maxAbs = Math.max(maxAbs, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
                maxRel = Math.max(maxRel, Double.isNaN(rel) ? Double.POSITIVE_INFINITY : rel);
                if (ratio > worstRatio) {
                    worstRatio = ratio;
                    worstInput = i;
                    worstFlat = j;
                    worstA = a;
                    worstN = numeric;
                }
            }
        }
        int[] worstIndex = worstInput < 0 ? new int[0] : unflatten(worstFlat, x[worstInput].shape());
        return new Result(maxAbs, maxRel, passed, worstInput, worstIndex, worstA, worstN, options);
    }

    /** f with input i replaced, evaluated without a graph. */
    @SuppressWarnings("try")
    private static double evaluate(Fn f, Tensor[] x, int i, Tensor replaced, Tensor weights) {
        Var[] constants = new Var[x.length];
        for (int k = 0; k < x.length; k++) {
            constants[k] = Var.constant(k == i ? replaced : x[k]);
        }
        try (NoGrad ignored = NoGrad.enter()) {
            return scalarLoss(f.apply(constants), weights).item();
        }
    }

    /** Random weights of the output's shape (null for a one-element output, which is used as it is). */
    @SuppressWarnings("try")
    private static Tensor projection(Fn f, Tensor[] x, Backend backend, long seed) {
        Var[] constants = new Var[x.length];
        for (int k = 0; k < x.length; k++) {
            constants[k] = Var.constant(x[k]);
        }
        Var out;
        try (NoGrad ignored = NoGrad.enter()) {
            out = f.apply(constants);
        }
        if (out.numel() == 1) {
            return null;
        }
        return Tensor.normal(backend, new Rng(seed), 0.0, 1.0, out.dtype(), out.shape());
    }

    private static Var scalarLoss(Var out, Tensor weights) {
        return weights == null ? out.sum() : out.mul(Var.constant(weights)).sum();
    }

    private static int[] unflatten(int flat, int[] shape) {
        int[] index = new int[shape.length];
        int[] strides = Shape.contiguousStrides(shape);
        for (int d = 0; d < shape.length; d++) {
            index[d] = flat / strides[d];
            flat %= strides[d];
        }
        return index;
    }
}
