package org.learnedlr.kernels;

import java.util.Arrays;
import org.jocl.cl_mem;
import org.learnedlr.tensor.Conv2dGeometry;
import org.learnedlr.tensor.Shape;
import org.learnedlr.tensor.Tensor;

/**
 * Batched matrix product (matmul.cl): pack A into 6-row panels and B into 16-column panels, then one 6 x 16 tile
 * of C per work-item. Packing takes any strides (transposed views, stride-0 broadcast batches, offsets) and pads
 * ragged edges with zeros, so the product kernel itself has no edge cases on its inputs. A batch axis along which
 * an operand is broadcast is packed once, not once per batch. Small products (M N K up to 2^26) skip the packing
 * and run in one launch: {@code gemm_direct_6x16} when B's rows are unit-stride, {@code gemm_nt_4x4} when B is
 * given transposed with k unit-stride in both operands (x W^T).
 */
final class MatmulOps {
    private static final String PROGRAM = "matmul";
    static final int MR = 6;
    static final int NR = 16;
    /** The square tile of the transposed-B product ({@code gemm_nt_4x4}). */
    static final int NT_TILE = 4;

    /** Work-group shape of the product kernel: column panels x row panels (overridable for tuning). */
    private static final int GROUP_X = Integer.getInteger("learnedlr.opencl.gemm.groupX", 4);
    private static final int GROUP_Y = Integer.getInteger("learnedlr.opencl.gemm.groupY", 4);

    /**
     * The largest M N K a product runs unpacked (in auto mode): up to it one launch beats three; beyond it the packed
     * panels' unit-stride streams win (measured: 512^3 about even, 1024^3 2.2x slower unpacked).
     */
    private static final long DIRECT_MAX_MNK = Long.getLong("learnedlr.opencl.gemm.directMaxMnk", 1L << 26);
    /**
     * When products skip packing (see {@link #direct}): auto, always (where the operands allow it) or never. Tests
     * set it to run every path.
     */
    static volatile String directMode = System.getProperty("learnedlr.opencl.gemm.direct", "auto");

    private MatmulOps() {
    }

    /** [..., M, K] x [..., K, N] (equal batch shapes) -> [..., M, N], plus bias[row] when bias is not null. */
    static Tensor matmul(OpenClBackend be, Tensor a, Tensor b, Tensor bias) {
        int rank = a.dim();
        int[] as = a.shape();
        int m = as[rank - 2];
        int k = as[rank - 1];
        int n = b.size(rank - 1);
        int[] outShape = as.clone();
        outShape[rank - 1] = n;
        Tensor out = be.empty(a.dtype(), outShape);
        if (out.numel() == 0) {
            return out;
        }
        int[] batchShape = Arrays.copyOf(as, rank - 2);
        int batches = Shape.numel(batchShape);
        int mb = (m + MR - 1) / MR;
        int nb = (n + NR - 1) / NR;
        Tensor bc = bias == null ? null : bias.contiguous();

        Layout aBatch = batchLayout(a, batchShape);
        Layout bBatch = batchLayout(b, batchShape);
        if (transposedDirect(a, b, m, n, k, bc)) {
            ntGemm(be, a, aBatch, b, bBatch, out, m, n, k, batches);
            return out;
        }
        if (direct(be, b, m, n, k)) {
            directGemm(be, a, aBatch, b, bBatch, out, m, n, k, batches, bc);
            return out;
        }
        int aPacks = aBatch.rank == 0 ? 1 : batches;
        int bPacks = bBatch.rank == 0 ? 1 : batches;
        long aFloats = (long) aPacks * mb * k * MR;
        long bFloats = (long) bPacks * nb * k * NR;
        if (aFloats > Integer.MAX_VALUE || bFloats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("opencl matmul: packed operands of " + Arrays.toString(as) + " x "
                    + Arrays.toString(b.shape()) + " exceed 2^31 elements");
        }
        cl_mem ap = be.rt.acquire(4 * aFloats, "matmul: packed A");
        cl_mem bp = be.rt.acquire(4 * bFloats, "matmul: packed B");
        try {
            int[] bst = b.strides();
            packA(be, a, aBatch, m, k, mb, aPacks, ap);
            if (bFloats > 0) {
                ClKernel pack = be.kernel(PROGRAM, "pack_b");
                long g = pack.groupSize(64);
                pack.args().mem(OpenClBackend.st(b)).layout(bBatch)
                        .i(bst[rank - 2]).i(bst[rank - 1]).i(n).i(k).i(nb).mem(bp)
                        .run(new long[]{ClKernel.roundUp(k, g), nb, bPacks}, new long[]{g, 1, 1});
            }
            gemm(be, ap, aPacks == 1 ? 0 : mb * k * MR, bp, bPacks == 1 ? 0 : nb * k * NR, out, m, n, k, batches,
                    bc, 0);
        } finally {
            // Back to the pool: the in-order queue runs any later user after these launches.
            be.rt.recycle(ap, 4 * aFloats);
            be.rt.recycle(bp, 4 * bFloats);
        }
        return out;
    }

