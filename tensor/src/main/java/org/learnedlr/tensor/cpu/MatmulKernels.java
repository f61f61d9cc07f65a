package org.learnedlr.tensor.cpu;

import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;
import org.learnedlr.tensor.cpu.simd.SimdGemm;
import org.learnedlr.tensor.cpu.simd.Splitter;

/**
 * Batched matrix product C = A B on the CPU, the reference path: each C row is accumulated in k order (so results
 * are reproducible), cache-blocked over k and j, rows split across the worker threads. A B operand whose rows are
 * not unit-stride (a transposed view) is packed first, once per distinct matrix. Float32 products go to
 * {@link SimdGemm} when the backend has the Vector API fast path.
 */
final class MatmulKernels {
    private static final int KC = 256;
    private static final int NC = 512;
    /**
     * Multiply-adds below which fast-path work stays on the calling thread: 2^20 is about 12 us on one core, and
     * handing half of it to an awake worker of {@link Parallel} costs about a microsecond.
     */
    private static final long SIMD_PARALLEL_MIN = 1L << 20;
    private static final Splitter WORKERS = (n, cost, body) -> Parallel.forRange(n, cost, body::run);

    private MatmulKernels() {
    }

    static Tensor matmul(CpuBackend be, Tensor a, Tensor b) {
        int rank = a.dim();
        int[] as = a.shape();
        int[] ast = a.strides();
        int[] bst = b.strides();
        int m = as[rank - 2];
        int kk = as[rank - 1];
        int n = b.size(rank - 1);
        int[] outShape = as.clone();
        outShape[rank - 1] = n;
        Tensor out = be.empty(a.dtype(), outShape);
        int batches = 1;
        for (int i = 0; i < rank - 2; i++) {
            batches *= as[i];
        }
        // Storage offsets of each batch's matrices (stride-0 batch axes repeat offsets).
        int[] aOff = batchOffsets(a, batches);
        int[] bOff = batchOffsets(b, batches);
        int sam = ast[rank - 2];
        int sak = ast[rank - 1];
        int sbk = bst[rank - 2];
        int sbn = bst[rank - 1];
        boolean packB = sbn != 1 && n > 1;
        CpuStorage A = CpuBackend.cpu(a);
        CpuStorage B = CpuBackend.cpu(b);
        CpuStorage C = CpuBackend.cpu(out);
        if (a.dtype() == DType.FLOAT32 && be.simd()) {
            simdFloat(A.floats, aOff, sam, sak, B.floats, bOff, sbk, sbn, C.floats, batches, m, kk, n);
        } else if (a.dtype() == DType.FLOAT32) {
            float[][] bMats = new float[batches][];
            int[] bBase = new int[batches];
            int bRow = packB ? n : sbk;
            for (int t = 0; t < batches; t++) {
                if (packB) {
                    if (t > 0 && bOff[t] == bOff[t - 1]) {
                        bMats[t] = bMats[t - 1];
                        continue;
                    }
                    float[] p = new float[kk * n];
                    for (int k = 0; k < kk; k++) {
                        for (int j = 0; j < n; j++) {
                            p[k * n + j] = B.floats[bOff[t] + k * sbk + j * sbn];
                        }
                    }
                    bMats[t] = p;
                } else {
                    bMats[t] = B.floats;
                    bBase[t] = bOff[t];
                }
            }
            float[] c = C.floats;
            float[] av = A.floats;
            int total = batches * m;
            Parallel.forRange(total, (long) kk * n, (s, e) -> {
                for (int row = s; row < e; row++) {
                    int t = row / m;
                    int i = row % m;
                    rowFloat(av, aOff[t] + i * sam, sak, bMats[t], bBase[t], bRow, c, row * n, kk, n);
                }
            });
        } else {
            double[][] bMats = new double[batches][];
            int[] bBase = new int[batches];
            int bRow = packB ? n : sbk;
            for (int t = 0; t < batches; t++) {
                if (packB) {
                    double[] p = new double[kk * n];
                    for (int k = 0; k < kk; k++) {
                        for (int j = 0; j < n; j++) {
                            p[k * n + j] = B.doubles[bOff[t] + k * sbk + j * sbn];
                        }
                    }
                    bMats[t] = p;
                } else {
                    bMats[t] = B.doubles;
                    bBase[t] = bOff[t];
                }
            }
            double[] c = C.doubles;
            double[] av = A.doubles;
            Parallel.forRange(batches * m, (long) kk * n, (s, e) -> {
                for (int row = s; row < e; row++) {
                    int t = row / m;
                    int i = row % m;
                    rowDouble(av, aOff[t] + i * sam, sak, bMats[t], bBase[t], bRow, c, row * n, kk, n);
                }
            });
        }
        return out;
    }

