package org.learnedlr.tensor.cpu;

import java.util.EnumSet;
import java.util.Set;
import org.learnedlr.tensor.AdamStep;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.SgdStep;
import org.learnedlr.tensor.Shape;
import org.learnedlr.tensor.Storage;
import org.learnedlr.tensor.Tensor;
import org.learnedlr.tensor.cpu.simd.SimdSupport;

/**
 * The CPU backend: every primitive, in FLOAT32 and FLOAT64, on heap arrays. It is the reference that faster paths
 * and other backends are checked against, so clarity comes first; the heavy ops (matmul, im2col, reductions) use
 * both cores through {@link Parallel}. Strided operands are walked as runs ({@link Walk}), never through a table of
 * per-element offsets, with float32 loops specialised per op so that C2 vectorises them; the fused ops are one-pass
 * kernels ({@link FusedKernels}) held to {@link Backend}'s composed defaults by the conformance suite.
 */
public final class CpuBackend implements Backend {
    private static final Set<DType> DTYPES = EnumSet.allOf(DType.class);

    private final boolean simd;

    /** The backend with the Vector API fast path wherever {@link SimdSupport#enabled()}. */
    public CpuBackend() {
        this(true);
    }

    /**
     * @param simd false for the plain path only (the reference the fast path is tested against); true for the fast
     *             path where {@link SimdSupport#enabled()} (the module is present and {@code learnedlr.simd} is not
     *             {@code false}), the plain path otherwise
     */
    public CpuBackend(boolean simd) {
        this.simd = simd && SimdSupport.enabled();
    }

    /** Whether this backend's float32 matmul runs on the Vector API fast path. */
    public boolean simd() {
        return simd;
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Set<DType> dtypes() {
        return DTYPES;
    }

    /** The number of worker threads (system property {@code learnedlr.threads}). */
    public static int threads() {
        return Parallel.threads();
    }

    static CpuStorage cpu(Tensor t) {
        Storage s = t.storage();
        if (s instanceof CpuStorage c) {
            return c;
        }
        throw new IllegalArgumentException("cpu backend: tensor lives on backend " + s.backend().name());
    }

    Tensor empty(DType dtype, int[] shape) {
        return Tensor.wrap(CpuStorage.allocate(this, dtype, Shape.numel(shape)), shape);
    }

    // ---- storage -------------------------------------------------------------------------------------------------

    @Override
    public Storage allocate(DType dtype, int length) {
        return CpuStorage.allocate(this, dtype, length);
    }

    @Override
    public Storage upload(float[] data) {
        return CpuStorage.wrap(this, data.clone());
    }

    @Override
    public Storage upload(double[] data) {
        return CpuStorage.wrap(this, data.clone());
    }

    @Override
    public Storage upload(int[] data) {
        return CpuStorage.wrap(this, data.clone());
    }

    @Override
    public float[] readFloats(Storage storage, int offset, int length) {
        float[] out = new float[length];
        System.arraycopy(((CpuStorage) storage).floats, offset, out, 0, length);
        return out;
    }

    @Override
    public double[] readDoubles(Storage storage, int offset, int length) {
        double[] out = new double[length];
        System.arraycopy(((CpuStorage) storage).doubles, offset, out, 0, length);
        return out;
    }

    @Override
    public int[] readInts(Storage storage, int offset, int length) {
        int[] out = new int[length];
        System.arraycopy(((CpuStorage) storage).ints, offset, out, 0, length);
        return out;
    }

    // ---- primitives ----------------------------------------------------------------------------------------------

    @Override
    public Tensor unary(Op op, Tensor x) {
        return ElementwiseKernels.unary(this, op, x);
    }

    @Override
    public Tensor clamp(Tensor x, double lo, double hi) {
        // NaN stays NaN (Math.min/max propagate it), as in PyTorch.
        return ElementwiseKernels.map(this, x, v -> Math.min(Math.max(v, lo), hi));
    }

    @Override
    public Tensor binary(Op op, Tensor a, Tensor b) {
        return ElementwiseKernels.binary(this, op, a, b);
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        return ElementwiseKernels.where(this, cond, a, b);
    }

    @Override
    public Tensor reduce(Op op, Tensor x, int[] axes, boolean keepDim) {
        return ReductionKernels.reduce(this, op, x, axes, keepDim);
    }

    @Override
    public Tensor argmax(Tensor x, int axis, boolean keepDim) {
        return ReductionKernels.argmax(this, x, axis, keepDim);
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        return MatmulKernels.matmul(this, a, b);
    }

    @Override
    public Tensor gather(Tensor x, int axis, Tensor index) {
        return IndexKernels.gather(this, x, axis, index);
    }

    @Override
    public Tensor scatterAdd(int[] shape, int axis, Tensor index, Tensor src) {
        return IndexKernels.scatterAdd(this, shape, axis, index, src);
    }

    @Override
    public Tensor im2col(Tensor x, Conv2dGeometry g) {
        return IndexKernels.im2col(this, x, g);
    }

    @Override
    public Tensor im2colFolded(Tensor x, Conv2dGeometry g) {
        return IndexKernels.im2colFolded(this, x, g);
    }

    @Override
    public Tensor col2im(Tensor columns, Conv2dGeometry g) {
        return IndexKernels.col2im(this, columns, g);
    }

    @Override
    public void copyInto(Tensor src, Tensor dst) {
        ElementwiseKernels.copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        ElementwiseKernels.fill(dst, value);
    }

    @Override
    public Tensor cast(Tensor x, DType dtype) {
        return ElementwiseKernels.cast(this, x, dtype);
    }

    // ---- fused ops ---------------------------------------------------------------------------------------------

    @Override
    public Tensor softmax(Tensor x, int axis) {
        return FusedKernels.softmax(this, x, axis, false);
    }

    @Override
    public Tensor logSoftmax(Tensor x, int axis) {
        return FusedKernels.softmax(this, x, axis, true);
    }

    @Override
    public Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        return FusedKernels.layerNorm(this, x, weight, bias, eps);
    }