    /**
     * conv2d as products (O, K) x (K, L), with the im2col columns written by im2col straight into the packed B
     * panels (no columns tensor, no pack_b pass over it): x (N, C, H, W), weight (O, K) -> (N, O, L), plus bias[o]
     * when bias is not null. One product per image when L fills its 16-column panels (or nearly: L >= 128);
     * otherwise the batch is folded into the columns, one (O, K) x (K, N*L) product whose store puts each column
     * in its image (no padding columns computed, no copy back).
     */
    static Tensor conv(OpenClBackend be, Tensor x, Tensor weight, Conv2dGeometry geo, Tensor bias) {
        int images = geo.batch();
        int m = weight.size(0);
        int k = geo.patchSize();
        int l = geo.outH() * geo.outW();
        Tensor out = be.empty(x.dtype(), images, m, l);
        if (out.numel() == 0) {
            return out;
        }
        boolean folded = l % NR != 0 && l < 128;
        int batches = folded ? 1 : images;
        int n = folded ? images * l : l;
        int mb = (m + MR - 1) / MR;
        int nb = (n + NR - 1) / NR;
        long aFloats = (long) mb * k * MR;
        long bFloats = (long) batches * nb * k * NR;
        if (bFloats > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("opencl conv2d: packed columns of " + geo + " exceed 2^31 elements");
        }
        cl_mem ap = be.rt.acquire(4 * aFloats, "conv2d: packed weight");
        cl_mem bp = be.rt.acquire(4 * bFloats, "conv2d: packed columns");
        try {
            packA(be, weight, Layout.of(new int[0], new int[0], weight.offset()), m, k, mb, 1, ap);
            if (k > 0) {
                IndexOps.im2colPacked(be, x, geo, bp, nb, folded);
            }
            gemm(be, ap, 0, bp, nb * k * NR, out, m, n, k, batches, bias == null ? null : bias.contiguous(),
                    folded ? l : 0);
        } finally {
            be.rt.recycle(ap, 4 * aFloats);
            be.rt.recycle(bp, 4 * bFloats);
        }
        return out;
    }

    /**
     * Whether a product runs unpacked, in one launch ({@code gemm_direct_6x16}): B's rows must be unit-stride (a
     * vload16 per k), and the product small enough that two packing launches and their passes over the operands
     * cost more than the packed kernel's unit-stride streams save.
     */
    private static boolean direct(OpenClBackend be, Tensor b, int m, int n, int k) {
        if (b.strides()[b.dim() - 1] != 1 || directMode.equals("never")) {
            return false;
        }
        return directMode.equals("always") || (long) m * n * k <= DIRECT_MAX_MNK;
    }

    /**
     * Whether a product of rows by transposed rows (A's and B's k both unit-stride: x W^T, q k^T) runs unpacked as
     * dot products ({@code gemm_nt_4x4}); small products only, as for {@link #direct}.
     */
    private static boolean transposedDirect(Tensor a, Tensor b, int m, int n, int k, Tensor bias) {
        int rank = a.dim();
        if (bias != null || a.strides()[rank - 1] != 1 || b.strides()[rank - 2] != 1
                || directMode.equals("never")) {
            return false;
        }
        return directMode.equals("always") || (long) m * n * k <= DIRECT_MAX_MNK;
    }

    private static void ntGemm(OpenClBackend be, Tensor a, Layout aBatch, Tensor b, Layout bBatch, Tensor out,
                               int m, int n, int k, int batches) {
        int rank = a.dim();
        Tiles t = Tiles.of(be, "gemm_nt_4x4", NT_TILE, NT_TILE, m, n, batches);
        t.kernel.args().mem(OpenClBackend.st(a)).layout(aBatch).i(a.strides()[rank - 2])
                .mem(OpenClBackend.st(b)).layout(bBatch).i(b.strides()[rank - 1])
                .mem(OpenClBackend.st(out)).i(m).i(n).i(k).i(t.mb).i(t.nb)
                .run(t.global, t.local);
    }

