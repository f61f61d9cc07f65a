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
