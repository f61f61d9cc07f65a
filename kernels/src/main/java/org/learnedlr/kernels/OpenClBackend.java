package org.learnedlr.kernels;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.jocl.Pointer;
import org.jocl.cl_mem;
import org.learnedlr.tensor.AdamStep;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.SgdStep;
import org.learnedlr.tensor.Shape;
import org.learnedlr.tensor.Storage;
import org.learnedlr.tensor.Tensor;

/**
 * The OpenCL backend: every primitive in FLOAT32 (and INT32 for indices, copies and casts) on device buffers, plus
 * fused kernels for softmax, log-softmax, cross-entropy and its gradient, layer norm, ReLU's gradient, the sums of
 * squares behind the gradient norms, conv2d (im2col and a packed, register-blocked matrix product with the bias in
 * its epilogue) and the SGD and Adam updates. FLOAT64 is not supported (DESIGN.md section 2).
 *
 * <p>Data stays on the device: results are new device buffers, tracked by the current {@link
 * org.learnedlr.tensor.MemoryScope}; only {@link #upload} and the {@code read*} methods cross the bus, and
 * {@link #transfers()} counts them. One context and one in-order queue serve the whole process, so kernels run in
 * the order they were issued and a read sees every earlier write.
 */
public final class OpenClBackend implements Backend {
    private static final Set<DType> DTYPES = EnumSet.of(DType.FLOAT32, DType.INT32);

    final ClRuntime rt;
    /** Bound to unused buffer arguments (a missing weight or bias), since kernels cannot take a null buffer. */
    private final ClStorage dummy;

