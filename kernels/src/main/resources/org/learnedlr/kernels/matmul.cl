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
    int row0 = ib * MR;
    int col0 = jb * NR;
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
