/* Shared by every program (prepended to each source). OpenCL C 1.2, no extensions. */

#define MAX_RANK 8

/* Where element i (row-major over `shape`) lives: offset + sum_d idx_d(i) * stride[d]. See Layout.java. */
typedef struct {
    int rank;
    int offset;
    int shape[MAX_RANK];
    int stride[MAX_RANK];
} layout_t;

inline int offset_of(const layout_t *l, int i) {
    int off = l->offset;
    for (int d = l->rank - 1; d >= 0; d--) {
        int s = l->shape[d];
        off += (i % s) * l->stride[d];
        i /= s;
    }
    return off;
}

/* max that lets NaN win (as the CPU backend does), for scalars and for float16 lanes. */
inline float max_nan(float a, float b) {
    return (isnan(a) || a > b) ? a : b;
}

#define MAX_V(a, b) select((b), (a), isnan(a) | ((a) > (b)))

/* The sum of a float16's lanes in a fixed order (halves, then quarters, ...). */
inline float lane_sum(float16 v) {
    float8 h8 = v.lo + v.hi;
    float4 h4 = h8.lo + h8.hi;
    float2 h2 = h4.lo + h4.hi;
    return h2.x + h2.y;
}

/* The maximum of a float16's lanes, NaN winning. */
inline float lane_max(float16 v) {
    float8 h8 = MAX_V(v.lo, v.hi);
    float4 h4 = MAX_V(h8.lo, h8.hi);
    float2 h2 = MAX_V(h4.lo, h4.hi);
    return max_nan(h2.x, h2.y);
}
