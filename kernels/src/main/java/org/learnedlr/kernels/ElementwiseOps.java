package org.learnedlr.kernels;

import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/** Elementwise primitives, copies, fills and casts (elementwise.cl): one work-item per element. */
final class ElementwiseOps {
    private static final String PROGRAM = "elementwise";
    static final int GROUP = 256;

    private ElementwiseOps() {
    }

    static Tensor map(OpenClBackend be, String kernel, Tensor x) {
        Tensor out = be.empty(x.dtype(), x.shape());
        int n = out.numel();
        if (n > 0) {
            be.kernel(PROGRAM, kernel).args()
                    .mem(OpenClBackend.st(x)).layout(Layout.of(x))
                    .mem(OpenClBackend.st(out)).i(n)
                    .run1d(n, GROUP);
        }
        return out;
    }

    static Tensor clamp(OpenClBackend be, Tensor x, float lo, float hi) {
        Tensor out = be.empty(x.dtype(), x.shape());
        int n = out.numel();
        if (n > 0) {
            be.kernel(PROGRAM, "clamp_f").args()
                    .mem(OpenClBackend.st(x)).layout(Layout.of(x))
                    .mem(OpenClBackend.st(out)).i(n).f(lo).f(hi)
                    .run1d(n, GROUP);
        }
        return out;
    }

    static Tensor zip(OpenClBackend be, String kernel, Tensor a, Tensor b) {
        Tensor out = be.empty(a.dtype(), a.shape());
        int n = out.numel();
        if (n > 0) {
            Layout[] l = Layout.joint(a, b);
            be.kernel(PROGRAM, kernel).args()
                    .mem(OpenClBackend.st(a)).layout(l[0])
                    .mem(OpenClBackend.st(b)).layout(l[1])
                    .mem(OpenClBackend.st(out)).i(n)
                    .run1d(n, GROUP);
        }
        return out;
    }

    static Tensor where(OpenClBackend be, Tensor cond, Tensor a, Tensor b) {
        Tensor out = be.empty(a.dtype(), a.shape());
        int n = out.numel();
        if (n > 0) {
            Layout[] l = Layout.joint(cond, a, b);
            be.kernel(PROGRAM, "where_f").args()
                    .mem(OpenClBackend.st(cond)).layout(l[0])
                    .mem(OpenClBackend.st(a)).layout(l[1])
                    .mem(OpenClBackend.st(b)).layout(l[2])
                    .mem(OpenClBackend.st(out)).i(n)
                    .run1d(n, GROUP);
        }
        return out;
    }

    static void copy(OpenClBackend be, Tensor src, Tensor dst) {
        int n = dst.numel();
        if (n == 0) {
            return;
        }
        Layout[] l = Layout.joint(src, dst);
        if (l[0].rank <= 3) {
            int pad = 3 - l[0].rank;
            int[] shape = new int[3];
            int[][] strides = new int[2][3];
            for (int d = 0; d < 3; d++) {
                shape[d] = d < pad ? 1 : l[0].shape[d - pad];
                for (int o = 0; o < 2; o++) {
                    strides[o][d] = d < pad ? 0 : l[o].strides[d - pad];
                }
            }
            be.kernel(PROGRAM, "copy3_u32").args()
                    .mem(OpenClBackend.st(src)).ints(strides[0][0], strides[0][1], strides[0][2], 0).i(l[0].offset)
                    .mem(OpenClBackend.st(dst)).ints(strides[1][0], strides[1][1], strides[1][2], 0).i(l[1].offset)
                    .run(new long[]{shape[2], shape[1], shape[0]}, null);
            return;
        }
        be.kernel(PROGRAM, "copy_u32").args()
                .mem(OpenClBackend.st(src)).layout(l[0])
                .mem(OpenClBackend.st(dst)).layout(l[1]).i(n)
                .run1d(n, GROUP);
    }

    /** Sets every element of a layout (its numel elements) to one 32-bit pattern. */
    static void fillWords(OpenClBackend be, ClStorage s, Layout l, int bits) {
        int n = 1;
        for (int d = 0; d < l.rank; d++) {
            n *= l.shape[d];
        }
        if (n == 0 || s.length() == 0) {
            return;
        }
        be.kernel(PROGRAM, "fill_u32").args().mem(s).layout(l).i(bits).i(n).run1d(n, GROUP);
    }

    static Tensor cast(OpenClBackend be, Tensor x, DType dtype) {
        Tensor out = be.empty(dtype, x.shape());
        int n = out.numel();
        if (n == 0) {
            return out;
        }
        if (x.dtype() == dtype) {
            copy(be, x, out);
            return out;
        }
        String kernel = dtype == DType.INT32 ? "cast_f32_i32" : "cast_i32_f32";
        be.kernel(PROGRAM, kernel).args()
                .mem(OpenClBackend.st(x)).layout(Layout.of(x))
                .mem(OpenClBackend.st(out)).i(n)
                .run1d(n, GROUP);
        return out;
    }
}
