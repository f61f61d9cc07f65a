package org.learnedlr.tensor.conformance;

import java.util.Arrays;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/** Unary and binary elementwise primitives, clamp and where, on every layout and on odd, empty and 0-d shapes. */
public abstract class ElementwiseConformance extends ConformanceBase {

    /** Shapes every elementwise op runs on: 0-d, size 1, odd, empty, with size-1 axes, and a few longer ones. */
    protected static final int[][] SHAPES = {
            {}, {1}, {7}, {0}, {65}, {3, 1, 5}, {2, 0, 3}, {17, 33}, {1, 1}, {2, 3, 4, 5},
    };

    /** Pairs of shapes that broadcast together, including 0-d, empty and size-1 axes on either side. */
    protected static final int[][][] BROADCAST_PAIRS = {
            {{5}, {5}}, {{3, 4}, {4}}, {{4}, {3, 4}}, {{3, 1}, {1, 4}}, {{}, {2, 3}}, {{2, 3}, {}}, {{}, {}},
            {{2, 1, 3}, {4, 1}}, {{0, 3}, {1, 3}}, {{1}, {}}, {{7, 1, 1}, {1, 17, 1}}, {{2, 0}, {2, 1}},
            {{3, 5, 7}, {3, 5, 7}},
    };

    private static final Op[] UNARY = {Op.NEG, Op.EXP, Op.LOG, Op.SQRT, Op.ABS, Op.TANH, Op.SIGMOID, Op.RELU, Op.GELU};
    private static final Op[] BINARY = {Op.ADD, Op.SUB, Op.MUL, Op.DIV, Op.POW, Op.MAXIMUM, Op.MINIMUM,
            Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE};

