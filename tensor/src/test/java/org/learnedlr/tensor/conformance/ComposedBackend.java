package org.learnedlr.tensor.conformance;

import java.util.Set;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.Storage;
import org.learnedlr.tensor.Tensor;

/**
 * A backend's primitives with none of its fused kernels: every method {@link Backend} declares abstract is
 * forwarded, every fused op keeps the interface's composed default. Calling {@code composed.softmax(x, 1)} therefore
 * runs the composition on the backend under test, which is the oracle a fused kernel is held to (STYLE.md: "keep
 * the composed version as the test oracle of the fused one"). Storage made here belongs to the wrapped backend.
 */
final class ComposedBackend implements Backend {
    private final Backend primitives;

    ComposedBackend(Backend primitives) {
        this.primitives = primitives;
    }

    @Override
    public String name() {
        return "composed(" + primitives.name() + ")";
    }

    @Override
    public Set<DType> dtypes() {
        return primitives.dtypes();
    }

    @Override
    public Storage allocate(DType dtype, int length) {
        return primitives.allocate(dtype, length);
    }

    @Override
    public Storage upload(float[] data) {
        return primitives.upload(data);
    }

    @Override
    public Storage upload(double[] data) {
        return primitives.upload(data);
    }

    @Override
    public Storage upload(int[] data) {
        return primitives.upload(data);
    }

    @Override
    public float[] readFloats(Storage storage, int offset, int length) {
        return primitives.readFloats(storage, offset, length);
    }

    @Override
    public double[] readDoubles(Storage storage, int offset, int length) {
        return primitives.readDoubles(storage, offset, length);
    }

    @Override
    public int[] readInts(Storage storage, int offset, int length) {
        return primitives.readInts(storage, offset, length);
    }

    @Override
    public Tensor unary(Op op, Tensor x) {
        return primitives.unary(op, x);
    }

    @Override
    public Tensor clamp(Tensor x, double lo, double hi) {
        return primitives.clamp(x, lo, hi);
    }

    @Override
    public Tensor binary(Op op, Tensor a, Tensor b) {
        return primitives.binary(op, a, b);
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        return primitives.where(cond, a, b);
    }

    @Override
    public Tensor reduce(Op op, Tensor x, int[] axes, boolean keepDim) {
        return primitives.reduce(op, x, axes, keepDim);
    }

    @Override
    public Tensor argmax(Tensor x, int axis, boolean keepDim) {
        return primitives.argmax(x, axis, keepDim);
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        return primitives.matmul(a, b);
    }

    @Override
    public Tensor gather(Tensor x, int axis, Tensor index) {
        return primitives.gather(x, axis, index);
    }

    @Override
    public Tensor scatterAdd(int[] shape, int axis, Tensor index, Tensor src) {
        return primitives.scatterAdd(shape, axis, index, src);
    }

    @Override
    public Tensor im2col(Tensor x, Conv2dGeometry g) {
        return primitives.im2col(x, g);
    }

    @Override
    public Tensor col2im(Tensor columns, Conv2dGeometry g) {
        return primitives.col2im(columns, g);
    }

    @Override
    public void copyInto(Tensor src, Tensor dst) {
        primitives.copyInto(src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        primitives.fill(dst, value);
    }

    @Override
    public Tensor cast(Tensor x, DType dtype) {
        return primitives.cast(x, dtype);
    }
}
