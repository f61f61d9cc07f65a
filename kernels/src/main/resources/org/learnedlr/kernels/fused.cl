/* Fused kernels for ops whose composed versions (Backend's defaults) stay their test oracle. Contraction into
   FMAs is off so that each formula rounds exactly as the composed one does, step by step.

   Row kernels: element i of row r is at offset_of(rows, r) + i * step (the op's axis moved last). Serial kernels
   give a row to one work-item (short rows); group kernels give it to one power-of-two work-group (a GPU, or strided
   rows); lane kernels give a dense row to one work-item in float16 lanes (a CPU device). */

#pragma OPENCL FP_CONTRACT OFF

/* log = 0: exp(x - max) / sum(exp(x - max));  log = 1: (x - max) - log(sum(exp(x - max))). */
__kernel void softmax_serial(__global const float *x, layout_t xr, int xs, __global float *y, layout_t yr, int ys,
                             int outer, int n, int log_) {
    int r = get_global_id(0);
    if (r >= outer) return;
    __global const float *px = x + offset_of(&xr, r);
    __global float *py = y + offset_of(&yr, r);
    float m = -INFINITY;
    for (int i = 0; i < n; i++) m = max_nan(m, px[i * xs]);
    float s = 0.0f;
    for (int i = 0; i < n; i++) s += exp(px[i * xs] - m);
    if (log_) {
        float ls = log(s);
        for (int i = 0; i < n; i++) py[i * ys] = (px[i * xs] - m) - ls;
    } else {
        for (int i = 0; i < n; i++) py[i * ys] = exp(px[i * xs] - m) / s;
    }
}

inline float group_sum(__local float *s, float v) {
    int lid = get_local_id(0);
    barrier(CLK_LOCAL_MEM_FENCE);
    s[lid] = v;
    for (int width = (int) get_local_size(0) / 2; width > 0; width >>= 1) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid < width) s[lid] += s[lid + width];
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    return s[0];
}

inline float group_max(__local float *s, float v) {
    int lid = get_local_id(0);
    barrier(CLK_LOCAL_MEM_FENCE);
    s[lid] = v;
    for (int width = (int) get_local_size(0) / 2; width > 0; width >>= 1) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid < width) s[lid] = max_nan(s[lid], s[lid + width]);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    return s[0];
}

/* Cross-entropy: the mean over rows r of -((x_r,label - m_r) - log(sum_j exp(x_rj - m_r))), m_r the row maximum,
   in one work-group, so that the loss of a batch is one launch: work-item lid takes rows lid, lid + size, ...
   and the group sums. Row r of x starts at offset_of(xr, r), its elements step xs; label r is
   labels[lo + r * ls], already checked to be in [0, k). */
__kernel void cross_entropy(__global const float *x, layout_t xr, int xs, __global const int *labels, int lo,
                            int ls, int n, int k, __global float *out, __local float *scratch) {
    int lid = get_local_id(0);
    float acc = 0.0f;
    for (int r = lid; r < n; r += (int) get_local_size(0)) {
        __global const float *px = x + offset_of(&xr, r);
        float m = -INFINITY;
        for (int j = 0; j < k; j++) m = max_nan(m, px[j * xs]);
        float s = 0.0f;
        for (int j = 0; j < k; j++) s += exp(px[j * xs] - m);
        acc += (px[labels[lo + r * ls] * xs] - m) - log(s);
    }
    float total = group_sum(scratch, acc);
    if (lid == 0) out[0] = -(total / (float) n);
}

/* Its gradient, one row per work-item: y_rj = (softmax(x_r)_j - [j == label_r]) * (g / n), y contiguous (n, k). */
__kernel void cross_entropy_grad(__global const float *x, layout_t xr, int xs, __global const int *labels, int lo,
                                 int ls, __global const float *g, int go, __global float *y, int n, int k) {
    int r = get_global_id(0);
    if (r >= n) return;
    __global const float *px = x + offset_of(&xr, r);
    float m = -INFINITY;
    for (int j = 0; j < k; j++) m = max_nan(m, px[j * xs]);
    float s = 0.0f;
    for (int j = 0; j < k; j++) s += exp(px[j * xs] - m);
    float scale = g[go] / (float) n;
    int label = labels[lo + r * ls];
    __global float *py = y + (size_t) r * k;
    for (int j = 0; j < k; j++) py[j] = (exp(px[j * xs] - m) / s - (j == label ? 1.0f : 0.0f)) * scale;
}