    static Tensor apply(Op op, Tensor x) {
        return switch (op) {
            case NEG -> x.neg();
            case EXP -> x.exp();
            case LOG -> x.log();
            case SQRT -> x.sqrt();
            case ABS -> x.abs();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case RELU -> x.relu();
            case GELU -> x.gelu();
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    static Tensor apply(Op op, Tensor a, Tensor b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.pow(b);
            case MAXIMUM -> a.maximum(b);
            case MINIMUM -> a.minimum(b);
            case EQ -> a.eq(b);
            case NE -> a.ne(b);
            case LT -> a.lt(b);
            case LE -> a.le(b);
            case GT -> a.gt(b);
            case GE -> a.ge(b);
            default -> throw new IllegalArgumentException(op.name());
        };
    }

    /** Inputs inside each op's domain: log and sqrt on positive values, exp where float32 does not overflow. */
    private static DoubleSupplier unaryInputs(Op op, Rng rng) {
        return switch (op) {
            case LOG, SQRT -> uniform(rng, 0.01, 10);
            case EXP -> uniform(rng, -10, 10);
            default -> uniform(rng, -5, 5);
        };
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void unaryOpsMatchReference(DType dt, Layout layout) {
        Rng rng = new Rng(1);
        for (Op op : UNARY) {
            for (int[] shape : SHAPES) {
                Tensor x = make(layout, dt, shape, unaryInputs(op, rng));
                Tensor y = apply(op, x);
                assertDType(dt, y, op.name());
                assertClose(op + " of " + layout + " " + Arrays.toString(shape),
                        Reference.map(Reference.read(x), Reference.unary(op)), y, tolerance(dt));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void clampMatchesReference(DType dt, Layout layout) {
        Rng rng = new Rng(2);
        double[][] bounds = {{-0.5, 0.5}, {0, 0}, {Double.NEGATIVE_INFINITY, 0.3}, {-0.2, Double.POSITIVE_INFINITY},
                {-10, 10}, {1.5, 2.5}};
        for (double[] b : bounds) {
            for (int[] shape : SHAPES) {
                Tensor x = random(layout, dt, rng, -3, 3, shape);
                Tensor y = x.clamp(b[0], b[1]);
                assertDType(dt, y, "clamp");
                assertExact("clamp(" + b[0] + ", " + b[1] + ") of " + layout + " " + Arrays.toString(shape),
                        Reference.map(Reference.read(x), v -> round(dt, Math.min(Math.max(v, b[0]), b[1]))), y);
            }
        }
    }

    private static DoubleSupplier[] binaryInputs(Op op, Rng rng) {
        if (op.isComparison() || op == Op.MAXIMUM || op == Op.MINIMUM) {
            return new DoubleSupplier[]{integers(rng, -1, 1), integers(rng, -1, 1)};
        }
        if (op == Op.POW) {
            return new DoubleSupplier[]{uniform(rng, 0.1, 3), uniform(rng, -2, 2)};
        }
        if (op == Op.DIV) {
            DoubleSupplier magnitude = uniform(rng, 0.5, 2);
            return new DoubleSupplier[]{uniform(rng, -3, 3), () -> rng.nextInt(2) == 0 ? magnitude.getAsDouble()
                    : -magnitude.getAsDouble()};
        }
        return new DoubleSupplier[]{uniform(rng, -3, 3), uniform(rng, -3, 3)};
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void binaryOpsBroadcastAndMatchReference(DType dt, Layout layout) {
        Rng rng = new Rng(3);
        for (Op op : BINARY) {
            for (int[][] pair : BROADCAST_PAIRS) {
                DoubleSupplier[] in = binaryInputs(op, rng);
                Tensor a = make(layout, dt, pair[0], in[0]);
                // The second operand alternates between the same layout and a contiguous one.
                Tensor b = make(rng.nextInt(2) == 0 ? layout : Layout.CONTIGUOUS, dt, pair[1], in[1]);
                Tensor y = apply(op, a, b);
                assertDType(dt, y, op.name());
                Nd expected = Reference.zip(Reference.read(a), Reference.read(b), Reference.binary(op));
                String what = op + " of " + layout + " " + describe(pair[0], pair[1]);
                if (op.isComparison() || op == Op.MAXIMUM || op == Op.MINIMUM) {
                    assertExact(what, expected, y);
                } else {
                    assertClose(what, expected, y, tolerance(dt));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void powHandCases(DType dt) {
        Tensor base = tensor(dt, new double[]{-2, -2, -8, 0, 0, 4, 2, 1, -1}, 9);
        Tensor exponent = tensor(dt, new double[]{3, 2, 1.0 / 3, 0, -1, 0.5, -2, 5, 0.5}, 9);
        assertExact("pow", Nd.of(new double[]{-8, 4, Double.NaN, 1, Double.POSITIVE_INFINITY, 2, 0.25, 1, Double.NaN}, 9),
                base.pow(exponent));
        assertExact("pow(double)", Nd.of(new double[]{4, 4, 64, 0, 0, 16, 4, 1, 1}, 9), base.pow(2.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void comparisonsHandCases(DType dt) {
        Tensor a = tensor(dt, new double[]{1, 2, 3}, 3);
        Tensor b = tensor(dt, new double[]{2, 2, 2}, 3);
        assertExact("eq", Nd.of(new double[]{0, 1, 0}, 3), a.eq(b));
        assertExact("ne", Nd.of(new double[]{1, 0, 1}, 3), a.ne(b));
        assertExact("lt", Nd.of(new double[]{1, 0, 0}, 3), a.lt(b));
        assertExact("le", Nd.of(new double[]{1, 1, 0}, 3), a.le(b));
        assertExact("gt", Nd.of(new double[]{0, 0, 1}, 3), a.gt(b));
        assertExact("ge", Nd.of(new double[]{0, 1, 1}, 3), a.ge(b));
        assertExact("gt(double)", Nd.of(new double[]{0, 1, 1}, 3), a.gt(1.5));
        assertExact("lt(double)", Nd.of(new double[]{1, 1, 0}, 3), a.lt(2.5));
        assertDType(dt, a.eq(b), "eq");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void scalarOperandsBroadcast(DType dt) {
        Rng rng = new Rng(4);
        Tensor x = random(Layout.PERMUTED_NARROWED, dt, rng, 0.5, 2, 3, 4);
        Nd r = Reference.read(x);
        double t = tolerance(dt);
        double s = round(dt, 0.7);
        assertClose("add(double)", Reference.map(r, v -> v + s), x.add(0.7), t);
        assertClose("sub(double)", Reference.map(r, v -> v - s), x.sub(0.7), t);
        assertClose("mul(double)", Reference.map(r, v -> v * s), x.mul(0.7), t);
        assertClose("div(double)", Reference.map(r, v -> v / s), x.div(0.7), t);
        assertClose("pow(double)", Reference.map(r, v -> Math.pow(v, s)), x.pow(0.7), t);
        assertClose("square", Reference.map(r, v -> v * v), x.square(), t);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void whereSelectsAndBroadcasts(DType dt, Layout layout) {
        Rng rng = new Rng(5);
        int[][][] triples = {
                {{4, 5}, {4, 5}, {4, 5}}, {{3, 1}, {1, 4}, {}}, {{}, {2, 3}, {3}}, {{6}, {}, {6}},
                {{2, 0, 3}, {1, 3}, {2, 1, 1}}, {{7, 1, 9}, {1, 5, 1}, {7, 5, 9}}, {{}, {}, {}},
        };
        for (int[][] s : triples) {
            // Conditions include values other than 0 and 1: anything non-zero selects a.
            Tensor cond = make(layout, dt, s[0], integers(rng, -1, 2));
            Tensor a = random(layout, dt, rng, -3, 3, s[1]);
            Tensor b = random(Layout.CONTIGUOUS, dt, rng, 10, 20, s[2]);
            Tensor y = Tensor.where(cond, a, b);
            assertDType(dt, y, "where");
            assertExact("where of " + layout + " " + describe(s), Reference.where(Reference.read(cond),
                    Reference.read(a), Reference.read(b)), y);
        }
    }
}
