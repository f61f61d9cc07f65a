/* Row reductions. The reduced axes of a view have been moved last, so every output element reduces one "row":
   element (r, i) lives at offset_of(rows, r) + offset_of(cols, i), where `cols` has offset 0.
   Serial kernels give each row to one work-item (short rows, or rows along a strided axis whose neighbours are
   neighbours in memory). Split kernels cut each row into t partial results on a 2-D range (t, rows), with no
   work-group barrier (PoCL saves and restores every work-item's state at one); a further launch reduces the
   (rows, t) partial results.
   MAX and ARGMAX let NaN win, as the CPU backend does; SUMSQ sums the squares (the first pass of sumOfSquares).

   Each kernel comes in two forms: NAME_2 for columns of at most two coalesced axes, element (j, k) of a row at
   j * c.s0 + k * c.s1 (n2: the length of the inner axis), which needs no division per element; and NAME, through
   offset_of, for more. Rows always go through offset_of: once per row and work-item. */

inline float add_f(float a, float b) {
    return a + b;
}

#define SAME(v) (v)
#define SQUARE(v) ((v) * (v))
/* Lane-wise forms of OP, for any vector width. */
#define ADD_V(a, b) ((a) + (b))

/* The next element of a two-axis row: i by step, (j, k) by (dj, dk) with a carry. */
#define STEP2                                                                                              \
    i += step;                                                                                             \
    j += dj;                                                                                               \
    k += dk;                                                                                               \
    if (k >= n2) {                                                                                         \
        k -= n2;                                                                                           \
        j++;                                                                                               \
    }

#define REDUCE(NAME, INIT, OP, OPV, LOAD)                                                                       \
__kernel void NAME##_serial(__global const float *x, layout_t rows, layout_t cols, __global float *y,      \
                            int outer, int n) {                                                            \
    int r = get_global_id(0);                                                                              \
    if (r >= outer) return;                                                                                \
    int base = offset_of(&rows, r);                                                                        \
    float acc = INIT;                                                                                      \
    for (int i = 0; i < n; i++) {                                                                          \
        acc = OP(acc, LOAD(x[base + offset_of(&cols, i)]));                                                \
    }                                                                                                      \
    y[r] = acc;                                                                                            \
}                                                                                                          \
__kernel void NAME##_serial_2(__global const float *x, layout_t rows, int2 c, int n2, __global float *y,   \
                              int outer, int n) {                                                          \
    int r = get_global_id(0);                                                                              \
    if (r >= outer) return;                                                                                \
    __global const float *p = x + offset_of(&rows, r);                                                     \
    float acc = INIT;                                                                                      \
    for (int j = 0; j < n / n2; j++) {                                                                     \
        for (int k = 0; k < n2; k++) {                                                                     \
            acc = OP(acc, LOAD(p[j * c.s0 + k * c.s1]));                                                   \
        }                                                                                                  \
    }                                                                                                      \
    y[r] = acc;                                                                                            \
}                                                                                                          \
/* (The split kernels write row r's t partial results at y[yo + r * t], yo an offset into a shared buffer.)       \
   Work-item p of row r reduces elements i = p * first + m * step, m in [0, rounds), i < n: interleaved on a GPU  \
   (first 1, step t: neighbouring work-items read neighbouring elements), contiguous chunks on a CPU device   \
   (first = rounds = ceil(n / t), step 1: a work-item, run as a scalar loop, reads whole cache lines). */     \
__kernel void NAME##_split(__global const float *x, layout_t rows, layout_t cols, __global float *y, int yo, \
                           int first, int step, int rounds, int n) {                                        \
    int p = get_global_id(0);                                                                              \
    int r = get_global_id(1);                                                                              \
    int t = get_global_size(0);                                                                            \
    int base = offset_of(&rows, r);                                                                        \
    float acc = INIT;                                                                                      \
    for (int m = 0, i = p * first; m < rounds && i < n; m++, i += step) {                                  \
        acc = OP(acc, LOAD(x[base + offset_of(&cols, i)]));                                                \
    }                                                                                                      \
    y[yo + r * t + p] = acc;                                                                                    \
}                                                                                                          \
/* The same with the element (j, k) stepped without dividing: (dj, dk) = (step / n2, step % n2). */          \
__kernel void NAME##_split_2(__global const float *x, layout_t rows, int2 c, int n2, __global float *y,    \
                             int yo, int first, int step, int rounds, int n) {                              \
    int p = get_global_id(0);                                                                              \
    int r = get_global_id(1);                                                                              \
    int t = get_global_size(0);                                                                            \
    __global const float *px = x + offset_of(&rows, r);                                                    \
    int i = p * first;                                                                                     \
    int j = i / n2;                                                                                        \
    int k = i - j * n2;                                                                                    \
    int dj = step / n2;                                                                                    \
    int dk = step - dj * n2;                                                                               \
    float a0 = INIT, a1 = INIT, a2 = INIT, a3 = INIT;                                                      \
    int m = 0;                                                                                             \
    /* Four accumulators: a work-item run as a scalar loop is not held to the latency of one chain of adds. */ \
    for (; m + 3 < rounds && i + 3 * step < n; m += 4) {                                                   \
        a0 = OP(a0, LOAD(px[j * c.s0 + k * c.s1]));                                                        \
        STEP2                                                                                              \
        a1 = OP(a1, LOAD(px[j * c.s0 + k * c.s1]));                                                        \
        STEP2                                                                                              \
        a2 = OP(a2, LOAD(px[j * c.s0 + k * c.s1]));                                                        \
        STEP2                                                                                              \
        a3 = OP(a3, LOAD(px[j * c.s0 + k * c.s1]));                                                        \
        STEP2                                                                                              \
    }                                                                                                      \
    for (; m < rounds && i < n; m++) {                                                                     \
        a0 = OP(a0, LOAD(px[j * c.s0 + k * c.s1]));                                                        \
        STEP2                                                                                              \
    }                                                                                                      \
    y[yo + r * t + p] = OP(OP(a0, a1), OP(a2, a3));                                                             \
}                                                                                                          \
/* Dense rows on a CPU device: work-item p reduces the contiguous chunk [p * chunk, (p + 1) * chunk) of its    \
   row in float16 lanes (explicit SIMD, which PoCL does not derive from a loop inside a work-item), then the   \
   lanes in a fixed order and the tail. */                                                                 \