__kernel void softmax_group(__global const float *x, layout_t xr, int xs, __global float *y, layout_t yr, int ys,
                            int n, int log_, __local float *scratch) {
    int r = get_group_id(0);
    int lid = get_local_id(0);
    int step = get_local_size(0);
    __global const float *px = x + offset_of(&xr, r);
    __global float *py = y + offset_of(&yr, r);
    float m = -INFINITY;
    for (int i = lid; i < n; i += step) m = max_nan(m, px[i * xs]);
    m = group_max(scratch, m);
    float s = 0.0f;
    for (int i = lid; i < n; i += step) s += exp(px[i * xs] - m);
    s = group_sum(scratch, s);
    if (log_) {
        float ls = log(s);
        for (int i = lid; i < n; i += step) py[i * ys] = (px[i * xs] - m) - ls;
    } else {
        for (int i = lid; i < n; i += step) py[i * ys] = exp(px[i * xs] - m) / s;
    }
}

/* Dense rows on a CPU device: one row per work-item, read and written in float16 lanes (explicit SIMD, which PoCL
   does not derive from a loop inside a work-item; a work-group per row pays for its barriers there), the lanes
   combined in a fixed order, then the tail past the last multiple of 16. Row r of x and of y is unit-stride. */
__kernel void softmax_lanes(__global const float *x, layout_t xr, __global float *y, layout_t yr, int outer, int n,
                            int log_) {
    int r = get_global_id(0);
    if (r >= outer) return;
    __global const float *px = x + offset_of(&xr, r);
    __global float *py = y + offset_of(&yr, r);
    int n16 = n & ~15;
    float16 m16 = (float16) (-INFINITY);
    for (int i = 0; i < n16; i += 16) m16 = MAX_V(m16, vload16(0, px + i));
    float m = lane_max(m16);
    for (int i = n16; i < n; i++) m = max_nan(m, px[i]);
    float16 s16 = 0.0f;
    for (int i = 0; i < n16; i += 16) s16 += exp(vload16(0, px + i) - m);
    float s = lane_sum(s16);
    for (int i = n16; i < n; i++) s += exp(px[i] - m);
    if (log_) {
        float ls = log(s);
        for (int i = 0; i < n16; i += 16) vstore16((vload16(0, px + i) - m) - ls, 0, py + i);
        for (int i = n16; i < n; i++) py[i] = (px[i] - m) - ls;
    } else {
        for (int i = 0; i < n16; i += 16) vstore16(exp(vload16(0, px + i) - m) / s, 0, py + i);
        for (int i = n16; i < n; i++) py[i] = exp(px[i] - m) / s;
    }
}

/* y[r, :] = (x - mean) / sqrt(var + eps) * w + b over rows of length n; biased variance; y contiguous.
   The mean is summed relative to the row's first element, so a constant row has exactly its value as mean (and
   normalises to exactly 0) and large offsets cost no precision. */
__kernel void layer_norm_serial(__global const float *x, layout_t xr, int xs, __global float *y,
                                __global const float *w, int wo, int hasW, __global const float *b, int bo, int hasB,
                                float eps, int outer, int n) {
    int r = get_global_id(0);
    if (r >= outer) return;
    __global const float *px = x + offset_of(&xr, r);
    __global float *py = y + (size_t) r * n;
    float fn = (float) n;
    float x0 = px[0];
    float s = 0.0f;
    for (int i = 0; i < n; i++) s += px[i * xs] - x0;
    float mean = x0 + s / fn;
    float q = 0.0f;
    for (int i = 0; i < n; i++) {
        float c = px[i * xs] - mean;
        q += c * c;
    }
    float rstd = sqrt(q / fn + eps);
    for (int i = 0; i < n; i++) {
        float v = (px[i * xs] - mean) / rstd;
        if (hasW) v = v * w[wo + i];
        if (hasB) v = v + b[bo + i];
        py[i] = v;
    }
}

__kernel void layer_norm_group(__global const float *x, layout_t xr, int xs, __global float *y,
                               __global const float *w, int wo, int hasW, __global const float *b, int bo, int hasB,
                               float eps, int n, __local float *scratch) {
    int r = get_group_id(0);
    int lid = get_local_id(0);
    int step = get_local_size(0);
    __global const float *px = x + offset_of(&xr, r);
    __global float *py = y + (size_t) r * n;
    float fn = (float) n;
    float x0 = px[0];
    float s = 0.0f;
    for (int i = lid; i < n; i += step) s += px[i * xs] - x0;
    float mean = x0 + group_sum(scratch, s) / fn;
    float q = 0.0f;
    for (int i = lid; i < n; i += step) {
        float c = px[i * xs] - mean;
        q += c * c;
    }
    float rstd = sqrt(group_sum(scratch, q) / fn + eps);
    for (int i = lid; i < n; i += step) {
        float v = (px[i * xs] - mean) / rstd;
        if (hasW) v = v * w[wo + i];
        if (hasB) v = v + b[bo + i];
        py[i] = v;
    }
}