    OpenClBackend(ClRuntime runtime) {
        this.rt = runtime;
        this.dummy = new ClStorage(this, null, DType.FLOAT32, 1, rt.createBuffer(4, "a placeholder argument"));
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public Set<DType> dtypes() {
        return DTYPES;
    }

    /** Copies between the host and the device made by this backend so far. */
    public TransferCounter transfers() {
        return rt.transfers;
    }

    /** The device in use, e.g. "pthread-haswell-AMD EPYC (OpenCL 3.0 PoCL ..., 2 compute units)". */
    public String device() {
        return rt.toString();
    }

    /** Device buffers currently allocated (and not yet released) by this process. */
    public static long liveBuffers() {
        return ClStorage.LIVE_BUFFERS.get();
    }

    /** Waits until the device has finished all work issued so far (for timing; reads wait on their own). */
    public void finish() {
        rt.finish();
    }

    /**
     * Runs {@code work} {@code repeats} times and returns the device time of each kernel it launched, per run, the
     * most expensive first (with {@code bySize}, one row per kernel and global size). Needs a profiling queue:
     * start the JVM with {@code -Dlearnedlr.opencl.profile=true}. Not thread-safe against other users of the backend.
     */
    public String profile(Runnable work, int repeats, boolean bySize) {
        if (!rt.profilingQueue) {
            throw new IllegalStateException("opencl backend: profiling needs -D" + ClRuntime.PROFILE_PROPERTY + "=true");
        }
        rt.finish();
        KernelProfile p = new KernelProfile();
        rt.profile = p;
        try {
            for (int i = 0; i < repeats; i++) {
                work.run();
            }
            rt.finish();
        } finally {
            rt.profile = null;
        }
        return p.report(repeats, bySize);
    }

    // ---- helpers for the op classes ------------------------------------------------------------------------------

    static ClStorage st(Tensor t) {
        Storage s = t.storage();
        if (s instanceof ClStorage c) {
            return c;
        }
        throw new IllegalArgumentException("opencl backend: tensor lives on backend " + s.backend().name());
    }

    /** A new uninitialised contiguous tensor (every kernel that makes one writes all of it). */
    Tensor empty(DType dtype, int... shape) {
        int n = Shape.numel(shape);
        cl_mem m = rt.acquire((long) n * dtype.byteSize(), "a " + dtype + " tensor of shape "
                + java.util.Arrays.toString(shape));
        return Tensor.wrap(new ClStorage(this, rt, dtype, n, m), shape);
    }

    ClKernel kernel(String program, String name) {
        return rt.kernel(program, name);
    }

    ClStorage dummy() {
        return dummy;
    }

    // ---- storage -------------------------------------------------------------------------------------------------

    @Override
    public Storage allocateUninitialized(DType dtype, int length) {
        checkDType(dtype);
        return new ClStorage(this, rt, dtype, length, rt.acquire((long) length * dtype.byteSize(),
                "a " + dtype + " storage of " + length + " elements"));
    }

    @Override
    public Storage allocate(DType dtype, int length) {
        checkDType(dtype);
        ClStorage s = new ClStorage(this, rt, dtype, length, rt.acquire((long) length * dtype.byteSize(),
                "a zero-filled " + dtype + " storage of " + length + " elements"));
        ElementwiseOps.fillWords(this, s, Layout.dense(0, length), 0);
        return s;
    }

    @Override
    public Storage upload(float[] data) {
        return new ClStorage(this, null, DType.FLOAT32, data.length,
                rt.createBuffer(Pointer.to(data), 4L * data.length, "a FLOAT32 upload"));
    }

    @Override
    public Storage upload(double[] data) {
        throw new IllegalArgumentException("opencl backend: FLOAT64 is not supported (use FLOAT32 or the CPU)");
    }

    @Override
    public Storage upload(int[] data) {
        return new ClStorage(this, null, DType.INT32, data.length,
                rt.createBuffer(Pointer.to(data), 4L * data.length, "an INT32 upload"));
    }

    @Override
    public float[] readFloats(Storage storage, int offset, int length) {
        float[] out = new float[length];
        rt.read(((ClStorage) storage).mem(), 4L * offset, 4L * length, Pointer.to(out));
        return out;
    }

    @Override
    public double[] readDoubles(Storage storage, int offset, int length) {
        throw new IllegalArgumentException("opencl backend: FLOAT64 is not supported (use FLOAT32 or the CPU)");
    }

    @Override
    public int[] readInts(Storage storage, int offset, int length) {
        int[] out = new int[length];
        rt.read(((ClStorage) storage).mem(), 4L * offset, 4L * length, Pointer.to(out));
        return out;
    }

    private void checkDType(DType dtype) {
        if (!DTYPES.contains(dtype)) {
            throw new IllegalArgumentException("opencl backend: " + dtype + " is not supported");
        }
    }

    // ---- primitives ----------------------------------------------------------------------------------------------

    @Override
    public Tensor unary(Op op, Tensor x) {
        return ElementwiseOps.map(this, "unary_" + op.name().toLowerCase(Locale.ROOT), x);
    }

    @Override
    public Tensor clamp(Tensor x, double lo, double hi) {
        return ElementwiseOps.clamp(this, x, (float) lo, (float) hi);
    }

    @Override
    public Tensor binary(Op op, Tensor a, Tensor b) {
        return ElementwiseOps.zip(this, "binary_" + op.name().toLowerCase(Locale.ROOT), a, b);
    }

    @Override
    public Tensor where(Tensor cond, Tensor a, Tensor b) {
        return ElementwiseOps.where(this, cond, a, b);
    }

    @Override
    public Tensor reduce(Op op, Tensor x, int[] axes, boolean keepDim) {
        return ReductionOps.reduce(this, op, x, axes, keepDim);
    }

    @Override
    public Tensor argmax(Tensor x, int axis, boolean keepDim) {
        return ReductionOps.argmax(this, x, axis, keepDim);
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        return MatmulOps.matmul(this, a, b, null);
    }

    @Override
    public boolean allInRange(Tensor index, int size) {
        return size <= IndexOps.DEVICE_RANGE_MAX ? IndexOps.allInRange(this, index, size)
                : Backend.super.allInRange(index, size);
    }

    @Override
    public Tensor gather(Tensor x, int axis, Tensor index) {
        return IndexOps.gather(this, x, axis, index);
    }

    @Override
    public Tensor scatterAdd(int[] shape, int axis, Tensor index, Tensor src) {
        return IndexOps.scatterAdd(this, shape, axis, index, src);
    }

    @Override
    public Tensor im2col(Tensor x, Conv2dGeometry g) {
        return IndexOps.im2col(this, x, g, IndexOps.Columns.BATCHED);
    }

    /** Written in the folded layout by the im2col kernel itself: a strided transpose costs more than it on PoCL. */
    @Override
    public Tensor im2colFolded(Tensor x, Conv2dGeometry g) {
        return IndexOps.im2col(this, x, g, IndexOps.Columns.FOLDED);
    }

    @Override
    public Tensor col2im(Tensor columns, Conv2dGeometry g) {
        return IndexOps.col2im(this, columns, g);
    }

    @Override
    public void copyInto(Tensor src, Tensor dst) {
        st(dst).written();
        ElementwiseOps.copy(this, src, dst);
    }

    @Override
    public void fill(Tensor dst, double value) {
        st(dst).written();
        int bits = dst.dtype() == DType.INT32 ? (int) value : Float.floatToRawIntBits((float) value);
        if (dst.numel() > 0) {
            ElementwiseOps.fillWords(this, st(dst), Layout.of(dst), bits);
        }
    }

    @Override
    public Tensor cast(Tensor x, DType dtype) {
        checkDType(dtype);
        return ElementwiseOps.cast(this, x, dtype);
    }

    // ---- fused ops -----------------------------------------------------------------------------------------------

    @Override
    public Tensor softmax(Tensor x, int axis) {
        return FusedOps.softmax(this, x, axis, false);
    }

    @Override
    public Tensor logSoftmax(Tensor x, int axis) {
        return FusedOps.softmax(this, x, axis, true);
    }

    @Override
    public Tensor reluGrad(Tensor g, Tensor x) {
        return ElementwiseOps.zip(this, "relu_grad", g, x);
    }

    @Override
    public Tensor sumsOfSquares(java.util.List<Tensor> xs) {
        return ReductionOps.sumsOfSquares(this, xs);
    }

    @Override
    public Tensor crossEntropy(Tensor logits, Tensor labels) {
        return FusedOps.crossEntropy(this, logits, labels);
    }

    @Override
    public Tensor crossEntropyGrad(Tensor logits, Tensor labels, Tensor g) {
        return FusedOps.crossEntropyGrad(this, logits, labels, g);
    }

    @Override
    public Tensor layerNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        return FusedOps.layerNorm(this, x, weight, bias, eps);
    }

