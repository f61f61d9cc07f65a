package org.learnedlr.kernels;

import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Tensor;

/**
 * Elementwise primitives, copies, fills and casts (elementwise.cl): one work-item per element. Each launch takes
 * the cheapest of a kernel's three forms that its operands allow (see elementwise.cl): dense operands index by the
 * work-item's id; views of up to three coalesced axes run on a 3-D range whose ids are the coordinates; only views
 * with more axes pay offset_of's division per axis.
 */
final class ElementwiseOps {
    private static final String PROGRAM = "elementwise";
    static final int GROUP = 256;

    private ElementwiseOps() {
    }

    /** Arguments a kernel takes after its operands and size (clamp's bounds). */
    @FunctionalInterface
    interface Extra {
        void add(ClKernel.Args args);
    }

    private static final Extra NONE = args -> {
    };

    static Tensor map(OpenClBackend be, String kernel, Tensor x) {
        return launch(be, kernel, x.dtype(), NONE, x);
    }

    static Tensor clamp(OpenClBackend be, Tensor x, float lo, float hi) {
        return launch(be, "clamp_f", x.dtype(), args -> args.f(lo).f(hi), x);
    }

    static Tensor zip(OpenClBackend be, String kernel, Tensor a, Tensor b) {
        return launch(be, kernel, a.dtype(), NONE, a, b);
    }

    static Tensor where(OpenClBackend be, Tensor cond, Tensor a, Tensor b) {
        return launch(be, "where_f", a.dtype(), NONE, cond, a, b);
    }

    /**
     * A new contiguous tensor of the inputs' (common) shape, out[i] = kernel(inputs[i]...), in the form the inputs'
     * layouts allow: {@code kernel_d} (all dense), {@code kernel_3} (up to three coalesced axes) or {@code kernel}.
     */
    private static Tensor launch(OpenClBackend be, String kernel, DType dtype, Extra extra, Tensor... inputs) {
        Tensor out = be.empty(dtype, inputs[0].shape());
        int n = out.numel();
        if (n == 0) {
            return out;
        }
        Layout[] l = Layout.joint(inputs);
        boolean dense = true;
        for (Layout li : l) {
            dense &= li.isDense();
        }
        if (dense) {
            ClKernel.Args args = be.kernel(PROGRAM, kernel + "_d").args();
            for (int i = 0; i < inputs.length; i++) {
                args.mem(OpenClBackend.st(inputs[i])).i(l[i].offset);
            }
            args.mem(OpenClBackend.st(out)).i(n);
            extra.add(args);
            args.run1d(n, GROUP);
        } else if (l[0].rank <= 3) {
            ClKernel k = be.kernel(PROGRAM, kernel + "_3");
            Range3 r = Range3.of(k, l[0].shape);
            ClKernel.Args args = k.args();
            for (int i = 0; i < inputs.length; i++) {
                args.mem(OpenClBackend.st(inputs[i])).ints(Range3.strides(l[i])).i(l[i].offset);
            }
            args.mem(OpenClBackend.st(out)).ints(r.shape);
            extra.add(args);
            args.run(r.global, r.local);
        } else {
            ClKernel.Args args = be.kernel(PROGRAM, kernel).args();
            for (int i = 0; i < inputs.length; i++) {
                args.mem(OpenClBackend.st(inputs[i])).layout(l[i]);
            }
            args.mem(OpenClBackend.st(out)).i(n);
            extra.add(args);
            args.run1d(n, GROUP);
        }
        return out;
    }

    /**
     * A launch on a 3-D range over a coalesced shape of at most three axes (padded in front with size-1 axes): the
     * ids (i2, i1, i0) are the coordinates, range dimensions 0 and 1 rounded up to a work-group of up to
     * {@link #GROUP} items (the kernels guard them), dimension 2 exact with a work-group extent of 1.
     */
    record Range3(int[] shape, long[] global, long[] local) {
        static Range3 of(ClKernel k, int[] coalesced) {
            int pad = 3 - coalesced.length;
            int[] s = new int[4];
            for (int d = 0; d < 3; d++) {
                s[d] = d < pad ? 1 : coalesced[d - pad];
            }
            int g0 = Math.min(ceilPow2(s[2]), k.groupSize(GROUP));
            int g1 = Math.min(ceilPow2(s[1]), Math.max(1, k.groupSize(GROUP) / g0));
            return new Range3(s, new long[]{ClKernel.roundUp(s[2], g0), ClKernel.roundUp(s[1], g1), s[0]},
                    new long[]{g0, g1, 1});
        }

        /** A layout's strides as an int4, padded in front with 0 for the padding axes. */
        static int[] strides(Layout l) {
            int pad = 3 - l.rank;
            int[] s = new int[4];
            for (int d = 0; d < 3; d++) {
                s[d] = d < pad ? 0 : l.strides[d - pad];
            }
            return s;
        }

        private static int ceilPow2(int n) {
            return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
        }
    }

    static void copy(OpenClBackend be, Tensor src, Tensor dst) {
        int n = dst.numel();
        if (n == 0) {
            return;
        }
        Layout[] l = Layout.joint(src, dst);
        if (l[0].rank <= 3) {
            ClKernel k = be.kernel(PROGRAM, "copy3_u32");
            Range3 r = Range3.of(k, l[0].shape);
            k.args().mem(OpenClBackend.st(src)).ints(Range3.strides(l[0])).i(l[0].offset)
                    .mem(OpenClBackend.st(dst)).ints(Range3.strides(l[1])).i(l[1].offset).ints(r.shape)
                    .run(r.global, r.local);
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
        if (l.rank <= 3) {
            ClKernel k = be.kernel(PROGRAM, "fill_u32_3");
            Range3 r = Range3.of(k, l.shape);
            k.args().mem(s).ints(Range3.strides(l)).i(l.offset).i(bits).ints(r.shape).run(r.global, r.local);
            return;
        }
        be.kernel(PROGRAM, "fill_u32").args().mem(s).layout(l).i(bits).i(n).run1d(n, GROUP);
    }

    static Tensor cast(OpenClBackend be, Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            Tensor out = be.empty(dtype, x.shape());
            copy(be, x, out);
            return out;
        }
        return launch(be, dtype == DType.INT32 ? "cast_f32_i32" : "cast_i32_f32", dtype, NONE, x);
    }
}
