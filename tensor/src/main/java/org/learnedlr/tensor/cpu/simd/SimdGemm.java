package org.learnedlr.tensor.cpu.simd;

/**
 * Float32 GEMM on the Vector API: {@code C = A B} with A (m x k), B (k x n) and C (m x n).
 *
 * <p>Operands are given as (array, offset, row stride, column stride), so a transposed view (A<sup>T</sup> B and
 * A B<sup>T</sup> in backward passes) costs nothing extra: the packing routines read any layout. C is dense with row
 * stride {@code ldc} and is overwritten.
 *
 * <p>Structure (GotoBLAS/BLIS): B is packed into column micro-panels of {@code NR} columns (k rows each, zero-padded
 * at the right edge) and the work is split across threads in whole micro-panels: for a large product B is packed
 * once by all threads and the rows of C are split; for a small one (where a second hand-off to the workers would cost
 * more than packing twice) each thread packs what it needs, rows or columns split, whichever are more. Each thread
 * walks column blocks of {@link #NC}, k blocks of about {@link #KC} and row blocks of {@link #MC}, packs its A block
 * into row micro-panels (zero-padded at the bottom edge; about 96 KB, for L2) and runs the micro-kernel with a B
 * micro-panel (16 KB on AVX2, for L1) against each A micro-panel. Edge tiles run the same kernel on a scratch tile,
 * so every element gets the same arithmetic.
 *
 * <p>Each C element is one chain of fused multiply-adds over k in increasing order starting from 0 (later k blocks
 * load the partial sums back into the registers), so the result equals {@code acc = Math.fma(a_ik, b_kj, acc)} bit
 * for bit, independent of the blocking, the vector width and the thread count.
 *
 * <p>Only reachable once {@link SimdSupport#enabled()} is true.
 */
