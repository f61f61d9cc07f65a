/* Batched C = A B, [.., M, K] x [.., K, N] -> contiguous [.., M, N].

   Both operands are first packed into panels (any strides, broadcast batches, transposed views and ragged edges
   are dealt with there, once, in O(MK + KN)): A into row panels of MR = 6 rows stored k-major (6 consecutive
   floats per k), B into column panels of NR = 16 columns (16 consecutive floats per k), both zero-padded. The
   product kernel then gives each work-item one 6 x 16 tile of C, held in six float16 registers (12 AVX2 or 6
   AVX-512 registers on a CPU; 96 scalar registers on a GPU), and streams one A panel and one B panel with unit
   stride: no bounds checks, no 4-KiB-aliased row strides, nothing but loads and FMAs in the inner loop. */

#define MR 6
#define NR 16

/* Packing: one work-item per (k, panel, batch) = global id (0, 1, 2), moving one panel row (MR or NR floats).
   `batch` gives the offset of each batch's matrix; panels of batch b start at b * panels * k * (MR or NR). */

/* ap[b][ib][kk][r] = A[b, ib*MR + r, kk], 0 past M. */
__kernel void pack_a(__global const float *a, layout_t batch, int sm, int sk, int m, int k, int mb,
                     __global float *ap) {
    int kk = get_global_id(0);
    int ib = get_global_id(1);
    int b = get_global_id(2);
    if (kk >= k || ib >= mb) return;
    __global const float *src = a + offset_of(&batch, b) + kk * sk;
    __global float *dst = ap + (((size_t) b * mb + ib) * k + kk) * MR;
    int row = ib * MR;
    for (int r = 0; r < MR; r++) {
        dst[r] = row + r < m ? src[(row + r) * sm] : 0.0f;
    }
}

/* bp[b][jb][kk][c] = B[b, kk, jb*NR + c], 0 past N. */
__kernel void pack_b(__global const float *bm, layout_t batch, int sk, int sn, int n, int k, int nb,
                     __global float *bp) {
    int kk = get_global_id(0);
    int jb = get_global_id(1);
    int b = get_global_id(2);
    if (kk >= k || jb >= nb) return;
    int col = jb * NR;
    __global const float *src = bm + offset_of(&batch, b) + kk * sk + col * sn;
    __global float *dst = bp + (((size_t) b * nb + jb) * k + kk) * NR;
    if (sn == 1 && col + NR <= n) {
        vstore16(vload16(0, src), 0, dst);
    } else {
        for (int c = 0; c < NR; c++) {
            dst[c] = col + c < n ? src[c * sn] : 0.0f;
        }
    }
}

/* Writes one 6 x 16 tile of C whose first element is (row0, col0) of batch b's (m, n) matrix, rows and columns
   past the edges dropped; adds bias[biasOff + row] when hasBias; with fold != 0 column j of the product is pixel
   j % fold of image j / fold and C is stored as (n / fold, m, fold). Shared by both product kernels. */
inline void store_tile(__global float *c, int m, int n, int b, int row0, int col0, float16 c0, float16 c1,
                       float16 c2, float16 c3, float16 c4, float16 c5, __global const float *bias, int biasOff,
                       int hasBias, int fold) {
    __global float *out = c + (size_t) b * m * n;
    for (int r = 0; r < MR && row0 + r < m; r++) {
        float16 v = r == 0 ? c0 : r == 1 ? c1 : r == 2 ? c2 : r == 3 ? c3 : r == 4 ? c4 : c5;
        if (hasBias) v += (float16) bias[biasOff + row0 + r];
        __global float *dst = out + (size_t) (row0 + r) * n + col0;
        if (fold) {
            /* Column j is pixel j % fold of image j / fold: C goes to (n / fold, m, fold). */
            float tmp[NR];
            vstore16(v, 0, tmp);
            for (int j = 0; j < NR && col0 + j < n; j++) {
                int img = (col0 + j) / fold;
                int px = col0 + j - img * fold;
                c[((size_t) img * m + row0 + r) * fold + px] = tmp[j];
            }
        } else if (col0 + NR <= n) {
            vstore16(v, 0, dst);
        } else {
            float tmp[NR];
            vstore16(v, 0, tmp);
            for (int j = 0; col0 + j < n; j++) dst[j] = tmp[j];
        }
    }
}

/* One 6 x 16 tile of C per work-item: (column panel, row panel, batch) = global id (0, 1, 2).
   aStride / bStride: floats between the panels of consecutive batches (0 for a broadcast operand).
   bias (when hasBias): bias[biasOff + row] is added to row `row` of each batch (a convolution's bias).
   fold (when not 0): C's n columns are fold-long runs of consecutive images, stored as (n / fold, m, fold) (a
   convolution with the batch folded into the columns, stored as (N, O, L) without a copy).
   Blocking K (a KC loop with a work-group barrier, so that a group's items share a B slice in L1) was measured on
   PoCL and lost to this plain loop: the packed panels stream well and PoCL pays for every barrier. */
