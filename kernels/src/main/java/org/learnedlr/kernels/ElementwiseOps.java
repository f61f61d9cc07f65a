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