public final class SimdGemm {
    /** Rows of the micro-tile. */
    public static final int MR = MicroKernel.MR;
    /** Columns of the micro-tile (two vectors: 16 on AVX2, 32 on AVX-512). */
    public static final int NR = MicroKernel.NR;
    /** Target depth of a k block; the depth is split into equal blocks of at most this. */
    static final int KC = 256;
    /** Rows of an A block (a multiple of MR): MC x KC floats stay in L2. */
    static final int MC = 16 * MR;
    /** Columns of a column block (a multiple of NR). */
    static final int NC = Math.max(NR, 512 / NR * NR);
    /**
     * Above this many floats of B (rows split) or A (columns split) that every thread would pack for itself, B is
     * packed once and shared, at the price of a second hand-off to the workers (about 10 us).
     */
    static final long PRIVATE_PACK_MAX = 1 << 16;
    /** Packed-B scratch larger than this (in floats) is not kept between calls. */
    private static final int MAX_CACHED = 1 << 24;
    /** k rows per block when packing a B whose columns are contiguous (keeps the written lines in L1). */
    private static final int PACK_KB = 64;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][]);

    private SimdGemm() {
    }

    /**
     * {@code C[i][j] = sum_p A[i][p] * B[p][j]} for i &lt; m, j &lt; n, p &lt; k, where
     * {@code A[i][p] = a[aOff + i*aRow + p*aCol]}, {@code B[p][j] = b[bOff + p*bRow + j*bCol]} and
     * {@code C[i][j] = c[cOff + i*ldc + j]}; C is overwritten (zeros when k = 0). C must not overlap A or B.
     *
     * @param split how to spread the work over threads; {@link Splitter#SEQUENTIAL} for the calling thread only
     */
    public static void sgemm(int m, int n, int k,
                             float[] a, int aOff, int aRow, int aCol,
                             float[] b, int bOff, int bRow, int bCol,
                             float[] c, int cOff, int ldc, Splitter split) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            for (int i = 0; i < m; i++) {
                java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            return;
        }
        int mPanels = (m + MR - 1) / MR;
        int nPanels = (n + NR - 1) / NR;
        if (mPanels >= nPanels ? (long) k * n > PRIVATE_PACK_MAX : (long) m * k > PRIVATE_PACK_MAX) {
            // Large: B packed once, by all threads together, then rows split (two hand-offs to the workers).
            float[] bp = packedB((long) nPanels * NR * k);
            split.forRange(nPanels, (long) k * NR, (s, e) -> {
                for (int jp = s; jp < e; jp++) {
                    packB(b, bOff, bRow, bCol, k, n, jp, bp, jp);
                }
            });
            split.forRange(mPanels, (long) MR * k * n, (s, e) ->
                    block(s * MR, Math.min(m, e * MR), 0, n, k, a, aOff, aRow, aCol, bp, c, cOff, ldc));
        } else if (mPanels >= nPanels) {
            // Small: one hand-off; each thread packs the B it needs (all of it) and its own rows of A.
            split.forRange(mPanels, (long) MR * k * n, (s, e) -> {
                float[] bp = packedB((long) nPanels * NR * k);
                for (int jp = 0; jp < nPanels; jp++) {
                    packB(b, bOff, bRow, bCol, k, n, jp, bp, jp);
                }
                block(s * MR, Math.min(m, e * MR), 0, n, k, a, aOff, aRow, aCol, bp, c, cOff, ldc);
            });
        } else {
            // Small and wide: columns split; each thread packs its own B columns (and all rows of A).
            split.forRange(nPanels, (long) NR * k * m, (s, e) -> {
                float[] bp = packedB((long) (e - s) * NR * k);
                for (int jp = s; jp < e; jp++) {
                    packB(b, bOff, bRow, bCol, k, n, jp, bp, jp - s);
                }
                block(0, m, s * NR, Math.min(n, e * NR), k, a, aOff, aRow, aCol, bp, c, cOff, ldc);
            });
        }
    }

    /**
     * C rows [r0, r1) x columns [c0, c1) (r0 a multiple of MR, c0 of NR): the blocked loops around the
     * micro-kernel. {@code bp} holds the packed B column panels from c0 on.
     */
    private static void block(int r0, int r1, int c0, int c1, int k, float[] a, int aOff, int aRow, int aCol,
                              float[] bp, float[] c, int cOff, int ldc) {
        int kBlocks = (k + KC - 1) / KC;
        float[] ap = packedA(MC * ((k + kBlocks - 1) / kBlocks));
        float[] tile = new float[MR * NR];
        for (int jc = c0; jc < c1; jc += NC) {
            int nc = Math.min(NC, c1 - jc);
            for (int kb = 0; kb < kBlocks; kb++) {
                int p0 = (int) ((long) k * kb / kBlocks);
                int kc = (int) ((long) k * (kb + 1) / kBlocks) - p0;
                boolean load = kb > 0;
                for (int ic = r0; ic < r1; ic += MC) {
                    int mc = Math.min(MC, r1 - ic);
                    packA(a, aOff + ic * aRow + p0 * aCol, aRow, aCol, mc, kc, ap);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bi = (jc - c0 + jr) / NR * k * NR + p0 * NR;
                        int ci = cOff + ic * ldc + jc + jr;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            int ai = ir * kc;
                            if (mr == MR && nr == NR) {
                                MicroKernel.run(kc, ap, ai, bp, bi, c, ci + ir * ldc, ldc, load);
                            } else {
                                edge(kc, ap, ai, bp, bi, c, ci + ir * ldc, ldc, mr, nr, load, tile);
                            }
                        }
                    }
                }
            }
        }
    }

    /** A partial tile (mr &lt; MR or nr &lt; NR): the full kernel on a scratch tile, then the valid part copied. */
    private static void edge(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc, int mr,
                             int nr, boolean load, float[] tile) {
        java.util.Arrays.fill(tile, 0f);
        if (load) {
            for (int r = 0; r < mr; r++) {
                System.arraycopy(c, ci + r * ldc, tile, r * NR, nr);
            }
        }
        MicroKernel.run(kc, ap, ai, bp, bi, tile, 0, NR, load);
        for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * NR, c, ci + r * ldc, nr);
        }
    }

    /**
     * Packs mc rows x kc columns of A (element (i, p) at {@code a[base + i*rs + p*cs]}) into row micro-panels:
     * panel q holds rows [q*MR, q*MR + MR) with element (p, r) at {@code ap[q*MR*kc + p*MR + r]}; rows past mc are 0.
     */
    static void packA(float[] a, int base, int rs, int cs, int mc, int kc, float[] ap) {
        int w = 0;
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int src = base + ir * rs;
            if (mr == MR && cs == 1) {
                // Row-major A: one row at a time, reading it contiguously (a unit-stride loop C2 unrolls
                // without bounds checks), writing every MR-th element of the panel.
                for (int r = 0; r < MR; r++) {
                    int s = src + r * rs;
                    int d = w + r;
                    for (int p = 0; p < kc; p++) {
                        ap[d + p * MR] = a[s + p];
                    }
                }
            } else if (mr == MR) {
                for (int p = 0; p < kc; p++) {
                    int s = src + p * cs;
                    int d = w + p * MR;
                    ap[d] = a[s];
                    ap[d + 1] = a[s + rs];
                    ap[d + 2] = a[s + 2 * rs];
                    ap[d + 3] = a[s + 3 * rs];
                    ap[d + 4] = a[s + 4 * rs];
                    ap[d + 5] = a[s + 5 * rs];
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int s = src + p * cs;
                    int d = w + p * MR;
                    for (int r = 0; r < MR; r++) {
                        ap[d + r] = r < mr ? a[s + r * rs] : 0f;
                    }
                }
            }
            w += kc * MR;
        }
    }

    /**
     * Packs column micro-panel jp of B (element (p, j) at {@code b[bOff + p*rs + j*cs]}) as panel {@code dst} of
     * {@code bp}: element (p, j) of the panel at {@code bp[dst*k*NR + p*NR + j]}, columns past n are 0.
     */
    static void packB(float[] b, int bOff, int rs, int cs, int k, int n, int jp, float[] bp, int dst) {
        int j0 = jp * NR;
        int nr = Math.min(NR, n - j0);
        int w = dst * k * NR;
        int src = bOff + j0 * cs;
        if (nr == NR && cs == 1) {
            // Row-major B: each packed row is a contiguous run of NR floats.
            for (int p = 0; p < k; p++) {
                MicroKernel.copyRow(b, src + p * rs, bp, w + p * NR);
            }
            return;
        }
        if (nr < NR) {
            java.util.Arrays.fill(bp, w, w + k * NR, 0f);
        }
        if (Math.abs(rs) < Math.abs(cs)) {
            // Columns closer together than rows (a transposed view): read down each column, a k block at a time.
            for (int p0 = 0; p0 < k; p0 += PACK_KB) {
                int p1 = Math.min(k, p0 + PACK_KB);
                for (int j = 0; j < nr; j++) {
                    int s = src + j * cs;
                    for (int p = p0; p < p1; p++) {
                        bp[w + p * NR + j] = b[s + p * rs];
                    }
                }
            }
        } else {
            for (int p = 0; p < k; p++) {
                int s = src + p * rs;
                int d = w + p * NR;
                for (int j = 0; j < nr; j++) {
                    bp[d + j] = b[s + j * cs];
                }
            }
        }
    }

    private static float[] packedB(long size) {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("matmul too large to pack: " + size + " floats");
        }
        return scratch(0, (int) size);
    }

    private static float[] packedA(int size) {
        return scratch(1, size);
    }

    private static float[] scratch(int slot, int size) {
        if (size > MAX_CACHED) {
            return new float[size];
        }
        float[][] s = SCRATCH.get();
        if (s[slot] == null || s[slot].length < size) {
            s[slot] = new float[size];
        }
        return s[slot];
    }
}
