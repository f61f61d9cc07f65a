/* Row reductions. The reduced axes of a view have been moved last, so every output element reduces one "row":
   element (r, i) lives at offset_of(rows, r) + offset_of(cols, i), where `cols` has offset 0.
   Serial kernels give each row to one work-item (many short rows, or rows along a strided axis); group kernels
   give each (row, chunk) to one work-group of a power-of-two size (long rows; a single long row is cut into
   chunks whose partial results a second launch reduces). MAX and ARGMAX let NaN win, as the CPU backend does. */

inline float max_nan(float a, float b) {
    return (isnan(a) || a > b) ? a : b;
}

__kernel void sum_serial(__global const float *x, layout_t rows, layout_t cols, __global float *y, int outer, int n) {
    int r = get_global_id(0);
    if (r >= outer) return;
    int base = offset_of(&rows, r);
    float acc = 0.0f;
    for (int i = 0; i < n; i++) {
        acc += x[base + offset_of(&cols, i)];
    }
    y[r] = acc;
}

__kernel void max_serial(__global const float *x, layout_t rows, layout_t cols, __global float *y, int outer, int n) {
    int r = get_global_id(0);
    if (r >= outer) return;
    int base = offset_of(&rows, r);
    float acc = -INFINITY;
    for (int i = 0; i < n; i++) {
        acc = max_nan(acc, x[base + offset_of(&cols, i)]);
    }
    y[r] = acc;
}

/* Tree reduction of s[0 .. size) into s[0]; size is a power of two. */
#define TREE(OP)                                                                                         \
    for (int width = (int) get_local_size(0) / 2; width > 0; width >>= 1) {                                 \
        barrier(CLK_LOCAL_MEM_FENCE);                                                                    \
        if (lid < width) s[lid] = OP(s[lid], s[lid + width]);                                              \
    }

inline float add_f(float a, float b) {
    return a + b;
}

__kernel void sum_group(__global const float *x, layout_t rows, layout_t cols, __global float *y, int n, int chunk,
                        int chunks, __local float *s) {
    int g = get_group_id(0);
    int lid = get_local_id(0);
    int r = g / chunks;
    int from = (g % chunks) * chunk;
    int to = min(n, from + chunk);
    int base = offset_of(&rows, r);
    float acc = 0.0f;
    for (int i = from + lid; i < to; i += get_local_size(0)) {
        acc += x[base + offset_of(&cols, i)];
    }
    s[lid] = acc;
    TREE(add_f)
    if (lid == 0) y[g] = s[0];
}

__kernel void max_group(__global const float *x, layout_t rows, layout_t cols, __global float *y, int n, int chunk,
                        int chunks, __local float *s) {
    int g = get_group_id(0);
    int lid = get_local_id(0);
    int r = g / chunks;
    int from = (g % chunks) * chunk;
    int to = min(n, from + chunk);
    int base = offset_of(&rows, r);
    float acc = -INFINITY;
    for (int i = from + lid; i < to; i += get_local_size(0)) {
        acc = max_nan(acc, x[base + offset_of(&cols, i)]);
    }
    s[lid] = acc;
    TREE(max_nan)
    if (lid == 0) y[g] = s[0];
}

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
