package org.learnedlr.kernels;

import java.util.Arrays;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.Shape;
import org.learnedlr.tensor.Tensor;

/**
 * SUM, MAX and ARGMAX (reduce.cl). The reduced axes are moved last (a permuted view, nothing copied), which turns
 * any reduction into "reduce each row" over a row layout and a column layout. Short rows go one per work-item;
 * long rows one per work-group; a few very long rows are cut into chunks so that every compute unit gets work, and
 * the chunks' partial results are reduced by a second launch.
 */
final class ReductionOps {
    private static final String PROGRAM = "reduce";
    /** Rows up to this length are reduced by one work-item each. */
    private static final int SERIAL_MAX = 64;

    private ReductionOps() {
    }

    /** A view split into its leading "row" axes and trailing "column" axes. */
    record Rows(Layout rows, Layout cols, int outer, int n) {
        static Rows of(Tensor view, int leading) {
            int[] shape = view.shape();
            int[] strides = view.strides();
            int[] rs = Arrays.copyOf(shape, leading);
            int[] cs = Arrays.copyOfRange(shape, leading, shape.length);
            return new Rows(Layout.of(rs, Arrays.copyOf(strides, leading), view.offset()),
                    Layout.of(cs, Arrays.copyOfRange(strides, leading, strides.length), 0),
                    Shape.numel(rs), Shape.numel(cs));
        }
    }

    /** The axes not in {@code axes}, in order, then {@code axes}. */
    static int[] reducedLast(int rank, int[] axes) {
        boolean[] r = new boolean[rank];
        for (int a : axes) {
            r[a] = true;
        }
        int[] order = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (!r[i]) {
                order[k++] = i;
            }
        }
        for (int a : axes) {
            order[k++] = a;
        }
        return order;
    }

    static Tensor reduce(OpenClBackend be, Op op, Tensor x, int[] axes, boolean keepDim) {
        if (op != Op.SUM && op != Op.MAX) {
            throw new IllegalArgumentException("not a reduction: " + op);
        }
        Tensor view = x.permute(reducedLast(x.dim(), axes));
        Rows rows = Rows.of(view, x.dim() - axes.length);
        Tensor out = be.empty(x.dtype(), Shape.reduced(x.shape(), axes, keepDim));
        if (rows.outer == 0) {
            return out;
        }
        if (rows.n == 0) {
            ElementwiseOps.fillWords(be, OpenClBackend.st(out), Layout.dense(0, rows.outer), 0);
            return out;
        }
        reduceRows(be, op == Op.SUM ? "sum" : "max", OpenClBackend.st(x), rows, OpenClBackend.st(out));
        return out;
    }

    /** out[r] = op over row r, for r in [0, outer). */
    private static void reduceRows(OpenClBackend be, String op, ClStorage x, Rows rows, ClStorage out) {
        if (serial(rows)) {
            ClKernel k = be.kernel(PROGRAM, op + "_serial");
            k.args().mem(x).layout(rows.rows).layout(rows.cols).mem(out).i(rows.outer).i(rows.n)
                    .run1d(rows.outer, 64);
            return;
        }
        ClKernel k = be.kernel(PROGRAM, op + "_group");
        int group = powerOfTwoGroup(k, rows.n);
        // Enough work-groups to occupy every compute unit a few times over, but chunks of at least 4 per item.
        int wanted = 4 * be.rt.computeUnits;
        int chunks = (int) Math.min((wanted + rows.outer - 1) / rows.outer, (rows.n + 4L * group - 1) / (4L * group));
        chunks = Math.max(1, chunks);
        int chunk = (rows.n + chunks - 1) / chunks;
        chunks = (rows.n + chunk - 1) / chunk;
        if (chunks == 1) {
            k.args().mem(x).layout(rows.rows).layout(rows.cols).mem(out).i(rows.n).i(chunk).i(1).local(4L * group)
                    .run(new long[]{(long) rows.outer * group}, new long[]{group});
            return;
        }
        int partialCount = rows.outer * chunks;
        ClStorage partial = (ClStorage) be.empty(DType.FLOAT32, partialCount).storage();
        try {
            k.args().mem(x).layout(rows.rows).layout(rows.cols).mem(partial).i(rows.n).i(chunk).i(chunks)
                    .local(4L * group)
                    .run(new long[]{(long) partialCount * group}, new long[]{group});
            Rows second = new Rows(Layout.of(new int[]{rows.outer}, new int[]{chunks}, 0), Layout.dense(0, chunks),
                    rows.outer, chunks);
            reduceRows(be, op, partial, second, out);
        } finally {
            partial.close(); // released once the queued launches that use it have run
        }
    }

    private static boolean serial(Rows rows) {
        return rows.n <= SERIAL_MAX || (rows.outer >= 4096 && rows.n <= 1024);
    }

    /** The largest power-of-two work-group the kernel allows, no larger than needed for {@code n} items. */
    static int powerOfTwoGroup(ClKernel k, int n) {
        int wanted = n >= 256 ? 256 : Integer.highestOneBit(Math.max(1, n - 1)) << 1; // next power of two >= n
        return Integer.highestOneBit(k.groupSize(Math.min(256, wanted)));
    }

    static Tensor argmax(OpenClBackend be, Tensor x, int axis, boolean keepDim) {
        Tensor view = x.permute(reducedLast(x.dim(), new int[]{axis}));
        Rows rows = Rows.of(view, x.dim() - 1);
        Tensor out = be.empty(DType.INT32, Shape.reduced(x.shape(), new int[]{axis}, keepDim));
        if (rows.outer == 0) {
            return out;
        }
        ClStorage xs = OpenClBackend.st(x);
        ClStorage os = OpenClBackend.st(out);
        if (serial(rows)) {
            be.kernel(PROGRAM, "argmax_serial").args().mem(xs).layout(rows.rows).layout(rows.cols).mem(os)
                    .i(rows.outer).i(rows.n).run1d(rows.outer, 64);
        } else {
            ClKernel k = be.kernel(PROGRAM, "argmax_group");
            int group = powerOfTwoGroup(k, rows.n);
            k.args().mem(xs).layout(rows.rows).layout(rows.cols).mem(os).i(rows.n).local(4L * group)
                    .local(4L * group).run(new long[]{(long) rows.outer * group}, new long[]{group});
        }
        return out;
    }
}