    private static void directGemm(OpenClBackend be, Tensor a, Layout aBatch, Tensor b, Layout bBatch, Tensor out,
                                   int m, int n, int k, int batches, Tensor bias) {
        int rank = a.dim();
        Tiles t = Tiles.of(be, "gemm_direct_6x16", MR, NR, m, n, batches);
        t.kernel.args().mem(OpenClBackend.st(a)).layout(aBatch).i(a.strides()[rank - 2]).i(a.strides()[rank - 1])
                .mem(OpenClBackend.st(b)).layout(bBatch).i(b.strides()[rank - 2])
                .mem(OpenClBackend.st(out)).i(m).i(n).i(k).i(t.mb).i(t.nb)
                .mem(bias == null ? be.dummy() : OpenClBackend.st(bias)).i(bias == null ? 0 : bias.offset())
                .i(bias == null ? 0 : 1)
                .run(t.global, t.local);
    }

    /** Packs the last two axes of a (a batch of matrices, or one when aPacks is 1) into 6-row panels at ap. */
    private static void packA(OpenClBackend be, Tensor a, Layout aBatch, int m, int k, int mb, int aPacks, cl_mem ap) {
        if ((long) mb * k == 0) {
            return;
        }
        int rank = a.dim();
        int[] ast = a.strides();
        ClKernel pack = be.kernel(PROGRAM, "pack_a");
        long g = pack.groupSize(64);
        pack.args().mem(OpenClBackend.st(a)).layout(aBatch)
                .i(ast[rank - 2]).i(ast[rank - 1]).i(m).i(k).i(mb).mem(ap)
                .run(new long[]{ClKernel.roundUp(k, g), mb, aPacks}, new long[]{g, 1, 1});
    }

    /**
     * out (batches, m, n) = packed A times packed B (+ bias[row]); strides in floats between batches' panels. With
     * fold != 0 (one batch), out is (n / fold, m, fold): column j of the product is pixel j % fold of image j / fold.
     */
    private static void gemm(OpenClBackend be, cl_mem ap, int aStride, cl_mem bp, int bStride, Tensor out, int m, int n,
                             int k, int batches, Tensor bias, int fold) {
        Tiles t = Tiles.of(be, "gemm_6x16", MR, NR, m, n, batches);
        t.kernel.args().mem(ap).i(aStride).mem(bp).i(bStride)
                .mem(OpenClBackend.st(out)).i(m).i(n).i(k).i(t.mb).i(t.nb)
                .mem(bias == null ? be.dummy() : OpenClBackend.st(bias)).i(bias == null ? 0 : bias.offset())
                .i(bias == null ? 0 : 1).i(fold)
                .run(t.global, t.local);
    }

    /**
     * A product kernel's launch shape: one work-item per tile of C (tileRows x tileCols), mb row tiles by nb column
     * tiles per batch, in work-groups of {@link #groupShape}.
     */
    private record Tiles(ClKernel kernel, int mb, int nb, long[] global, long[] local) {
        static Tiles of(OpenClBackend be, String kernelName, int tileRows, int tileCols, int m, int n, int batches) {
            int mb = (m + tileRows - 1) / tileRows;
            int nb = (n + tileCols - 1) / tileCols;
            ClKernel kernel = be.kernel(PROGRAM, kernelName);
            long[] local = groupShape(be, kernel, nb, mb);
            long[] global = {ClKernel.roundUp(nb, local[0]), ClKernel.roundUp(mb, local[1]), batches};
            return new Tiles(kernel, mb, nb, global, local);
        }
    }

    /** The batch axes of an operand as a layout; rank 0 when every batch reads the same matrix. */
    private static Layout batchLayout(Tensor t, int[] batchShape) {
        int[] st = Arrays.copyOf(t.strides(), batchShape.length);
        boolean shared = true;
        for (int i = 0; i < st.length; i++) {
            shared &= st[i] == 0 || batchShape[i] == 1;
        }
        return shared ? Layout.of(new int[0], new int[0], t.offset()) : Layout.of(batchShape, st, t.offset());
    }

    private static long[] groupShape(OpenClBackend be, ClKernel gemm, int nb, int mb) {
        long gx = be.rt.isGpu() ? 8 : GROUP_X;
        long gy = be.rt.isGpu() ? 8 : GROUP_Y;
        gx = Math.max(1, Math.min(gx, nb));
        gy = Math.max(1, Math.min(gy, mb));
        while (gx * gy > gemm.maxWorkGroupSize) {
            if (gy > 1) {
                gy /= 2;
            } else {
                gx /= 2;
            }
        }
        return new long[]{gx, gy, 1};
    }
}
