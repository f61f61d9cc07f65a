/* Elementwise primitives: y[i] = f(x[layout(i)]) into a contiguous y; copies, fills and casts work on raw 32-bit
   words, so they serve FLOAT32 and INT32 alike. NaN handling follows Java's Math (see the helpers). */

inline float sigmoid_f(float x) {
    if (x >= 0.0f) {
        return 1.0f / (1.0f + exp(-x));
    }
    float e = exp(x);
    return e / (1.0f + e);
}

/* GELU, tanh form, using 1 + tanh(u) = 2 / (1 + exp(-2u)): no cancellation where tanh(u) is near -1 (a tanh a
   few ulp short of -1 there would leave 1 + tanh(u) orders of magnitude too large). */
inline float gelu_f(float x) {
    float u = 0.7978845608028654f * (x + 0.044715f * x * x * x);
    return x / (1.0f + exp(-2.0f * u));
}

/* Java's Math.max/min: NaN wins, and +0 > -0. */
inline float max_j(float a, float b) {
    if (isnan(a) || isnan(b)) return a + b;
    return a > b ? a : (b > a ? b : (signbit(a) ? b : a));
}

inline float min_j(float a, float b) {
    if (isnan(a) || isnan(b)) return a + b;
    return a < b ? a : (b < a ? b : (signbit(a) ? a : b));
}

/* Java's Math.pow where it differs from C's: pow(x, NaN) and pow(+-1, +-inf) are NaN. */
inline float pow_j(float a, float b) {
    if (b == 0.0f) return 1.0f;
    if (isnan(a) || isnan(b)) return a + b;
    if (fabs(a) == 1.0f && isinf(b)) return NAN;
    return pow(a, b);
}

#define UNARY(NAME, EXPR)                                                                                  \
__kernel void NAME(__global const float *x, layout_t lx, __global float *y, int n) {                      \
    int i = get_global_id(0);                                                                              \
    if (i >= n) return;                                                                                    \
    float v = x[offset_of(&lx, i)];                                                                        \
    y[i] = (EXPR);                                                                                         \
}

UNARY(unary_neg, -v)
UNARY(unary_exp, exp(v))
UNARY(unary_log, log(v))
UNARY(unary_sqrt, sqrt(v))
UNARY(unary_abs, fabs(v))
UNARY(unary_tanh, tanh(v))
UNARY(unary_sigmoid, sigmoid_f(v))
UNARY(unary_relu, v > 0.0f ? v : (isnan(v) ? v : 0.0f))
UNARY(unary_gelu, gelu_f(v))

__kernel void clamp_f(__global const float *x, layout_t lx, __global float *y, int n, float lo, float hi) {
    int i = get_global_id(0);
    if (i >= n) return;
    y[i] = min_j(max_j(x[offset_of(&lx, i)], lo), hi);
}

#define BINARY(NAME, EXPR)                                                                                 \
__kernel void NAME(__global const float *a, layout_t la, __global const float *b, layout_t lb,            \
                   __global float *y, int n) {                                                             \
    int i = get_global_id(0);                                                                              \
    if (i >= n) return;                                                                                    \
    float p = a[offset_of(&la, i)];                                                                        \
    float q = b[offset_of(&lb, i)];                                                                        \
    y[i] = (EXPR);                                                                                         \
}

BINARY(binary_add, p + q)
BINARY(binary_sub, p - q)
BINARY(binary_mul, p * q)
BINARY(binary_div, p / q)
BINARY(binary_pow, pow_j(p, q))
BINARY(binary_maximum, max_j(p, q))
BINARY(binary_minimum, min_j(p, q))
BINARY(binary_eq, p == q ? 1.0f : 0.0f)
BINARY(binary_ne, p != q ? 1.0f : 0.0f)
BINARY(binary_lt, p < q ? 1.0f : 0.0f)
BINARY(binary_le, p <= q ? 1.0f : 0.0f)
BINARY(binary_gt, p > q ? 1.0f : 0.0f)
BINARY(binary_ge, p >= q ? 1.0f : 0.0f)

__kernel void where_f(__global const float *c, layout_t lc, __global const float *a, layout_t la,
                      __global const float *b, layout_t lb, __global float *y, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    y[i] = c[offset_of(&lc, i)] != 0.0f ? a[offset_of(&la, i)] : b[offset_of(&lb, i)];
}

/* dst[layout(i)] = src[layout(i)], 32-bit words. */
__kernel void copy_u32(__global const uint *x, layout_t lx, __global uint *y, layout_t ly, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    y[offset_of(&ly, i)] = x[offset_of(&lx, i)];
}

/* The same copy for views of at most three (coalesced) axes, on a 3-D range whose ids are the coordinates
   (i2, i1, i0): no division per element, where offset_of spends one per axis and operand (6.5 ns an element on
   PoCL for a transposing copy). xs, ys: the strides of axes 0, 1, 2 (0 for padding axes). */
__kernel void copy3_u32(__global const uint *x, int4 xs, int xoff, __global uint *y, int4 ys, int yoff) {
    int i2 = get_global_id(0);
    int i1 = get_global_id(1);
    int i0 = get_global_id(2);
    y[yoff + i0 * ys.s0 + i1 * ys.s1 + i2 * ys.s2] = x[xoff + i0 * xs.s0 + i1 * xs.s1 + i2 * xs.s2];
}

__kernel void fill_u32(__global uint *y, layout_t ly, uint value, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    y[offset_of(&ly, i)] = value;
}

/* Float to int truncates toward zero, saturating; NaN becomes 0 (as Java's (int) cast). */
__kernel void cast_f32_i32(__global const float *x, layout_t lx, __global int *y, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    y[i] = convert_int_sat_rtz(x[offset_of(&lx, i)]);
}

__kernel void cast_i32_f32(__global const int *x, layout_t lx, __global float *y, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    y[i] = convert_float(x[offset_of(&lx, i)]);
}
