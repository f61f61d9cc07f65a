/* Gather, scatter-add, im2col and col2im. None of them needs atomics: scatter-add gives each "line" (all
   coordinates but the scatter axis) to one work-item, and col2im gathers into each pixel, so both are
   deterministic and sum in the CPU backend's order. */

/* y[p] = x[base(p) + index[p] * step] for p over index's shape; 32-bit words, so FLOAT32 and INT32 alike. */
__kernel void gather_u32(__global const uint *x, layout_t base, int step, __global const int *index, layout_t li,
                         __global uint *y, int n) {
    int p = get_global_id(0);
    if (p >= n) return;
    y[p] = x[offset_of(&base, p) + index[offset_of(&li, p)] * step];
}

/* For each line l (index's shape without the axis) and j along the axis, in order:
   out[outLine(l) + index[p] * outStep] += src[p], p = (l, j). out is contiguous and zero-filled. */
__kernel void scatter_add_f(__global float *out, layout_t outLine, int outStep,
                            __global const int *index, layout_t indexLine, int indexStep,
                            __global const float *src, layout_t srcLine, int srcStep, int len, int lines) {
    int l = get_global_id(0);
    if (l >= lines) return;
    int o = offset_of(&outLine, l);
    int ix = offset_of(&indexLine, l);
    int s = offset_of(&srcLine, l);
    for (int j = 0; j < len; j++) {
        int at = o + index[ix + j * indexStep] * outStep;
        out[at] += src[s + j * srcStep];
    }
}

/* Geometry, in this order: N, C, H, W, KH, KW, SH, SW, PH, PW, OH, OW. */
typedef struct {
    int n, c, h, w, kh, kw, sh, sw, ph, pw, oh, ow;
} conv_t;

/* cols[n, (c, kh, kw), (oy, ox)] = x[n, c, oy*sh - ph + kh, ox*sw - pw + kw], or 0 in the padding (or, folded,
   cols[(c, kh, kw), n, (oy, ox)]).
   x is read through its own strides (xs: offset, then the strides of N, C, H, W). A 3-D range (ox, oy, n*K + row)
   gives each work-item its coordinates without dividing: the divisions left are of the third id, the same for a
   whole row of work-items (a 1-D range with one division per coordinate spent 6 ns an element on PoCL). */
__kernel void im2col_f(__global const float *x, int4 xs, int xoff, conv_t g, __global float *cols, int folded) {
    int ox = get_global_id(0);
    int oy = get_global_id(1);
    int nr = get_global_id(2);
    if (ox >= g.ow || oy >= g.oh) return;
    int k = g.c * g.kh * g.kw;
    int n = nr / k;
    int row = nr - n * k;
    int kx = row % g.kw;
    int ky = (row / g.kw) % g.kh;
    int c = row / (g.kw * g.kh);
    int iy = oy * g.sh - g.ph + ky;
    int ix = ox * g.sw - g.pw + kx;
    float v = 0.0f;
    if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w) {
        v = x[xoff + n * xs.s0 + c * xs.s1 + iy * xs.s2 + ix * xs.s3];
    }
    /* folded: the batch moved into the columns, cols[(c, kh, kw), n, (oy, ox)]. */
    int at = folded ? row * g.n + n : nr;
    cols[(at * g.oh + oy) * g.ow + ox] = v;
}

/* img[n, c, y, x] = sum over (kh, kw) of the column entries that im2col read from that pixel, in (kh, kw) order.
   cs: the strides of the columns' N, rows and columns axes. */
__kernel void col2im_f(__global const float *cols, int4 cs, int coff, conv_t g, __global float *img) {
    /* A 3-D range (px, py, n*C + c), as im2col's. */
    int px = get_global_id(0);
    int py = get_global_id(1);
    int nc = get_global_id(2);
    if (px >= g.w || py >= g.h) return;
    int n = nc / g.c;
    int c = nc - n * g.c;
    float acc = 0.0f;
    for (int ky = 0; ky < g.kh; ky++) {
        int ty = py + g.ph - ky;
        if (ty < 0 || ty % g.sh != 0 || ty / g.sh >= g.oh) continue;
        int oy = ty / g.sh;
        for (int kx = 0; kx < g.kw; kx++) {
            int tx = px + g.pw - kx;
            if (tx < 0 || tx % g.sw != 0 || tx / g.sw >= g.ow) continue;
            int ox = tx / g.sw;
            int row = (c * g.kh + ky) * g.kw + kx;
            acc += cols[coff + n * cs.s0 + row * cs.s1 + (oy * g.ow + ox) * cs.s2];
        }
    }
    img[(nc * g.h + py) * g.w + px] = acc;
}