__kernel void NAME##_dense16(__global const float *x, layout_t rows, __global float *y, int yo, int chunk,  \
                             int n) {                                                                       \
    int p = get_global_id(0);                                                                              \
    int r = get_global_id(1);                                                                              \
    int t = get_global_size(0);                                                                            \
    __global const float *px = x + offset_of(&rows, r);                                                    \
    int i = p * chunk;                                                                                     \
    int to = min(n, i + chunk);                                                                            \
    float16 acc = (float16) (INIT);                                                                        \
    for (; i + 16 <= to; i += 16) {                                                                        \
        float16 v = vload16(0, px + i);                                                                    \
        acc = OPV(acc, LOAD(v));                                                                           \
    }                                                                                                      \
    float8 h8 = OPV(acc.lo, acc.hi);                                                                       \
    float4 h4 = OPV(h8.lo, h8.hi);                                                                         \
    float2 h2 = OPV(h4.lo, h4.hi);                                                                         \
    float a = OP(h2.x, h2.y);                                                                              \
    for (; i < to; i++) {                                                                                  \
        a = OP(a, LOAD(px[i]));                                                                            \
    }                                                                                                      \
    y[yo + r * t + p] = a;                                                                                      \
}                                                                                                          \
/* Columns of a dense (a, m) matrix at x + off on a CPU device: y[col] = OP over the a rows. Work-item q takes    \
   columns [16q, 16q + 16) in float16 lanes, the last, partial group column by column. (A sum over the batch,   \
   or the first stage of one over (N, H, W) of an (N, C, H, W) tensor.) */                                    \
__kernel void NAME##_cols16(__global const float *x, int off, int a, int m, __global float *y) {              \
    int c0 = get_global_id(0) * 16;                                                                        \
    if (c0 >= m) return;                                                                                   \
    __global const float *px = x + off + c0;                                                               \
    if (c0 + 16 <= m) {                                                                                    \
        float16 acc = (float16) (INIT);                                                                    \
        for (int j = 0; j < a; j++) {                                                                      \
            float16 v = vload16(0, px + (size_t) j * m);                                                   \
            acc = OPV(acc, LOAD(v));                                                                       \
        }                                                                                                  \
        vstore16(acc, 0, y + c0);                                                                          \
    } else {                                                                                               \
        for (int c = 0; c < m - c0; c++) {                                                                 \
            float acc = INIT;                                                                              \
            for (int j = 0; j < a; j++) {                                                                  \
                acc = OP(acc, LOAD(px[(size_t) j * m + c]));                                               \
            }                                                                                              \
            y[c0 + c] = acc;                                                                               \
        }                                                                                                  \
    }                                                                                                      \
}

REDUCE(sum, 0.0f, add_f, ADD_V, SAME)
REDUCE(sumsq, 0.0f, add_f, ADD_V, SQUARE)
REDUCE(max, -INFINITY, max_nan, MAX_V, SAME)

/* Argmax: the first maximum; NaN counts as the maximum (the first NaN wins). */
inline bool better(float v, int i, float w, int j) {
    if (isnan(v) != isnan(w)) return isnan(v);
    if (isnan(v) || v == w) return i < j;
    return v > w;
}

__kernel void argmax_serial(__global const float *x, layout_t rows, layout_t cols, __global int *y, int outer, int n) {
    int r = get_global_id(0);
    if (r >= outer) return;
    int base = offset_of(&rows, r);
    float best = x[base + offset_of(&cols, 0)];
    int at = 0;
    for (int i = 1; i < n && !isnan(best); i++) {
        float v = x[base + offset_of(&cols, i)];
        if (v > best || isnan(v)) {
            best = v;
            at = i;
        }
    }
    y[r] = at;
}

__kernel void argmax_group(__global const float *x, layout_t rows, layout_t cols, __global int *y, int n,
                           __local float *s, __local int *si) {
    int r = get_group_id(0);
    int lid = get_local_id(0);
    int base = offset_of(&rows, r);
    float best = -INFINITY;
    int at = n;
    for (int i = lid; i < n; i += get_local_size(0)) {
        float v = x[base + offset_of(&cols, i)];
        if (at == n || better(v, i, best, at)) {
            best = v;
            at = i;
        }
    }
    s[lid] = best;
    si[lid] = at;
    for (int width = (int) get_local_size(0) / 2; width > 0; width >>= 1) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid < width) {
            int j = si[lid + width];
            if (j < n && (si[lid] == n || better(s[lid + width], j, s[lid], si[lid]))) {
                s[lid] = s[lid + width];
                si[lid] = j;
            }
        }
    }
    if (lid == 0) y[r] = si[0];
}