    @Override
    public Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int strideH, int strideW, int padH, int padW) {
        int[] ws = weight.shape();
        Conv2dGeometry g = Conv2dGeometry.of(x.shape(), ws[2], ws[3], strideH, strideW, padH, padW);
        int n = g.batch();
        int o = ws[0];
        int k = g.patchSize();
        // Products (O, K) x (K, L), per image or with the batch folded into the columns (small or ragged maps),
        // im2col writing the products' packed right operand directly.
        Tensor y = MatmulOps.conv(this, x, weight.reshape(o, k), g, bias);      // (N, O, L)
        return y.reshape(n, o, g.outH(), g.outW());
    }

    /** One pass over x (the squares are not materialised): the gradient norms of a training step. */
    @Override
    public Tensor sumOfSquares(Tensor x) {
        return ReductionOps.sumOfSquares(this, x);
    }

    /**
     * Backend's composition (G X^T with the batch folded into the columns), with X written transposed, (N*L, K)
     * contiguous: then X^T packs with unit stride, where packing the strided transpose of (K, N*L) columns cost
     * more than the product.
     */
    @Override
    public Tensor conv2dWeightGrad(Tensor x, Tensor g, int kernelH, int kernelW, int strideH, int strideW, int padH,
                                   int padW) {
        Conv2dGeometry geo = Conv2dGeometry.of(x.shape(), kernelH, kernelW, strideH, strideW, padH, padW);
        int n = geo.batch();
        int o = g.size(1);
        int l = geo.outH() * geo.outW();
        Tensor gf = g.reshape(n, o, l).transpose(0, 1).reshape(o, n * l);                     // (O, N*L)
        Tensor columns = IndexOps.im2col(this, x, geo, IndexOps.Columns.FOLDED_T);             // (K, N*L)
        return MatmulOps.matmul(this, gf, columns.transpose(0, 1), null)                       // (O, K)
                .reshape(o, geo.channels(), kernelH, kernelW);
    }

    @Override
    public void sgdUpdate(Tensor param, Tensor grad, Tensor momentumBuffer, SgdStep s) {
        st(param).written();
        if (momentumBuffer != null) {
            st(momentumBuffer).written();
        }
        FusedOps.sgd(this, param, grad, momentumBuffer, s);
    }

    @Override
    public void adamUpdate(Tensor param, Tensor grad, Tensor m, Tensor v, AdamStep s) {
        st(param).written();
        st(m).written();
        st(v).written();
        FusedOps.adam(this, param, grad, m, v, s);
    }

    @Override
    public String toString() {
        return "OpenClBackend(" + rt + ")";
    }
}