    /**
     * The fast path: each product of the batch on {@link SimdGemm}; a large product is split across the workers,
     * a batch of smaller ones is split by products, and little work stays on the calling thread. Results do not
     * depend on which (SimdGemm's sums do not depend on the split).
     */
    private static void simdFloat(float[] a, int[] aOff, int sam, int sak, float[] b, int[] bOff, int sbk, int sbn,
                                  float[] c, int batches, int m, int kk, int n) {
        long work = (long) m * n * kk;
        if (work * batches < SIMD_PARALLEL_MIN || batches == 1 || work >= SIMD_PARALLEL_MIN) {
            Splitter split = work >= SIMD_PARALLEL_MIN ? WORKERS : Splitter.SEQUENTIAL;
            for (int t = 0; t < batches; t++) {
                SimdGemm.sgemm(m, n, kk, a, aOff[t], sam, sak, b, bOff[t], sbk, sbn, c, t * m * n, n, split);
            }
        } else {
            Parallel.forRange(batches, work, (s, e) -> {
                for (int t = s; t < e; t++) {
                    SimdGemm.sgemm(m, n, kk, a, aOff[t], sam, sak, b, bOff[t], sbk, sbn, c, t * m * n, n,
                            Splitter.SEQUENTIAL);
                }
            });
        }
    }

    /** c[cOff + j] = sum_k a[aOff + k*sak] * b[bOff + k*bRow + j], blocked over k and j. */
    private static void rowFloat(float[] a, int aOff, int sak, float[] b, int bOff, int bRow, float[] c, int cOff,
                                 int kk, int n) {
        for (int j0 = 0; j0 < n; j0 += NC) {
            int j1 = Math.min(n, j0 + NC);
            for (int k0 = 0; k0 < kk; k0 += KC) {
                int k1 = Math.min(kk, k0 + KC);
                for (int k = k0; k < k1; k++) {
                    float x = a[aOff + k * sak];
                    int bk = bOff + k * bRow;
                    for (int j = j0; j < j1; j++) {
                        c[cOff + j] += x * b[bk + j];
                    }
                }
            }
        }
    }

    private static void rowDouble(double[] a, int aOff, int sak, double[] b, int bOff, int bRow, double[] c, int cOff,
                                  int kk, int n) {
        for (int j0 = 0; j0 < n; j0 += NC) {
            int j1 = Math.min(n, j0 + NC);
            for (int k0 = 0; k0 < kk; k0 += KC) {
                int k1 = Math.min(kk, k0 + KC);
                for (int k = k0; k < k1; k++) {
                    double x = a[aOff + k * sak];
                    int bk = bOff + k * bRow;
                    for (int j = j0; j < j1; j++) {
                        c[cOff + j] += x * b[bk + j];
                    }
                }
            }
        }
    }

    /** Storage offset of the matrix of each batch index (row-major over the batch axes). */
    private static int[] batchOffsets(Tensor t, int batches) {
        int rank = t.dim();
        int[] shape = t.shape();
        int[] strides = t.strides();
        int[] out = new int[batches];
        int[] idx = new int[Math.max(0, rank - 2)];
        for (int bi = 0; bi < batches; bi++) {
            int off = t.offset();
            for (int d = 0; d < rank - 2; d++) {
                off += idx[d] * strides[d];
            }
            out[bi] = off;
            for (int d = rank - 3; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return out;
    }
}
