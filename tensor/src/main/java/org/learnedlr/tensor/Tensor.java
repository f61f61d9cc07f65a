package org.learnedlr.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array: a shape, strides and an offset into a {@link Storage} owned by a {@link Backend}. Tensors
 * are immutable values as far as their metadata goes; views (reshape, permute, narrow, expand, ...) share storage
 * and copy nothing. Every operation is out of place, except those named as in-place ({@link #copyFrom},
 * {@link #fill}). A tensor knows nothing of gradients: autograd wraps it.
 *
 * <p>Arguments are checked here, once, before a backend is called: a bad shape, axis or dtype mix is an
 * {@link IllegalArgumentException} naming the operation and the shapes. NaN and infinities propagate as IEEE 754
 * says; nothing throws on them.
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    private Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ---- construction (for backends) -----------------------------------------------------------------------------

    /** A contiguous tensor over a whole storage (used by backends to return results). */
    public static Tensor wrap(Storage storage, int... shape) {
        int[] s = Shape.checkSizes("wrap", shape);
        if (Shape.numel(s) != storage.length()) {
            throw new IllegalArgumentException("wrap: shape " + Arrays.toString(shape) + " needs " + Shape.numel(s)
                    + " elements but the storage has " + storage.length());
        }
        return new Tensor(storage, s, Shape.contiguousStrides(s), 0);
    }

    /** A view with explicit strides and offset (used by backends and views). Bounds are the caller's duty. */
    public static Tensor view(Storage storage, int[] shape, int[] strides, int offset) {
        return new Tensor(storage, shape.clone(), strides.clone(), offset);
    }

    // ---- factories -----------------------------------------------------------------------------------------------

    public static Tensor zeros(int... shape) {
        return zeros(Backends.defaultBackend(), DType.FLOAT32, shape);
    }

    public static Tensor zeros(DType dtype, int... shape) {
        return zeros(Backends.defaultBackend(), dtype, shape);
    }

    public static Tensor zeros(Backend backend, DType dtype, int... shape) {
        return allocate("zeros", backend, dtype, shape);
    }

    private static Tensor allocate(String op, Backend backend, DType dtype, int[] shape) {
        return allocate(op, backend, dtype, shape, true);
    }

    /** A new contiguous tensor, zero-filled or (for a caller that writes every element) of unspecified contents. */
    private static Tensor allocate(String op, Backend backend, DType dtype, int[] shape, boolean zeroed) {
        int[] s = Shape.checkSizes(op, shape);
        checkDType(op, backend, dtype);
        int n = Shape.numel(s);
        Storage storage = zeroed ? backend.allocate(dtype, n) : backend.allocateUninitialized(dtype, n);
        return new Tensor(storage, s, Shape.contiguousStrides(s), 0);
    }

    public static Tensor ones(int... shape) {
        return full(1.0, DType.FLOAT32, shape);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return full(1.0, dtype, shape);
    }

    public static Tensor full(double value, DType dtype, int... shape) {
        return full(Backends.defaultBackend(), value, dtype, shape);
    }

    public static Tensor full(Backend backend, double value, DType dtype, int... shape) {
        if (Double.doubleToRawLongBits(value) == 0) {
            return allocate("full", backend, dtype, shape);  // +0.0: the zero-filled storage is the answer
        }
        Tensor t = allocate("full", backend, dtype, shape, false);
        backend.fill(t, value);
        return t;
    }

    /** A 0-dimensional tensor. */
    public static Tensor scalar(double value) {
        return full(value, DType.FLOAT32);
    }

    public static Tensor scalar(Backend backend, DType dtype, double value) {
        return full(backend, value, dtype);
    }

    /** FLOAT32 tensor holding a copy of {@code data} in row-major order. */
    public static Tensor of(float[] data, int... shape) {
        return of(Backends.defaultBackend(), data, shape);
    }

    public static Tensor of(Backend backend, float[] data, int... shape) {
        int[] s = checkData("of", data.length, shape);
        checkDType("of", backend, DType.FLOAT32);
        return new Tensor(backend.upload(data), s, Shape.contiguousStrides(s), 0);
    }

    /** FLOAT64 tensor holding a copy of {@code data}. */
    public static Tensor of(double[] data, int... shape) {
        return of(Backends.defaultBackend(), data, shape);
    }

    public static Tensor of(Backend backend, double[] data, int... shape) {
        int[] s = checkData("of", data.length, shape);
        checkDType("of", backend, DType.FLOAT64);
        return new Tensor(backend.upload(data), s, Shape.contiguousStrides(s), 0);
    }

    /** INT32 tensor holding a copy of {@code data}. */
    public static Tensor ofInts(int[] data, int... shape) {
        return ofInts(Backends.defaultBackend(), data, shape);
    }

    public static Tensor ofInts(Backend backend, int[] data, int... shape) {
        int[] s = checkData("ofInts", data.length, shape);
        return new Tensor(backend.upload(data), s, Shape.contiguousStrides(s), 0);
    }

    /** Values of {@code data} as the given dtype. */
    public static Tensor of(Backend backend, DType dtype, double[] data, int... shape) {
        return switch (dtype) {
            case FLOAT64 -> of(backend, data, shape);
            case FLOAT32 -> {
                float[] f = new float[data.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) data[i];
                }
                yield of(backend, f, shape);
            }
            case INT32 -> {
                int[] n = new int[data.length];
                for (int i = 0; i < n.length; i++) {
                    n[i] = (int) data[i];
                }
                yield ofInts(backend, n, shape);
            }
        };
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n, DType dtype) {
        return arange(Backends.defaultBackend(), n, dtype);
    }

    public static Tensor arange(Backend backend, int n, DType dtype) {
        if (n < 0) {
            throw new IllegalArgumentException("arange: negative length " + n);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i;
        }
        return of(backend, dtype, d, n);
    }

    /** Uniform samples in [lo, hi) from the given generator, drawn in row-major order. */
    public static Tensor uniform(Backend backend, Rng rng, double lo, double hi, DType dtype, int... shape) {
        int n = Shape.numel(Shape.checkSizes("uniform", shape));
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return of(backend, floatingOnly("uniform", dtype), d, shape);
    }

    public static Tensor uniform(Rng rng, double lo, double hi, DType dtype, int... shape) {
        return uniform(Backends.defaultBackend(), rng, lo, hi, dtype, shape);
    }

    /** Normal samples with the given mean and standard deviation, drawn in row-major order. */
    public static Tensor normal(Backend backend, Rng rng, double mean, double std, DType dtype, int... shape) {
        int n = Shape.numel(Shape.checkSizes("normal", shape));
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = mean + std * rng.nextGaussian();
        }
        return of(backend, floatingOnly("normal", dtype), d, shape);
    }

    public static Tensor normal(Rng rng, double mean, double std, DType dtype, int... shape) {
        return normal(Backends.defaultBackend(), rng, mean, std, dtype, shape);
    }

    private static int[] checkData(String op, int length, int[] shape) {
        int[] s = Shape.checkSizes(op, shape);
        if (Shape.numel(s) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Arrays.toString(shape)
                    + " (" + Shape.numel(s) + " elements)");
        }
        return s;
    }

    private static void checkDType(String op, Backend backend, DType dtype) {
        if (!backend.dtypes().contains(dtype)) {
            throw new IllegalArgumentException(op + ": backend " + backend.name() + " does not support " + dtype);
        }
    }

    private static DType floatingOnly(String op, DType dtype) {
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": needs a floating dtype, got " + dtype);
        }
        return dtype;
    }

    // ---- metadata ------------------------------------------------------------------------------------------------

    public Backend backend() {
        return storage.backend();
    }

    public Storage storage() {
        return storage;
    }

    public DType dtype() {
        return storage.dtype();
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** A copy of the strides, in elements. */
    public int[] strides() {
        return strides.clone();
    }

    public int offset() {
        return offset;
    }

    public int dim() {
        return shape.length;
    }

    public int size(int axis) {
        return shape[Shape.axis("size", axis, shape)];
    }

    public int numel() {
        return Shape.numel(shape);
    }

    /** Row-major and dense (offset may be non-zero). */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    // ---- copy-out ------------------------------------------------------------------------------------------------

    /** The elements in row-major order, converted to float. */
    public float[] toFloatArray() {
        Tensor c = dtype() == DType.FLOAT32 ? contiguous() : cast(DType.FLOAT32);
        return c.backend().readFloats(c.storage, c.offset, c.numel());
    }

    /** The elements in row-major order, converted to double. */
    public double[] toDoubleArray() {
        if (dtype() == DType.FLOAT64 || backend().dtypes().contains(DType.FLOAT64)) {
            Tensor c = dtype() == DType.FLOAT64 ? contiguous() : cast(DType.FLOAT64);
            return c.backend().readDoubles(c.storage, c.offset, c.numel());
        }
        // A backend without FLOAT64 (OpenCL): read in the tensor's own type and widen on the host.
        double[] out = new double[numel()];
        if (dtype() == DType.INT32) {
            int[] v = toIntArray();
            for (int i = 0; i < out.length; i++) {
                out[i] = v[i];
            }
        } else {
            float[] v = toFloatArray();
            for (int i = 0; i < out.length; i++) {
                out[i] = v[i];
            }
        }
        return out;
    }

    /** The elements in row-major order, converted to int (floats truncate toward zero). */
    public int[] toIntArray() {
        Tensor c = dtype() == DType.INT32 ? contiguous() : cast(DType.INT32);
        return c.backend().readInts(c.storage, c.offset, c.numel());
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: tensor of shape " + Arrays.toString(shape) + " has " + numel()
                    + " elements, not 1");
        }
        return toDoubleArray()[0];
    }

    /** One element by index. */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: index of rank " + index.length + " for shape " + Arrays.toString(shape));
        }
        Tensor t = this;
        for (int i = index.length - 1; i >= 0; i--) {
            t = t.narrow(i, index[i], 1);
        }
        return t.item();
    }

    /** The same values on another backend. */
    public Tensor to(Backend target) {
        if (target == backend()) {
            return this;
        }
        return switch (dtype()) {
            case FLOAT32 -> of(target, toFloatArray(), shape);
            case FLOAT64 -> of(target, toDoubleArray(), shape);
            case INT32 -> ofInts(target, toIntArray(), shape);
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(").append(dtype()).append(", ").append(Arrays.toString(shape));
        int n = numel();
        if (n <= 16) {
            sb.append(", ").append(Arrays.toString(toDoubleArray()));
        }
        return sb.append(')').toString();
    }

    // ---- views ---------------------------------------------------------------------------------------------------

    /** Same elements, new shape; one size may be -1. Copies only when the strides cannot express the new shape. */
    public Tensor reshape(int... newShape) {
        int[] s = inferShape(newShape);
        if (Arrays.equals(s, shape)) {
            return this;
        }
        Tensor base = isContiguous() ? this : contiguous();
        return new Tensor(base.storage, s, Shape.contiguousStrides(s), base.offset);
    }

    private int[] inferShape(int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw new IllegalArgumentException("reshape: more than one -1 in " + Arrays.toString(newShape));
                }
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException("reshape: negative size in " + Arrays.toString(newShape));
            } else {
                known *= s[i];
            }
        }
        int n = numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + Arrays.toString(shape) + " into "
                        + Arrays.toString(newShape));
            }
            s[infer] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException("reshape: cannot reshape " + Arrays.toString(shape) + " ("
                    + n + " elements) into " + Arrays.toString(newShape));
        }
        return s;
    }

    /** Reorders axes: result axis i is this tensor's axis {@code order[i]}. */
    public Tensor permute(int... order) {
        if (order.length != shape.length) {
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " for shape "
                    + Arrays.toString(shape));
        }
        int[] s = new int[order.length];
        int[] st = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int a = Shape.axis("permute", order[i], shape.length);
            if (seen[a]) {
                throw new IllegalArgumentException("permute: axis " + order[i] + " repeated in " + Arrays.toString(order));
            }
            seen[a] = true;
            s[i] = shape[a];
            st[i] = strides[a];
        }
        return new Tensor(storage, s, st, offset);
    }

    /** Swaps two axes. */
    public Tensor transpose(int axis0, int axis1) {
        int a = Shape.axis("transpose", axis0, shape);
        int b = Shape.axis("transpose", axis1, shape);
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        order[a] = b;
        order[b] = a;
        return permute(order);
    }

    /** Elements {@code start .. start+length-1} along one axis. */
    public Tensor narrow(int axis, int start, int length) {
        int a = Shape.axis("narrow", axis, shape);
        if (start < 0 || length < 0 || start + length > shape[a]) {
            throw new IllegalArgumentException("narrow: range [" + start + ", " + (start + length) + ") is outside axis "
                    + axis + " of size " + shape[a] + " in shape " + Arrays.toString(shape));
        }
        int[] s = shape.clone();
        s[a] = length;
        return new Tensor(storage, s, strides.clone(), offset + (length == 0 ? 0 : start * strides[a]));
    }

    /** Broadcasts size-1 axes (and new leading axes) to a larger shape without copying: stride 0. */
    public Tensor expand(int... newShape) {
        if (newShape.length < shape.length) {
            throw new IllegalArgumentException("expand: cannot expand " + Arrays.toString(shape) + " to fewer axes "
                    + Arrays.toString(newShape));
        }
        int lead = newShape.length - shape.length;
        int[] st = new int[newShape.length];
        for (int i = 0; i < newShape.length; i++) {
            if (i < lead) {
                if (newShape[i] < 0) {
                    throw new IllegalArgumentException("expand: negative size in " + Arrays.toString(newShape));
                }
                st[i] = 0;
                continue;
            }
            int old = shape[i - lead];
            if (newShape[i] == old) {
                st[i] = strides[i - lead];
            } else if (old == 1 && newShape[i] >= 0) {
                st[i] = 0;
            } else {
                throw new IllegalArgumentException("expand: cannot expand " + Arrays.toString(shape) + " to "
                        + Arrays.toString(newShape));
            }
        }
        if (Arrays.equals(newShape, shape)) {
            return this;
        }
        return new Tensor(storage, newShape.clone(), st, offset);
    }

    /** Inserts a size-1 axis at {@code axis} (which may equal the rank). */
    public Tensor unsqueeze(int axis) {
        int a = Shape.axis("unsqueeze", axis, shape.length + 1);
        int[] s = new int[shape.length + 1];
        int[] st = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i == a) {
                s[i] = 1;
                st[i] = j < shape.length ? strides[j] * shape[j] : 1;
            } else {
                s[i] = shape[j];
                st[i] = strides[j];
                j++;
            }
        }
        return new Tensor(storage, s, st, offset);
    }

    /** Removes a size-1 axis. */
    public Tensor squeeze(int axis) {
        int a = Shape.axis("squeeze", axis, shape);
        if (shape[a] != 1) {
            throw new IllegalArgumentException("squeeze: axis " + axis + " has size " + shape[a] + ", not 1, in shape "
                    + Arrays.toString(shape));
        }
        int[] s = new int[shape.length - 1];
        int[] st = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != a) {
                s[j] = shape[i];
                st[j] = strides[i];
                j++;
            }
        }
        return new Tensor(storage, s, st, offset);
    }

    /** Merges axes {@code start..end} (inclusive) into one. */
    public Tensor flatten(int start, int end) {
        int a = Shape.axis("flatten", start, shape);
        int b = Shape.axis("flatten", end, shape);
        if (b < a) {
            throw new IllegalArgumentException("flatten: end axis " + end + " before start axis " + start);
        }
        int[] s = new int[shape.length - (b - a)];
        int k = 0;
        for (int i = 0; i < a; i++) {
            s[k++] = shape[i];
        }
        int m = 1;
        for (int i = a; i <= b; i++) {
            m *= shape[i];
        }
        s[k++] = m;
        for (int i = b + 1; i < shape.length; i++) {
            s[k++] = shape[i];
        }
        return reshape(s);
    }

    /** This tensor if already contiguous, otherwise a contiguous copy. */
    public Tensor contiguous() {
        if (isContiguous()) {
            return this;
        }
        Tensor out = zeros(backend(), dtype(), shape);
        backend().copyInto(this, out);
        return out;
    }

    /** A contiguous copy, always. */
    public Tensor copy() {
        Tensor out = zeros(backend(), dtype(), shape);
        backend().copyInto(this, out);
        return out;
    }

    // ---- in-place ------------------------------------------------------------------------------------------------

    /**
     * In place: this[p] = src[p] (src is broadcast to this shape). Returns this. A destination whose elements
     * overlap (a broadcast view) is rejected; a source sharing this tensor's storage is copied first, so aliasing
     * never corrupts the result.
     */
    public Tensor copyFrom(Tensor src) {
        sameBackend("copyFrom", src);
        for (int i = 0; i < shape.length; i++) {
            if (strides[i] == 0 && shape[i] > 1) {
                throw new IllegalArgumentException("copyFrom: destination of shape " + Arrays.toString(shape)
                        + " is a broadcast view whose elements overlap (stride 0 on axis " + i + ")");
            }
        }
        if (src.dtype() != dtype()) {
            src = src.cast(dtype());
        } else if (src.storage == storage) {
            src = src.copy();
        }
        Shape.broadcast("copyFrom", src.shape, shape);
        backend().copyInto(src.expand(shape), this);
        return this;
    }

    /** In place: every element set to {@code value}. Returns this. */
    public Tensor fill(double value) {
        backend().fill(this, value);
        return this;
    }

    // ---- elementwise ---------------------------------------------------------------------------------------------

    private Tensor unary(Op op) {
        floating(op.name().toLowerCase(), this);
        return backend().unary(op, this);
    }

    public Tensor neg() {
        return unary(Op.NEG);
    }

    public Tensor exp() {
        return unary(Op.EXP);
    }

    public Tensor log() {
        return unary(Op.LOG);
    }

    public Tensor sqrt() {
        return unary(Op.SQRT);
    }

    public Tensor abs() {
        return unary(Op.ABS);
    }

    public Tensor tanh() {
        return unary(Op.TANH);
    }

    public Tensor sigmoid() {
        return unary(Op.SIGMOID);
    }

    public Tensor relu() {
        return unary(Op.RELU);
    }

    /** GELU, tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    public Tensor gelu() {
        return unary(Op.GELU);
    }

    public Tensor clamp(double lo, double hi) {
        floating("clamp", this);
        if (lo > hi) {
            throw new IllegalArgumentException("clamp: lower bound " + lo + " exceeds upper bound " + hi);
        }
        return backend().clamp(this, lo, hi);
    }

    /** x * x. */
    public Tensor square() {
        return mul(this);
    }

    /** Applies a binary primitive with NumPy broadcasting. */
    public Tensor binary(Op op, Tensor other) {
        String name = op.name().toLowerCase();
        sameBackend(name, other);
        floating(name, this);
        if (other.dtype() != dtype()) {
            throw new IllegalArgumentException(name + ": dtype mismatch " + dtype() + " vs " + other.dtype()
                    + " for shapes " + Shape.describe(shape, other.shape));
        }
        int[] out = Shape.broadcast(name, shape, other.shape);
        return backend().binary(op, expand(out), other.expand(out));
    }

    private Tensor scalarLike(double v) {
        return scalar(backend(), dtype(), v);
    }

    public Tensor add(Tensor o) {
        return binary(Op.ADD, o);
    }

    public Tensor add(double v) {
        return binary(Op.ADD, scalarLike(v));
    }

    public Tensor sub(Tensor o) {
        return binary(Op.SUB, o);
    }

    public Tensor sub(double v) {
        return binary(Op.SUB, scalarLike(v));
    }

    public Tensor mul(Tensor o) {
        return binary(Op.MUL, o);
    }

    public Tensor mul(double v) {
        return binary(Op.MUL, scalarLike(v));
    }

    public Tensor div(Tensor o) {
        return binary(Op.DIV, o);
    }

    public Tensor div(double v) {
        return binary(Op.DIV, scalarLike(v));
    }

    public Tensor pow(Tensor o) {
        return binary(Op.POW, o);
    }

    public Tensor pow(double v) {
        return binary(Op.POW, scalarLike(v));
    }

    public Tensor maximum(Tensor o) {
        return binary(Op.MAXIMUM, o);
    }

    public Tensor minimum(Tensor o) {
        return binary(Op.MINIMUM, o);
    }

    public Tensor eq(Tensor o) {
        return binary(Op.EQ, o);
    }

    public Tensor ne(Tensor o) {
        return binary(Op.NE, o);
    }

    public Tensor lt(Tensor o) {
        return binary(Op.LT, o);
    }

    public Tensor le(Tensor o) {
        return binary(Op.LE, o);
    }

    public Tensor gt(Tensor o) {
        return binary(Op.GT, o);
    }

    public Tensor ge(Tensor o) {
        return binary(Op.GE, o);
    }

    public Tensor gt(double v) {
        return binary(Op.GT, scalarLike(v));
    }

    public Tensor lt(double v) {
        return binary(Op.LT, scalarLike(v));
    }

    /** cond != 0 ? a : b, all three broadcast together. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        a.sameBackend("where", cond);
        a.sameBackend("where", b);
        floating("where", a);
        if (a.dtype() != b.dtype() || cond.dtype() != a.dtype()) {
            throw new IllegalArgumentException("where: dtype mismatch " + cond.dtype() + ", " + a.dtype() + ", "
                    + b.dtype());
        }
        int[] out = Shape.broadcast("where", cond.shape, a.shape, b.shape);
        return a.backend().where(cond.expand(out), a.expand(out), b.expand(out));
    }

    /** Converts to another dtype. */
    public Tensor cast(DType target) {
        if (target == dtype()) {
            return this;
        }
        checkDType("cast", backend(), target);
        return backend().cast(this, target);
    }

    // ---- reductions ----------------------------------------------------------------------------------------------

    /** Sum of all elements, as a 0-d tensor. */
    public Tensor sum() {
        return sum(new int[0], false);
    }

    /** Sum over the given axes (all when empty). */
    public Tensor sum(int[] axes, boolean keepDim) {
        return reduce(Op.SUM, "sum", axes, keepDim);
    }

    public Tensor sum(int axis, boolean keepDim) {
        return sum(new int[]{axis}, keepDim);
    }

    /** Maximum over the given axes (all when empty). */
    public Tensor max(int[] axes, boolean keepDim) {
        return reduce(Op.MAX, "max", axes, keepDim);
    }

    /** Minimum over the given axes, as -max(-x). */
    public Tensor min(int[] axes, boolean keepDim) {
        return neg().max(axes, keepDim).neg();
    }

    private Tensor reduce(Op op, String name, int[] axes, boolean keepDim) {
        floating(name, this);
        int[] a = Shape.axes(name, axes, shape.length);
        if (shape.length == 0) {
            return this;
        }
        if (op == Op.MAX) {
            for (int ax : a) {
                if (shape[ax] == 0) {
                    throw new IllegalArgumentException("max: cannot reduce an empty axis " + ax + " of shape "
                            + Arrays.toString(shape));
                }
            }
        }
        return backend().reduce(op, this, a, keepDim);
    }

    /**
     * g GELU'(this): the gradient of {@link #gelu()} at this tensor for an output gradient {@code g} of the same
     * shape, in one pass where fused.
     */
    public Tensor geluGrad(Tensor g) {
        checkGradientOf("geluGrad", g);
        return backend().geluGrad(g, this);
    }

    /** g (this > 0): ReLU's gradient at this input for an output gradient g of the same shape, in one pass. */
    public Tensor reluGrad(Tensor g) {
        checkGradientOf("reluGrad", g);
        return backend().reluGrad(g, this);
    }

    /** An output gradient for this input must be of its shape and dtype. */
    private void checkGradientOf(String op, Tensor g) {
        floating(op, this);
        sameBackend(op, g);
        if (!Arrays.equals(shape(), g.shape()) || g.dtype() != dtype()) {
            throw new IllegalArgumentException(op + ": gradient " + g.dtype() + Arrays.toString(g.shape())
                    + " does not match input " + dtype() + Arrays.toString(shape()));
        }
    }

    /** The sum of the squares of all elements, as a 0-d tensor (the squared L2 norm), in one pass where fused. */
    public Tensor sumOfSquares() {
        floating("sumOfSquares", this);
        return backend().sumOfSquares(this);
    }

    /**
     * The sums of squares of several tensors as one vector of their dtype (element i: xs[i].sumOfSquares()), made
     * on their backend in one go, so that a device returns them in one read.
     */
    public static Tensor sumsOfSquares(List<Tensor> xs) {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("sumsOfSquares: needs at least one tensor");
        }
        Tensor first = xs.get(0);
        for (int i = 0; i < xs.size(); i++) {
            Tensor x = xs.get(i);
            floating("sumsOfSquares", x);
            first.sameBackend("sumsOfSquares", x);
            if (x.dtype() != first.dtype()) {
                throw new IllegalArgumentException("sumsOfSquares: tensor " + i + " is " + x.dtype()
                        + ", tensor 0 is " + first.dtype());
            }
        }
        return first.backend().sumsOfSquares(xs);
    }

    /** Mean over the given axes (all when empty). */
    public Tensor mean(int[] axes, boolean keepDim) {
        int[] a = Shape.axes("mean", axes, shape.length);
        long n = 1;
        for (int ax : a) {
            n *= shape[ax];
        }
        return sum(a, keepDim).div((double) n);
    }

    public Tensor mean() {
        return mean(new int[0], false);
    }

    /** Variance over the given axes with Bessel's correction {@code correction} (0 = biased, 1 = unbiased). */
    public Tensor var(int[] axes, boolean keepDim, int correction) {
        int[] a = Shape.axes("var", axes, shape.length);
        long n = 1;
        for (int ax : a) {
            n *= shape[ax];
        }
        Tensor centred = sub(mean(a, true));
        return centred.square().sum(a, keepDim).div((double) Math.max(n - correction, 0));
    }

    /** Index of the first maximum along one axis, INT32. */
    public Tensor argmax(int axis, boolean keepDim) {
        floating("argmax", this);
        int a = Shape.axis("argmax", axis, shape);
        if (shape[a] == 0) {
            throw new IllegalArgumentException("argmax: axis " + axis + " is empty in shape " + Arrays.toString(shape));
        }
        return backend().argmax(this, a, keepDim);
    }

    /** Sums over the axes along which {@code target} was broadcast to reach this shape (the adjoint of expand). */
    public Tensor sumToShape(int[] target) {
        if (Arrays.equals(target, shape)) {
            return this;
        }
        int lead = shape.length - target.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumToShape: " + Arrays.toString(shape) + " has fewer axes than "
                    + Arrays.toString(target));
        }
        List<Integer> axes = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            if (i < lead || (target[i - lead] == 1 && shape[i] != 1)) {
                axes.add(i);
            } else if (target[i - lead] != shape[i]) {
                throw new IllegalArgumentException("sumToShape: " + Arrays.toString(shape) + " is not a broadcast of "
                        + Arrays.toString(target));
            }
        }
        Tensor r = axes.isEmpty() ? this : sum(axes.stream().mapToInt(Integer::intValue).toArray(), true);
        return r.reshape(target);
    }

    // ---- linear algebra and indexing -----------------------------------------------------------------------------

    /** Batched matrix product [..., M, K] x [..., K, N] -> [..., M, N]; batch axes broadcast. */
    public Tensor matmul(Tensor other) {
        sameBackend("matmul", other);
        floating("matmul", this);
        if (dtype() != other.dtype()) {
            throw new IllegalArgumentException("matmul: dtype mismatch " + dtype() + " vs " + other.dtype());
        }
        if (dim() < 2 || other.dim() < 2) {
            throw new IllegalArgumentException("matmul: needs operands of rank >= 2, got shapes "
                    + Shape.describe(shape, other.shape));
        }
        int m = shape[dim() - 2];
        int k = shape[dim() - 1];
        int k2 = other.shape[other.dim() - 2];
        int n = other.shape[other.dim() - 1];
        if (k != k2) {
            throw new IllegalArgumentException("matmul: inner sizes differ (" + k + " vs " + k2 + ") for shapes "
                    + Shape.describe(shape, other.shape));
        }
        int[] batch = Shape.broadcast("matmul", Arrays.copyOf(shape, dim() - 2),
                Arrays.copyOf(other.shape, other.dim() - 2));
        int[] sa = Arrays.copyOf(batch, batch.length + 2);
        sa[batch.length] = m;
        sa[batch.length + 1] = k;
        int[] sb = Arrays.copyOf(batch, batch.length + 2);
        sb[batch.length] = k;
        sb[batch.length + 1] = n;
        return backend().matmul(expand(sa), other.expand(sb));
    }

    /** out[p] = this[p with p[axis] = index[p]]; index is INT32 with this tensor's rank. */
    public Tensor gather(int axis, Tensor index) {
        sameBackend("gather", index);
        int a = Shape.axis("gather", axis, shape);
        checkIndex("gather", a, index, shape);
        return backend().gather(this, a, index);
    }

    /** zeros(shape) with out[p with p[axis] = index[p]] += src[p]. */
    public static Tensor scatterAdd(int[] shape, int axis, Tensor index, Tensor src) {
        src.sameBackend("scatterAdd", index);
        floating("scatterAdd", src);
        int a = Shape.axis("scatterAdd", axis, shape);
        checkIndex("scatterAdd", a, index, shape);
        if (!Arrays.equals(index.shape, src.shape)) {
            throw new IllegalArgumentException("scatterAdd: index shape " + Arrays.toString(index.shape)
                    + " differs from source shape " + Arrays.toString(src.shape));
        }
        return src.backend().scatterAdd(Shape.checkSizes("scatterAdd", shape), a, index, src);
    }

    private static void checkIndex(String op, int axis, Tensor index, int[] shape) {
        if (index.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + ": index must be INT32, got " + index.dtype());
        }
        if (index.dim() != shape.length) {
            throw new IllegalArgumentException(op + ": index of shape " + Arrays.toString(index.shape)
                    + " must have the rank of " + Arrays.toString(shape));
        }
        for (int i = 0; i < shape.length; i++) {
            if (i != axis && index.shape[i] > shape[i]) {
                throw new IllegalArgumentException(op + ": index shape " + Arrays.toString(index.shape)
                        + " exceeds " + Arrays.toString(shape) + " on axis " + i);
            }
        }
        if (index.numel() == 0) {
            return;
        }
        if (!index.backend().allInRange(index, shape[axis])) {
            for (int v : index.toIntArray()) {    // the error path: find the value to name
                if (v < 0 || v >= shape[axis]) {
                    throw new IllegalArgumentException(op + ": index " + v + " is out of range for axis " + axis
                            + " of size " + shape[axis]);
                }
            }
            throw new IllegalStateException(op + ": the backend found an index out of range for axis " + axis
                    + " of size " + shape[axis] + ", but none is");
        }
    }

    /** Rows (or slices) picked by a 1-d INT32 index along one axis. */
    public Tensor indexSelect(int axis, Tensor index) {
        int a = Shape.axis("indexSelect", axis, shape);
        if (index.dim() != 1) {
            throw new IllegalArgumentException("indexSelect: index must be 1-d, got " + Arrays.toString(index.shape));
        }
        int[] viewShape = new int[shape.length];
        Arrays.fill(viewShape, 1);
        viewShape[a] = index.size(0);
        int[] out = shape.clone();
        out[a] = index.size(0);
        return gather(a, index.reshape(viewShape).expand(out));
    }

    /** Joins tensors along an existing axis. */
    public static Tensor concat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        Tensor first = parts.get(0);
        int a = Shape.axis("concat", axis, first.dim());
        for (Tensor t : parts) {
            first.sameBackend("concat", t);
            if (t.dtype() != first.dtype() || t.dim() != first.dim()) {
                throw new IllegalArgumentException("concat: tensors of shapes " + Arrays.toString(first.shape) + " ("
                        + first.dtype() + ") and " + Arrays.toString(t.shape) + " (" + t.dtype() + ") cannot be joined");
            }
            for (int i = 0; i < t.dim(); i++) {
                if (i != a && t.shape[i] != first.shape[i]) {
                    throw new IllegalArgumentException("concat: shapes " + Shape.describe(first.shape, t.shape)
                            + " differ outside axis " + axis);
                }
            }
        }
        return first.backend().concat(parts, a);
    }

    /** Joins tensors of equal shape along a new axis. */
    public static Tensor stack(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        int a = Shape.axis("stack", axis, parts.get(0).dim() + 1);
        List<Tensor> u = new ArrayList<>(parts.size());
        for (Tensor t : parts) {
            if (!Arrays.equals(t.shape, parts.get(0).shape)) {
                throw new IllegalArgumentException("stack: shapes " + Shape.describe(parts.get(0).shape, t.shape)
                        + " differ");
            }
            u.add(t.unsqueeze(a));
        }
        return concat(u, a);
    }

    /** Constant padding: {@code before[i]} and {@code after[i]} elements on axis i. */
    public Tensor pad(int[] before, int[] after, double value) {
        if (before.length != shape.length || after.length != shape.length) {
            throw new IllegalArgumentException("pad: padding of rank " + before.length + "/" + after.length
                    + " for shape " + Arrays.toString(shape));
        }
        for (int i = 0; i < shape.length; i++) {
            if (before[i] < 0 || after[i] < 0) {
                throw new IllegalArgumentException("pad: negative padding on axis " + i);
            }
        }
        return backend().pad(this, before.clone(), after.clone(), value);
    }

    // ---- convolution ---------------------------------------------------------------------------------------------

    public Tensor im2col(Conv2dGeometry g) {
        floating("im2col", this);
        if (!Arrays.equals(shape, g.imageShape())) {
            throw new IllegalArgumentException("im2col: input shape " + Arrays.toString(shape) + " does not match "
                    + g);
        }
        return backend().im2col(this, g);
    }

    public Tensor col2im(Conv2dGeometry g) {
        floating("col2im", this);
        if (!Arrays.equals(shape, g.columnsShape())) {
            throw new IllegalArgumentException("col2im: columns shape " + Arrays.toString(shape) + " does not match "
                    + Arrays.toString(g.columnsShape()));
        }
        return backend().col2im(this, g);
    }

    /** 2-d convolution: this [N, C, H, W], weight [O, C, KH, KW], bias [O] or null. */
    public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding) {
        checkConv2d(this, weight, bias);
        return backend().conv2d(this, weight, bias, stride, stride, padding, padding);
    }

    /**
     * The weight gradient of {@link #conv2d}: this [N, C, H, W] are the images, g [N, O, OH, OW] the gradient of
     * the output; gives [O, C, kernelH, kernelW] (see {@link Backend#conv2dWeightGrad}).
     */
    public Tensor conv2dWeightGrad(Tensor g, int kernelH, int kernelW, int stride, int padding) {
        sameBackend("conv2dWeightGrad", g);
        floating("conv2dWeightGrad", this);
        if (dim() != 4 || g.dim() != 4 || g.dtype() != dtype() || kernelH < 1 || kernelW < 1 || stride < 1
                || padding < 0) {
            throw new IllegalArgumentException("conv2dWeightGrad: images " + Arrays.toString(shape) + " and output "
                    + "gradient " + Arrays.toString(g.shape) + " (" + g.dtype() + ") must be [N, C, H, W] and [N, O, OH, OW]"
                    + " of one dtype, with kernel, stride >= 1 and padding >= 0");
        }
        Conv2dGeometry geo = Conv2dGeometry.of(shape, kernelH, kernelW, stride, stride, padding, padding);
        if (g.shape[0] != shape[0] || g.shape[2] != geo.outH() || g.shape[3] != geo.outW()) {
            throw new IllegalArgumentException("conv2dWeightGrad: output gradient " + Arrays.toString(g.shape)
                    + " does not match " + geo);
        }
        return backend().conv2dWeightGrad(this, g, kernelH, kernelW, stride, stride, padding, padding);
    }

    /** Validates conv2d arguments; shared by autograd. */
    public static void checkConv2d(Tensor x, Tensor weight, Tensor bias) {
        x.sameBackend("conv2d", weight);
        floating("conv2d", x);
        if (x.dim() != 4 || weight.dim() != 4 || x.shape[1] != weight.shape[1]) {
            throw new IllegalArgumentException("conv2d: input " + Arrays.toString(x.shape) + " and weight "
                    + Arrays.toString(weight.shape) + " must be [N, C, H, W] and [O, C, KH, KW]");
        }
        if (x.dtype() != weight.dtype()) {
            throw new IllegalArgumentException("conv2d: dtype mismatch " + x.dtype() + " vs " + weight.dtype());
        }
        if (bias != null && (bias.dim() != 1 || bias.shape[0] != weight.shape[0] || bias.dtype() != x.dtype())) {
            throw new IllegalArgumentException("conv2d: bias " + Arrays.toString(bias.shape) + " must be ["
                    + weight.shape[0] + "] of " + x.dtype());
        }
    }

    // ---- fused ---------------------------------------------------------------------------------------------------

    public Tensor softmax(int axis) {
        floating("softmax", this);
        return backend().softmax(this, Shape.axis("softmax", axis, shape));
    }

    /**
     * Cross-entropy of these logits (N, K) against INT32 class labels (N), each in [0, K): the mean over rows of
     * -log softmax(row)[label], 0-d (PyTorch's F.cross_entropy with its default mean reduction).
     */
    public Tensor crossEntropy(Tensor labels) {
        checkCrossEntropy("crossEntropy", labels);
        return backend().crossEntropy(this, labels);
    }

    /** The gradient of {@link #crossEntropy} with respect to these logits, for an upstream 0-d gradient g. */
    public Tensor crossEntropyGrad(Tensor labels, Tensor g) {
        checkCrossEntropy("crossEntropyGrad", labels);
        sameBackend("crossEntropyGrad", g);
        if (g.dim() != 0 || g.dtype() != dtype()) {
            throw new IllegalArgumentException("crossEntropyGrad: the upstream gradient must be a 0-d " + dtype()
                    + " tensor, got " + g.dtype() + " " + Arrays.toString(g.shape));
        }
        return backend().crossEntropyGrad(this, labels, g);
    }

    private void checkCrossEntropy(String op, Tensor labels) {
        floating(op, this);
        sameBackend(op, labels);
        if (dim() != 2 || shape[0] == 0 || shape[1] == 0) {
            throw new IllegalArgumentException(op + ": logits must be [N, K] with N, K >= 1, got "
                    + Arrays.toString(shape));
        }
        if (labels.dtype() != DType.INT32 || labels.dim() != 1 || labels.shape[0] != shape[0]) {
            throw new IllegalArgumentException(op + ": labels must be INT32 [" + shape[0] + "], got "
                    + labels.dtype() + " " + Arrays.toString(labels.shape));
        }
        checkIndex(op, 1, labels.reshape(shape[0], 1), shape);
    }

    public Tensor logSoftmax(int axis) {
        floating("logSoftmax", this);
        return backend().logSoftmax(this, Shape.axis("logSoftmax", axis, shape));
    }

    /** Layer normalisation over the last axis; weight and bias [last] or null. */
    public Tensor layerNorm(Tensor weight, Tensor bias, double eps) {
        floating("layerNorm", this);
        if (dim() == 0) {
            throw new IllegalArgumentException("layerNorm: needs at least one axis");
        }
        int last = shape[dim() - 1];
        for (Tensor p : new Tensor[]{weight, bias}) {
            if (p != null && (p.dim() != 1 || p.shape[0] != last || p.dtype() != dtype())) {
                throw new IllegalArgumentException("layerNorm: affine parameter " + Arrays.toString(p.shape) + " ("
                        + p.dtype() + ") must be [" + last + "] of " + dtype());
            }
        }
        return backend().layerNorm(this, weight, bias, eps);
    }

    /**
     * The gradient of {@link #layerNorm} with respect to this input, for an output gradient {@code g} of this
     * shape (the weight's part included; the affine parameters' own gradients are plain reductions).
     */
    public Tensor layerNormGrad(Tensor g, Tensor weight, double eps) {
        floating("layerNormGrad", this);
        if (!Arrays.equals(shape, g.shape) || g.dtype() != dtype()) {
            throw new IllegalArgumentException("layerNormGrad: gradient " + g.dtype() + Arrays.toString(g.shape)
                    + " does not match input " + dtype() + Arrays.toString(shape));
        }
        if (dim() == 0) {
            throw new IllegalArgumentException("layerNormGrad: needs at least one axis");
        }
        if (weight != null && (weight.dim() != 1 || weight.shape[0] != shape[dim() - 1] || weight.dtype() != dtype())) {
            throw new IllegalArgumentException("layerNormGrad: weight " + Arrays.toString(weight.shape) + " ("
                    + weight.dtype() + ") must be [" + shape[dim() - 1] + "] of " + dtype());
        }
        return backend().layerNormGrad(this, g, weight, eps);
    }

    // ---- checks --------------------------------------------------------------------------------------------------

    void sameBackend(String op, Tensor other) {
        if (other.backend() != backend()) {
            throw new IllegalArgumentException(op + ": tensors live on different backends (" + backend().name()
                    + " and " + other.backend().name() + ")");
        }
    }

    private static void floating(String op, Tensor t) {
        if (!t.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": not defined for " + t.dtype() + " (shape "
                    + Arrays.toString(t.shape) + "); cast to a floating dtype first");
        }
    }
}
