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

/* The column entry of image n, row (c, kh, kw) and output pixel l = (oy, ox) is
   x[n, c, oy*sh - ph + kh, ox*sw - pw + kw], or 0 in the padding; it is written at n * d.s0 + row * d.s1 + l * d.s2:
   (K*L, L, 1) for the (N, K, L) columns, (L, N*L, 1) for the batch folded into the columns, (K, N*L), and
   (L*K, 1, K) for the transpose of that, (N*L, K) (conv2d's weight gradient packs it with unit stride).
   With d.s3 != 0, pixel l is at (l / 16) * d.s3 + l % 16 instead: matmul.cl's packed B panels, written directly
   (conv2d's forward: d = (panels * K * 16, 16, -, K * 16); the panels' padding columns are left unwritten, which
   only the product's unstored columns read). With fold = L (and d.s0 = 0), pixel l of image n is column n*L + l
   of one (K, N*L) matrix: the batch folded into the packed columns.
   x is read through its own strides (xs: the strides of N, C, H, W). A 3-D range (ox, oy, n*C + c): each
   work-item writes the KH*KW column entries of one output pixel and channel, so the only division is of the third
   id, once per item (not one per entry: with the entry's row among the ids, PoCL spent 5-7 ns an entry). */
__kernel void im2col_f(__global const float *x, int4 xs, int xoff, conv_t g, __global float *cols, int4 d,
                       int fold) {
    int ox = get_global_id(0);
    int oy = get_global_id(1);
    int nc = get_global_id(2);
    if (ox >= g.ow || oy >= g.oh) return;
    int n = nc / g.c;
    int c = nc - n * g.c;
    int row = c * g.kh * g.kw;
    int l = oy * g.ow + ox + n * fold;
    size_t at = d.s3 == 0 ? (size_t) l * d.s2 : (size_t) (l >> 4) * d.s3 + (l & 15);
    __global float *out = cols + (size_t) n * d.s0 + (size_t) row * d.s1 + at;
    __global const float *px = x + xoff + n * xs.s0 + c * xs.s1;
    int iy = oy * g.sh - g.ph;
    int ix0 = ox * g.sw - g.pw;
    for (int ky = 0; ky < g.kh; ky++, iy++) {
        bool yin = iy >= 0 && iy < g.h;
        int ix = ix0;
        for (int kx = 0; kx < g.kw; kx++, ix++) {
            *out = (yin && ix >= 0 && ix < g.w) ? px[iy * xs.s2 + ix * xs.s3] : 0.0f;
            out += d.s1;
        }
    }
}

/* img[n, c, y, x] = sum over (kh, kw) of the column entries that im2col read from that pixel, in (kh, kw) order.
   cs: the strides of the columns' N, rows and columns axes. A 3-D range (px, py, n*C + c), as im2col's. The
   kernel offsets that reach a pixel are those with (p + pad - k) a multiple of the stride: found once per item,
   then stepped by the stride (no division in the loops). */
__kernel void col2im_f(__global const float *cols, int4 cs, int coff, conv_t g, __global float *img) {
    int px = get_global_id(0);
    int py = get_global_id(1);
    int nc = get_global_id(2);
    if (px >= g.w || py >= g.h) return;
    int n = nc / g.c;
    int c = nc - n * g.c;
    int ky0 = (py + g.ph) % g.sh;
    int oy0 = (py + g.ph - ky0) / g.sh;
    int kx0 = (px + g.pw) % g.sw;
    int ox0 = (px + g.pw - kx0) / g.sw;
    __global const float *base = cols + coff + n * cs.s0 + c * g.kh * g.kw * cs.s1;
    float acc = 0.0f;
    for (int ky = ky0, oy = oy0; ky < g.kh && oy >= 0; ky += g.sh, oy--) {
        if (oy >= g.oh) continue;
        for (int kx = kx0, ox = ox0; kx < g.kw && ox >= 0; kx += g.sw, ox--) {
            if (ox >= g.ow) continue;
            acc += base[(ky * g.kw + kx) * cs.s1 + (oy * g.ow + ox) * cs.s2];
        }
    }
    img[(nc * g.h + py) * g.w + px] = acc;
}
