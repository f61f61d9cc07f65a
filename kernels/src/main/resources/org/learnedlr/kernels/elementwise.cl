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

/* Each elementwise kernel comes in three forms; ElementwiseOps picks one per launch from the operands' layouts,
   coalesced together (Layout.joint). The output is always a fresh contiguous tensor.
     NAME_d  every operand dense (element i at off + i): a 1-D range; the common case, and the one a CPU device
             vectorizes best.
     NAME_3  at most three coalesced axes (broadcasts, transposes, strided views): a 3-D range whose ids are the
             coordinates (i2, i1, i0), so no division per element. Operand element at
             off + i0 * s.s0 + i1 * s.s1 + i2 * s.s2; the first two range dimensions are rounded up to the
             work-group, hence the guard.
     NAME    anything else: offset_of per operand (one division and remainder per axis). */

#define ID3                                                                                                \
    int i2 = get_global_id(0);                                                                             \
    int i1 = get_global_id(1);                                                                             \
    int i0 = get_global_id(2);                                                                             \
    if (i2 >= shape.s2 || i1 >= shape.s1) return;                                                          \
    int o = (i0 * shape.s1 + i1) * shape.s2 + i2;
#define AT3(s, off) ((off) + i0 * (s).s0 + i1 * (s).s1 + i2 * (s).s2)

/* y = EXPR(v), v = x[...]; EXTRA: more kernel parameters (after n or shape), or nothing. */
#define MAP1(NAME, TIN, TOUT, EXPR, EXTRA)                                                                 \
__kernel void NAME(__global const TIN *x, layout_t lx, __global TOUT *y, int n EXTRA) {                   \
    int i = get_global_id(0);                                                                              \
    if (i >= n) return;                                                                                    \
    TIN v = x[offset_of(&lx, i)];                                                                          \
    y[i] = (EXPR);                                                                                         \
}                                                                                                          \
__kernel void NAME##_d(__global const TIN *x, int xo, __global TOUT *y, int n EXTRA) {                    \
    int i = get_global_id(0);                                                                              \
    if (i >= n) return;                                                                                    \
    TIN v = x[xo + i];                                                                                     \
    y[i] = (EXPR);                                                                                         \
}                                                                                                          \
__kernel void NAME##_3(__global const TIN *x, int4 xs, int xo, __global TOUT *y, int4 shape EXTRA) {      \
    ID3                                                                                                    \
    TIN v = x[AT3(xs, xo)];                                                                                \
    y[o] = (EXPR);                                                                                         \
}

#define NONE
#define UNARY(NAME, EXPR) MAP1(NAME, float, float, EXPR, NONE)

UNARY(unary_neg, -v)
UNARY(unary_exp, exp(v))
UNARY(unary_log, log(v))
UNARY(unary_sqrt, sqrt(v))
UNARY(unary_abs, fabs(v))
UNARY(unary_tanh, tanh(v))
UNARY(unary_sigmoid, sigmoid_f(v))
UNARY(unary_relu, v > 0.0f ? v : (isnan(v) ? v : 0.0f))
UNARY(unary_gelu, gelu_f(v))

#define CLAMP_ARGS , float lo, float hi
MAP1(clamp_f, float, float, min_j(max_j(v, lo), hi), CLAMP_ARGS)

/* Float to int truncates toward zero, saturating; NaN becomes 0 (as Java's (int) cast). */
MAP1(cast_f32_i32, float, int, convert_int_sat_rtz(v), NONE)
MAP1(cast_i32_f32, int, float, convert_float(v), NONE)

#define BINARY(NAME, EXPR)                                                                                 \
__kernel void NAME(__global const float *a, layout_t la, __global const float *b, layout_t lb,            \
                   __global float *y, int n) {                                                             \
    int i = get_global_id(0);                                                                              \
    if (i >= n) return;                                                                                    \
    float p = a[offset_of(&la, i)];                                                                        \
    float q = b[offset_of(&lb, i)];                                                                        \
    y[i] = (EXPR);                                                                                         \
}                                                                                                          \
__kernel void NAME##_d(__global const float *a, int ao, __global const float *b, int bo,                  \
                       __global float *y, int n) {                                                         \
    int i = get_global_id(0);                                                                              \
    if (i >= n) return;                                                                                    \
    float p = a[ao + i];                                                                                   \
    float q = b[bo + i];                                                                                   \
    y[i] = (EXPR);                                                                                         \
}                                                                                                          \
__kernel void NAME##_3(__global const float *a, int4 as, int ao, __global const float *b, int4 bs, int bo, \
                       __global float *y, int4 shape) {                                                    \
    ID3                                                                                                    \
    float p = a[AT3(as, ao)];                                                                              \
    float q = b[AT3(bs, bo)];                                                                              \
    y[o] = (EXPR);                                                                                         \
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
/* ReLU's gradient, g (x > 0) with p = g, q = x: the product, as the composed form rounds it (NaN and inf kept). */
BINARY(relu_grad, p * (q > 0.0f ? 1.0f : 0.0f))

__kernel void where_f(__global const float *c, layout_t lc, __global const float *a, layout_t la,
                      __global const float *b, layout_t lb, __global float *y, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    y[i] = c[offset_of(&lc, i)] != 0.0f ? a[offset_of(&la, i)] : b[offset_of(&lb, i)];
}

__kernel void where_f_d(__global const float *c, int co, __global const float *a, int ao,
                        __global const float *b, int bo, __global float *y, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    y[i] = c[co + i] != 0.0f ? a[ao + i] : b[bo + i];
}

__kernel void where_f_3(__global const float *c, int4 cs, int co, __global const float *a, int4 as, int ao,
                        __global const float *b, int4 bs, int bo, __global float *y, int4 shape) {
    ID3
    y[o] = c[AT3(cs, co)] != 0.0f ? a[AT3(as, ao)] : b[AT3(bs, bo)];
}

/* dst[layout(i)] = src[layout(i)], 32-bit words. */
__kernel void copy_u32(__global const uint *x, layout_t lx, __global uint *y, layout_t ly, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    y[offset_of(&ly, i)] = x[offset_of(&lx, i)];
}

/* The same copy for views of at most three (coalesced) axes, as the _3 forms above: no division per element,
   where offset_of spends one per axis and operand (6.5 ns an element on PoCL for a transposing copy). */
__kernel void copy3_u32(__global const uint *x, int4 xs, int xo, __global uint *y, int4 ys, int yo, int4 shape) {
    ID3
    y[AT3(ys, yo)] = x[AT3(xs, xo)];
}

__kernel void fill_u32(__global uint *y, layout_t ly, uint value, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    y[offset_of(&ly, i)] = value;
}

/* fill_u32 on at most three axes, as the _3 forms above (ys: the destination's strides). */
__kernel void fill_u32_3(__global uint *y, int4 ys, int yo, uint value, int4 shape) {
    ID3
    y[AT3(ys, yo)] = value;
}