    @Override
    public Tensor layerNormGrad(Tensor x, Tensor g, Tensor weight, double eps) {
        return FusedKernels.layerNormGrad(this, x, g, weight, eps);
    }

    @Override
    public Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int strideH, int strideW, int padH, int padW) {
        if (x.numel() == 0 || weight.numel() == 0) {
            return Backend.super.conv2d(x, weight, bias, strideH, strideW, padH, padW);
        }
        return FusedKernels.conv2d(this, x, weight, bias, strideH, strideW, padH, padW);
    }

    @Override
    public Tensor conv2dWeightGrad(Tensor x, Tensor g, int kernelH, int kernelW, int strideH, int strideW, int padH,
                                   int padW) {
        if (x.numel() == 0 || g.numel() == 0) {
            return Backend.super.conv2dWeightGrad(x, g, kernelH, kernelW, strideH, strideW, padH, padW);
        }
        return FusedKernels.conv2dWeightGrad(this, x, g, kernelH, kernelW, strideH, strideW, padH, padW);
    }

    @Override
    public Tensor geluGrad(Tensor g, Tensor x) {
        return ElementwiseKernels.binary(this, Op.GELU_GRAD, g, x, ElementwiseKernels::geluGrad,
                ElementwiseKernels.COSTLY);
    }

    @Override
    public Tensor sumOfSquares(Tensor x) {
        return ReductionKernels.sumOfSquares(this, x);
    }

    @Override
    public void sgdUpdate(Tensor param, Tensor grad, Tensor momentumBuffer, SgdStep s) {
        FusedKernels.sgd(param, grad, momentumBuffer, s);
    }

    @Override
    public void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, AdamStep s) {
        FusedKernels.adam(param, grad, m, v, s, simd());
    }

    @Override
    public String toString() {
        return "CpuBackend(threads=" + threads() + ", simd=" + simd + ")";
    }
}