__kernel void gemm_6x16(__global const float *ap, int aStride, __global const float *bp, int bStride,
                        __global float *c, int m, int n, int k, int mb, int nb,
                        __global const float *bias, int biasOff, int hasBias, int fold) {
    int jb = get_global_id(0);
    int ib = get_global_id(1);
    int b = get_global_id(2);
    if (jb >= nb || ib >= mb) return;
    __global const float *pa = ap + (size_t) b * aStride + (size_t) ib * k * MR;
    __global const float *pb = bp + (size_t) b * bStride + (size_t) jb * k * NR;
    float16 c0 = 0.0f, c1 = 0.0f, c2 = 0.0f, c3 = 0.0f, c4 = 0.0f, c5 = 0.0f;
    for (int kk = 0; kk < k; kk++) {
        float16 bv = vload16(kk, pb);
        __global const float *av = pa + kk * MR;
        c0 = fma((float16) av[0], bv, c0);
        c1 = fma((float16) av[1], bv, c1);
        c2 = fma((float16) av[2], bv, c2);
        c3 = fma((float16) av[3], bv, c3);
        c4 = fma((float16) av[4], bv, c4);
        c5 = fma((float16) av[5], bv, c5);
    }
    store_tile(c, m, n, b, ib * MR, jb * NR, c0, c1, c2, c3, c4, c5, bias, biasOff, hasBias, fold);
}

/* The product without packing, for small products where the two packing launches cost more than they save: the
   same 6 x 16 register tile per work-item, reading A with any strides (six rows' scalars per k) and B's rows with
   unit stride (one vload16 per k), so a product is one launch. Rows past M repeat row M - 1 (computed, not
   stored); a ragged last column panel loads its columns one by one, zero past N. Batches as in the packers. */
__kernel void gemm_direct_6x16(__global const float *a, layout_t aBatch, int sm, int sk,
                               __global const float *bm, layout_t bBatch, int sbk,
                               __global float *c, int m, int n, int k, int mb, int nb,
                               __global const float *bias, int biasOff, int hasBias) {
    int jb = get_global_id(0);
    int ib = get_global_id(1);
    int b = get_global_id(2);
    if (jb >= nb || ib >= mb) return;
    int row0 = ib * MR;
    int col0 = jb * NR;
    __global const float *pa = a + offset_of(&aBatch, b);
    __global const float *a0 = pa + row0 * sm;
    __global const float *a1 = pa + min(row0 + 1, m - 1) * sm;
    __global const float *a2 = pa + min(row0 + 2, m - 1) * sm;
    __global const float *a3 = pa + min(row0 + 3, m - 1) * sm;
    __global const float *a4 = pa + min(row0 + 4, m - 1) * sm;
    __global const float *a5 = pa + min(row0 + 5, m - 1) * sm;
    __global const float *pb = bm + offset_of(&bBatch, b) + col0;
    float16 c0 = 0.0f, c1 = 0.0f, c2 = 0.0f, c3 = 0.0f, c4 = 0.0f, c5 = 0.0f;
    int full = col0 + NR <= n;
    int kk = 0;
    if (full && sk == 1) {
        /* Rows of A contiguous: four k at a time, each row's four values in one load. */
        for (; kk + 4 <= k; kk += 4) {
            float4 x0 = vload4(0, a0 + kk), x1 = vload4(0, a1 + kk), x2 = vload4(0, a2 + kk);
            float4 x3 = vload4(0, a3 + kk), x4 = vload4(0, a4 + kk), x5 = vload4(0, a5 + kk);
            __global const float *pk = pb + kk * sbk;
            float16 bv = vload16(0, pk);
            c0 = fma((float16) x0.s0, bv, c0); c1 = fma((float16) x1.s0, bv, c1); c2 = fma((float16) x2.s0, bv, c2);
            c3 = fma((float16) x3.s0, bv, c3); c4 = fma((float16) x4.s0, bv, c4); c5 = fma((float16) x5.s0, bv, c5);
            bv = vload16(0, pk + sbk);
            c0 = fma((float16) x0.s1, bv, c0); c1 = fma((float16) x1.s1, bv, c1); c2 = fma((float16) x2.s1, bv, c2);
            c3 = fma((float16) x3.s1, bv, c3); c4 = fma((float16) x4.s1, bv, c4); c5 = fma((float16) x5.s1, bv, c5);
            bv = vload16(0, pk + 2 * sbk);
            c0 = fma((float16) x0.s2, bv, c0); c1 = fma((float16) x1.s2, bv, c1); c2 = fma((float16) x2.s2, bv, c2);
            c3 = fma((float16) x3.s2, bv, c3); c4 = fma((float16) x4.s2, bv, c4); c5 = fma((float16) x5.s2, bv, c5);
            bv = vload16(0, pk + 3 * sbk);
            c0 = fma((float16) x0.s3, bv, c0); c1 = fma((float16) x1.s3, bv, c1); c2 = fma((float16) x2.s3, bv, c2);
            c3 = fma((float16) x3.s3, bv, c3); c4 = fma((float16) x4.s3, bv, c4); c5 = fma((float16) x5.s3, bv, c5);
        }
    }
    for (; kk < k; kk++) {
        float16 bv;
        if (full) {
            bv = vload16(0, pb + kk * sbk);
        } else {
            float tmp[NR];
            for (int j = 0; j < NR; j++) tmp[j] = col0 + j < n ? pb[kk * sbk + j] : 0.0f;
            bv = vload16(0, tmp);
        }
        int ak = kk * sk;
        c0 = fma((float16) a0[ak], bv, c0);
        c1 = fma((float16) a1[ak], bv, c1);
        c2 = fma((float16) a2[ak], bv, c2);
        c3 = fma((float16) a3[ak], bv, c3);
        c4 = fma((float16) a4[ak], bv, c4);
        c5 = fma((float16) a5[ak], bv, c5);
    }
    store_tile(c, m, n, b, row0, col0, c0, c1, c2, c3, c4, c5, bias, biasOff, hasBias, 0);
}

