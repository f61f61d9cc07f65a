package org.learnedlr.tensor.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.provider.Arguments;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * The fixture every part of the conformance suite shares: the backend under test, the tolerances (all of them, in
 * one place), the dtype and layout parameter sources, tensor makers and the comparisons against {@link Reference}.
 *
 * <p>Tolerances. An elementwise result is compared relative to its magnitude with a floor of 1:
 * |got - expected| <= tol * max(1, |expected|), tol = {@link #tolerance(DType)}. A result accumulated over K terms
 * (sums, matrix products, convolutions, normalisations) is compared relative to the sum of the magnitudes of its
 * terms, with {@link #tolerance(DType, long)}, which grows like sqrt(K) past 256 terms. NaN must match NaN and an
 * infinity must match exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConformanceBase {

    /** The backend under test. */
    protected abstract Backend backend();

    /** Relative tolerance of an elementwise result: 1e-12 in FLOAT64, 1e-5 in FLOAT32. */
    protected double tolerance(DType dtype) {
        return dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
    }

    /**
     * Tolerance of a result accumulated over {@code terms} terms, relative to the sum of their magnitudes:
     * 1e-10 in FLOAT64, 1e-4 in FLOAT32, times max(1, sqrt(terms / 256)).
     */
    protected double tolerance(DType dtype, long terms) {
        double base = dtype == DType.FLOAT64 ? 1e-10 : 1e-4;
        return base * Math.max(1.0, Math.sqrt(terms / 256.0));
    }

    // ---- parameter sources ---------------------------------------------------------------------------------------

    /** The floating dtypes the backend supports, FLOAT32 first. */
    public Stream<DType> floatTypes() {
        return Stream.of(DType.FLOAT32, DType.FLOAT64).filter(d -> backend().dtypes().contains(d));
    }

    /** Every floating dtype with every layout. */
    public Stream<Arguments> floatTypesAndLayouts() {
        return floatTypes().flatMap(d -> Arrays.stream(Layout.values()).map(l -> Arguments.of(d, l)));
    }

    // ---- making tensors ------------------------------------------------------------------------------------------

    protected static DoubleSupplier uniform(Rng rng, double lo, double hi) {
        return () -> lo + (hi - lo) * rng.nextDouble();
    }

    /** Small integers in [lo, hi], so that ties and equal values are common. */
    protected static DoubleSupplier integers(Rng rng, int lo, int hi) {
        return () -> lo + rng.nextInt(hi - lo + 1);
    }

    protected Tensor make(Layout layout, DType dtype, int[] shape, DoubleSupplier values) {
        return layout.make(backend(), dtype, shape, values);
    }

    /** A uniform random tensor in [lo, hi) in the given layout. */
    protected Tensor random(Layout layout, DType dtype, Rng rng, double lo, double hi, int... shape) {
        return make(layout, dtype, shape, uniform(rng, lo, hi));
    }

    protected Tensor random(DType dtype, Rng rng, double lo, double hi, int... shape) {
        return random(Layout.CONTIGUOUS, dtype, rng, lo, hi, shape);
    }

    protected Tensor tensor(DType dtype, double[] values, int... shape) {
        return Tensor.of(backend(), dtype, values, shape);
    }

    protected Tensor ints(int[] values, int... shape) {
        return Tensor.ofInts(backend(), values, shape);
    }

    /** The value as the dtype stores it. */
    protected static double round(DType dtype, double v) {
        return switch (dtype) {
            case FLOAT32 -> (float) v;
            case FLOAT64 -> v;
            case INT32 -> (int) v;
        };
    }

    // ---- comparisons ---------------------------------------------------------------------------------------------

    /** Elementwise comparison, |got - expected| <= tol * max(1, |expected|). */
    protected void assertClose(String what, Nd expected, Tensor got, double tol) {
        assertClose(what, expected, got, tol, Reference.map(expected, Math::abs));
    }

    /** Comparison against a scale: |got - expected| <= tol * max(1, scale) element by element. */
    protected void assertClose(String what, Nd expected, Tensor got, double tol, Nd scale) {
        assertArrayEquals(expected.shape(), got.shape(), () -> what + ": shape");
        Nd actual = Reference.read(got);
        for (int i = 0; i < expected.numel(); i++) {
            double e = expected.data()[i];
            double a = actual.data()[i];
            boolean ok;
            if (Double.isNaN(e)) {
                ok = Double.isNaN(a);
            } else if (Double.isInfinite(e)) {
                ok = a == e;
            } else {
                ok = Math.abs(a - e) <= tol * Math.max(1.0, scale.data()[i]);
            }
            if (!ok) {
                int at = i;
                fail(() -> String.format(Locale.ROOT, "%s (%s, shape %s): element %d %s expected %s but got %s "
                                + "(difference %.3g, allowed %.3g)", what, got.dtype(), Arrays.toString(got.shape()),
                        at, Arrays.toString(Nd.unravel(at, expected.shape())), e, a, Math.abs(a - e),
                        tol * Math.max(1.0, scale.data()[at])));
            }
        }
    }

    /** Exact equality of values (NaN equals NaN; -0.0 equals 0.0). */
    protected void assertExact(String what, Nd expected, Tensor got) {
        assertArrayEquals(expected.shape(), got.shape(), () -> what + ": shape");
        Nd actual = Reference.read(got);
        for (int i = 0; i < expected.numel(); i++) {
            double e = expected.data()[i];
            double a = actual.data()[i];
            if (!(e == a || (Double.isNaN(e) && Double.isNaN(a)))) {
                int at = i;
                fail(() -> what + " (" + got.dtype() + ", shape " + Arrays.toString(got.shape()) + "): element " + at
                        + " " + Arrays.toString(Nd.unravel(at, expected.shape())) + " expected " + e + " but got " + a);
            }
        }
    }

    /** Bit-for-bit equality of two tensors' values, as their dtype stores them. */
    protected static void assertBitwise(String what, Tensor expected, Tensor got) {
        assertEquals(expected.dtype(), got.dtype(), what + ": dtype");
        assertArrayEquals(expected.shape(), got.shape(), what + ": shape");
        Nd e = Reference.read(expected);
        Nd a = Reference.read(got);
        for (int i = 0; i < e.numel(); i++) {
            if (Double.doubleToRawLongBits(e.data()[i]) != Double.doubleToRawLongBits(a.data()[i])) {
                fail(what + ": element " + i + " differs: " + e.data()[i] + " vs " + a.data()[i]);
            }
        }
    }

    protected static void assertDType(DType expected, Tensor t, String what) {
        assertEquals(expected, t.dtype(), what + ": dtype");
    }

    /** The op throws IllegalArgumentException whose message contains every fragment (case-insensitive). */
    protected static IllegalArgumentException assertRejected(Executable op, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, op);
        String message = String.valueOf(e.getMessage());
        for (String f : fragments) {
            assertTrue(message.toLowerCase(Locale.ROOT).contains(f.toLowerCase(Locale.ROOT)),
                    () -> "message \"" + message + "\" should mention \"" + f + "\"");
        }
        return e;
    }

    protected static String describe(int[]... shapes) {
        StringBuilder sb = new StringBuilder();
        for (int[] s : shapes) {
            sb.append(sb.length() == 0 ? "" : " x ").append(Arrays.toString(s));
        }
        return sb.toString();
    }
}