/* Layer norm of dense rows on a CPU device, as softmax_lanes: one row per work-item in float16 lanes. */
__kernel void layer_norm_lanes(__global const float *x, layout_t xr, __global float *y,
                               __global const float *w, int wo, int hasW, __global const float *b, int bo, int hasB,
                               float eps, int outer, int n) {
    int r = get_global_id(0);
    if (r >= outer) return;
    __global const float *px = x + offset_of(&xr, r);
    __global float *py = y + (size_t) r * n;
    int n16 = n & ~15;
    float fn = (float) n;
    float x0 = px[0];
    float16 s16 = 0.0f;
    for (int i = 0; i < n16; i += 16) s16 += vload16(0, px + i) - x0;
    float s = lane_sum(s16);
    for (int i = n16; i < n; i++) s += px[i] - x0;
    float mean = x0 + s / fn;
    float16 q16 = 0.0f;
    for (int i = 0; i < n16; i += 16) {
        float16 c = vload16(0, px + i) - mean;
        q16 += c * c;
    }
    float q = lane_sum(q16);
    for (int i = n16; i < n; i++) {
        float c = px[i] - mean;
        q += c * c;
    }
    float rstd = sqrt(q / fn + eps);
    for (int i = 0; i < n16; i += 16) {
        float16 v = (vload16(0, px + i) - mean) / rstd;
        if (hasW) v = v * vload16(0, w + wo + i);
        if (hasB) v = v + vload16(0, b + bo + i);
        vstore16(v, 0, py + i);
    }
    for (int i = n16; i < n; i++) {
        float v = (px[i] - mean) / rstd;
        if (hasW) v = v * w[wo + i];
        if (hasB) v = v + b[bo + i];
        py[i] = v;
    }
}

/* In place, SgdStep's formula. flags: 1 momentum, 2 Nesterov, 4 first step, 8 weight decay. Two forms, as the
   elementwise kernels': _d when every operand is dense (the usual case: parameters, gradients and buffers are
   contiguous), and the general one through offset_of. */
inline void sgd_at(__global float *p, int ip, __global const float *g, int ig, __global float *buf, int ib,
                   float lr, float momentum, float keep, float wd, int flags) {
    float pv = p[ip];
    float gv = g[ig];
    if (flags & 8) gv = gv + pv * wd;
    float d = gv;
    if (flags & 1) {
        float bv = (flags & 4) ? gv : buf[ib] * momentum + gv * keep;
        buf[ib] = bv;
        d = (flags & 2) ? gv + bv * momentum : bv;
    }
    p[ip] = pv - d * lr;
}

__kernel void sgd_update(__global float *p, layout_t lp, __global const float *g, layout_t lg,
                         __global float *buf, layout_t lb, float lr, float momentum, float keep, float wd,
                         int flags, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    sgd_at(p, offset_of(&lp, i), g, offset_of(&lg, i), buf, (flags & 1) ? offset_of(&lb, i) : 0, lr, momentum, keep,
           wd, flags);
}

/* sgd_at's formula on 16 lanes, the same roundings (contraction is off): returns the new parameters, *bv the new
   momentum buffer. */
inline float16 sgd_lanes(float16 pv, float16 gv, float16 *bv, float lr, float momentum, float keep, float wd,
                         int flags) {
    if (flags & 8) gv = gv + pv * wd;
    float16 d = gv;
    if (flags & 1) {
        *bv = (flags & 4) ? gv : *bv * momentum + gv * keep;
        d = (flags & 2) ? gv + *bv * momentum : *bv;
    }
    return pv - d * lr;
}

/* Dense operands: 16 consecutive elements per work-item in float16 lanes (PoCL does not vectorize a work-item's
   scalar code; on a GPU a work-item's 64 bytes sit beside its neighbours'). The last, partial 16 go through a
   zero-padded private copy. */
__kernel void sgd_update_d(__global float *p, int po, __global const float *g, int go, __global float *buf, int bo,
                           float lr, float momentum, float keep, float wd, int flags, int n) {
    int i = get_global_id(0) * 16;
    if (i >= n) return;
    int len = min(16, n - i);
    int readBuf = (flags & 1) && !(flags & 4);
    if (len == 16) {
        float16 bv = readBuf ? vload16(0, buf + bo + i) : (float16) 0.0f;
        vstore16(sgd_lanes(vload16(0, p + po + i), vload16(0, g + go + i), &bv, lr, momentum, keep, wd, flags), 0,
                 p + po + i);
        if (flags & 1) vstore16(bv, 0, buf + bo + i);
        return;
    }
    float pa[16], ga[16], ba[16];
    for (int j = 0; j < 16; j++) {
        pa[j] = j < len ? p[po + i + j] : 0.0f;
        ga[j] = j < len ? g[go + i + j] : 0.0f;
        ba[j] = j < len && readBuf ? buf[bo + i + j] : 0.0f;
    }
    float16 bv = vload16(0, ba);
    vstore16(sgd_lanes(vload16(0, pa), vload16(0, ga), &bv, lr, momentum, keep, wd, flags), 0, pa);
    vstore16(bv, 0, ba);
    for (int j = 0; j < len; j++) {
        p[po + i + j] = pa[j];
        if (flags & 1) buf[bo + i + j] = ba[j];
    }
}