/* The product with B given transposed (B[k][j] = bt[j][k], k unit-stride in both operands: x W^T, q k^T), without
   packing: each work-item computes a 4 x 4 tile of C as 16 dot products over k, 16 k at a time in float16 lanes
   (4 + 4 vload16 and 16 vector FMAs per step, every accumulator a named register), summed across lanes at the
   end; a k tail past the last multiple of 16 is added one by one. Rows past M and columns past N repeat the last
   row or column (computed, not stored). */

#define NT_ROW(r, av) \
    c##r##0 = fma(av, b0, c##r##0); c##r##1 = fma(av, b1, c##r##1); \
    c##r##2 = fma(av, b2, c##r##2); c##r##3 = fma(av, b3, c##r##3);

#define NT_STORE(r, ap) \
    if (row0 + r < m) { \
        float s0 = lane_sum(c##r##0), s1 = lane_sum(c##r##1), s2 = lane_sum(c##r##2), s3 = lane_sum(c##r##3); \
        for (int kk = k16 * 16; kk < k; kk++) { \
            float x = ap[kk]; \
            s0 = fma(x, p0[kk], s0); s1 = fma(x, p1[kk], s1); s2 = fma(x, p2[kk], s2); s3 = fma(x, p3[kk], s3); \
        } \
        __global float *dst = out + (size_t) (row0 + r) * n + col0; \
        dst[0] = s0; \
        if (col0 + 1 < n) dst[1] = s1; \
        if (col0 + 2 < n) dst[2] = s2; \
        if (col0 + 3 < n) dst[3] = s3; \
    }

__kernel void gemm_nt_4x4(__global const float *a, layout_t aBatch, int sm,
                          __global const float *bt, layout_t bBatch, int sn,
                          __global float *c, int m, int n, int k, int mb, int nb) {
    int jb = get_global_id(0);
    int ib = get_global_id(1);
    int b = get_global_id(2);
    if (jb >= nb || ib >= mb) return;
    int row0 = ib * 4;
    int col0 = jb * 4;
    __global const float *pa = a + offset_of(&aBatch, b);
    __global const float *pb = bt + offset_of(&bBatch, b);
    __global const float *a0 = pa + row0 * sm;
    __global const float *a1 = pa + min(row0 + 1, m - 1) * sm;
    __global const float *a2 = pa + min(row0 + 2, m - 1) * sm;
    __global const float *a3 = pa + min(row0 + 3, m - 1) * sm;
    __global const float *p0 = pb + col0 * sn;
    __global const float *p1 = pb + min(col0 + 1, n - 1) * sn;
    __global const float *p2 = pb + min(col0 + 2, n - 1) * sn;
    __global const float *p3 = pb + min(col0 + 3, n - 1) * sn;
    float16 c00 = 0.0f, c01 = 0.0f, c02 = 0.0f, c03 = 0.0f, c10 = 0.0f, c11 = 0.0f, c12 = 0.0f, c13 = 0.0f;
    float16 c20 = 0.0f, c21 = 0.0f, c22 = 0.0f, c23 = 0.0f, c30 = 0.0f, c31 = 0.0f, c32 = 0.0f, c33 = 0.0f;
    int k16 = k / 16;
    for (int kk = 0; kk < k16; kk++) {
        float16 b0 = vload16(kk, p0), b1 = vload16(kk, p1), b2 = vload16(kk, p2), b3 = vload16(kk, p3);
        NT_ROW(0, vload16(kk, a0))
        NT_ROW(1, vload16(kk, a1))
        NT_ROW(2, vload16(kk, a2))
        NT_ROW(3, vload16(kk, a3))
    }
    __global float *out = c + (size_t) b * m * n;
    NT_STORE(0, a0)
    NT_STORE(1, a1)
    NT_STORE(2, a2)
    NT_STORE(3, a3)
}