/* In place, AdamStep's formula. decay: 0 none, 1 coupled (g += wd p), 2 decoupled (p *= shrink). */
inline void adam_at(__global float *p, int ip, __global const float *g, int ig, __global float *m, int im,
                    __global float *v, int iv, float lr, float b1, float one_b1, float b2, float one_b2, float c1,
                    float c2, float eps, float wd, float shrink, int decay) {
    float pv = p[ip];
    float gv = g[ig];
    if (decay == 1) gv = gv + pv * wd;
    if (decay == 2) pv = pv * shrink;
    float mn = m[im] * b1 + gv * one_b1;
    float vn = v[iv] * b2 + (gv * gv) * one_b2;
    m[im] = mn;
    v[iv] = vn;
    p[ip] = pv - mn / c1 / (sqrt(vn / c2) + eps) * lr;
}

__kernel void adam_update(__global float *p, layout_t lp, __global const float *g, layout_t lg,
                          __global float *m, layout_t lm, __global float *v, layout_t lv,
                          float lr, float b1, float one_b1, float b2, float one_b2, float c1, float c2, float eps,
                          float wd, float shrink, int decay, int n) {
    int i = get_global_id(0);
    if (i >= n) return;
    adam_at(p, offset_of(&lp, i), g, offset_of(&lg, i), m, offset_of(&lm, i), v, offset_of(&lv, i), lr, b1, one_b1,
            b2, one_b2, c1, c2, eps, wd, shrink, decay);
}

/* adam_at's formula on 16 lanes: returns the new parameters, *m and *v the new moments. */
inline float16 adam_lanes(float16 pv, float16 gv, float16 *m, float16 *v, float lr, float b1, float one_b1, float b2,
                          float one_b2, float c1, float c2, float eps, float wd, float shrink, int decay) {
    if (decay == 1) gv = gv + pv * wd;
    if (decay == 2) pv = pv * shrink;
    *m = *m * b1 + gv * one_b1;
    *v = *v * b2 + (gv * gv) * one_b2;
    return pv - *m / c1 / (sqrt(*v / c2) + eps) * lr;
}

/* Dense operands: 16 elements per work-item in float16 lanes (as sgd_update_d). */
__kernel void adam_update_d(__global float *p, int po, __global const float *g, int go, __global float *m, int mo,
                            __global float *v, int vo, float lr, float b1, float one_b1, float b2, float one_b2,
                            float c1, float c2, float eps, float wd, float shrink, int decay, int n) {
    int i = get_global_id(0) * 16;
    if (i >= n) return;
    int len = min(16, n - i);
    if (len == 16) {
        float16 mv = vload16(0, m + mo + i);
        float16 vv = vload16(0, v + vo + i);
        vstore16(adam_lanes(vload16(0, p + po + i), vload16(0, g + go + i), &mv, &vv, lr, b1, one_b1, b2, one_b2,
                            c1, c2, eps, wd, shrink, decay), 0, p + po + i);
        vstore16(mv, 0, m + mo + i);
        vstore16(vv, 0, v + vo + i);
        return;
    }
    float pa[16], ga[16], ma[16], va[16];
    for (int j = 0; j < 16; j++) {
        pa[j] = j < len ? p[po + i + j] : 0.0f;
        ga[j] = j < len ? g[go + i + j] : 0.0f;
        ma[j] = j < len ? m[mo + i + j] : 0.0f;
        va[j] = j < len ? v[vo + i + j] : 0.0f;
    }
    float16 mv = vload16(0, ma);
    float16 vv = vload16(0, va);
    vstore16(adam_lanes(vload16(0, pa), vload16(0, ga), &mv, &vv, lr, b1, one_b1, b2, one_b2, c1, c2, eps, wd,
                        shrink, decay), 0, pa);
    vstore16(mv, 0, ma);
    vstore16(vv, 0, va);
    for (int j = 0; j < len; j++) {
        p[po + i + j] = pa[j];
        m[mo + i + j] = ma[j];
        v[vo + i + j] = va[j];
    }
}
