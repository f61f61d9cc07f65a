package org.learnedlr.kernels;

import java.util.Arrays;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Op;
import org.learnedlr.tensor.Shape;
import org.learnedlr.tensor.Tensor;

/**
 * SUM, MAX, ARGMAX and the fused sum of squares (reduce.cl). The reduced axes are moved last (a permuted view,
 * nothing copied), which turns any reduction into "reduce each row" over a row layout and a column layout. Short
 * rows, and strided rows whose neighbours are neighbours in memory, go one per work-item; long rows are split into
 * partial results (no work-group barriers), which a further launch reduces. On a CPU device dense rows are read in
 * float16 lanes, and the leading axes of a contiguous tensor are reduced first as float16 columns. Argmax keeps
 * its one-work-group-per-row kernel (it is not on a training step's path).
 */
final class ReductionOps {
    private static final String PROGRAM = "reduce";
    /** Rows up to this length are reduced by one work-item each. */
    private static final int SERIAL_MAX = 64;
    /** Forces the split kernels' interleaved (true) or chunked (false) order; null: by device type. For tests. */
    static volatile Boolean interleave;
    /** The most partial results a split kernel makes of one row. */
    private static final int SPLIT_MAX = 4096;

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
        String name = op == Op.SUM ? "sum" : "max";
        Tensor rest = leadingColumns(be, name, x, axes, out);
        if (rest != null) {
            // The leading axes are reduced; what is left of the reduction is over rest's axes (shifted).
            int lead = x.dim() - rest.dim();
            int[] restAxes = Arrays.stream(axes).filter(a -> a >= lead).map(a -> a - lead).toArray();
            if (restAxes.length == 0) {
                return out; // written by leadingColumns
            }
            Tensor restView = rest.permute(reducedLast(rest.dim(), restAxes));
            reduceRows(be, name, OpenClBackend.st(rest), Rows.of(restView, rest.dim() - restAxes.length),
                    OpenClBackend.st(out));
            return out;
        }
        reduceRows(be, name, OpenClBackend.st(x), rows, OpenClBackend.st(out));
        return out;
    }

    /**
     * On a CPU device, for a contiguous x whose leading axes are all reduced (and some axes are not): x as a dense
     * (a, m) matrix reduced over its a rows by float16 columns, a new contiguous tensor of x's shape without those
     * axes (out itself, reshaped, when no other axis is reduced). Null when that does not apply (then the rows
     * kernels do the whole reduction).
     */
    private static Tensor leadingColumns(OpenClBackend be, String op, Tensor x, int[] axes, Tensor out) {
        boolean interleaved = interleave != null ? interleave : be.rt.isGpu();
        if (interleaved || !x.isContiguous()) {
            return null;
        }
        boolean[] reduced = new boolean[x.dim()];
        for (int a : axes) {
            reduced[a] = true;
        }
        int lead = 0;
        while (lead < x.dim() && reduced[lead]) {
            lead++;
        }
        if (lead == 0 || lead == x.dim()) {
            return null;
        }
        int[] shape = x.shape();
        int a = Shape.numel(Arrays.copyOf(shape, lead));
        int[] restShape = Arrays.copyOfRange(shape, lead, shape.length);
        int m = Shape.numel(restShape);
        if (m < 16 || a < 2) {
            return null;
        }
        boolean last = true;
        for (int d = lead; d < reduced.length; d++) {
            last &= !reduced[d];
        }
        Tensor rest = last ? out.reshape(restShape) : be.empty(x.dtype(), restShape);
        be.kernel(PROGRAM, op + "_cols16").args().mem(OpenClBackend.st(x)).i(x.offset()).i(a).i(m)
                .mem(OpenClBackend.st(rest)).run1d((m + 15) / 16, 64);
        return rest;
    }

    /**
     * The columns' form for the {@code _2} kernels when they have at most two coalesced axes: {c0, c1, n2}, element
     * (j, k) of a row at j * c0 + k * c1 with k in [0, n2); null when there are more axes.
     */
    private static int[] cols2(Layout cols) {
        return switch (cols.rank) {
            case 0 -> new int[]{0, 0, 1};
            case 1 -> new int[]{0, cols.strides[0], cols.shape[0]};
            case 2 -> new int[]{cols.strides[0], cols.strides[1], cols.shape[1]};
            default -> null;
        };
    }

    /** Binds the columns: (int2 c, int n2) for the _2 form, a layout_t otherwise. */
    private static ClKernel.Args cols(ClKernel.Args args, Layout cols, int[] c2) {
        return c2 == null ? args.layout(cols) : args.ints(c2[0], c2[1]).i(c2[2]);
    }

    /**
     * out[r] = op over row r, for r in [0, outer). {@code op}: sum, max, or sumsq (the squares summed; its later
     * passes over partial results are plain sums).
     */
    private static void reduceRows(OpenClBackend be, String op, ClStorage x, Rows rows, ClStorage out) {
        int[] c2 = cols2(rows.cols);
        String form = c2 == null ? "" : "_2";
        if (serial(rows)) {
            ClKernel k = be.kernel(PROGRAM, op + "_serial" + form);
            cols(k.args().mem(x).layout(rows.rows), rows.cols, c2).mem(out).i(rows.outer).i(rows.n)
                    .run1d(rows.outer, 64);
            return;
        }
        // Split each row into t partial results, then reduce the (outer, t) partials.
        int t = splitCount(be, rows);
        ClStorage partial = (ClStorage) be.empty(DType.FLOAT32, rows.outer * t).storage();
        try {
            partials(be, op, x, rows, t, partial, 0);
            Rows second = new Rows(Layout.of(new int[]{rows.outer}, new int[]{t}, 0), Layout.dense(0, t),
                    rows.outer, t);
            reduceRows(be, op.equals("sumsq") ? "sum" : op, partial, second, out);
        } finally {
            partial.close(); // released once the queued launches that use it have run
        }
    }

    /** Interleaved on a GPU (coalesced reads), contiguous chunks elsewhere (see {@link #partials}). */
    private static boolean interleaved(OpenClBackend be) {
        return interleave != null ? interleave : be.rt.isGpu();
    }

    /** Dense rows on a CPU device are read in float16 lanes. */
    private static boolean dense(OpenClBackend be, Rows rows) {
        int[] c2 = cols2(rows.cols);
        return !interleaved(be) && c2 != null && c2[1] == 1 && c2[2] == rows.n;
    }

    /** Partial results per row: a power of two, about 32 elements per work-item (dense rows in float16: 256). */
    private static int splitCount(OpenClBackend be, Rows rows) {
        int perItem = dense(be, rows) ? 256 : 32;
        return Math.max(SERIAL_MAX, Math.min(SPLIT_MAX, Integer.highestOneBit(Math.max(1, rows.n / perItem))));
    }

    /**
     * The first stage of a split reduction: row r's t partial results (t a power of two) at
     * partial[yo + r * t + p]. Interleaved on a GPU (coalesced reads), contiguous chunks elsewhere (a CPU device
     * runs a work-item's loop on its own: strided by t, every element read would be a different cache line).
     */
    private static void partials(OpenClBackend be, String op, ClStorage x, Rows rows, int t, ClStorage partial,
                                 int yo) {
        int[] c2 = cols2(rows.cols);
        boolean interleaved = interleaved(be);
        boolean dense = dense(be, rows);
        String form = c2 == null ? "" : "_2";
        ClKernel k = be.kernel(PROGRAM, op + (dense ? "_dense16" : "_split" + form));
        int group = Integer.highestOneBit(k.groupSize(Math.min(t, 256))); // a power of two: it divides t
        int rounds = (rows.n + t - 1) / t;
        if (dense) {
            k.args().mem(x).layout(rows.rows).mem(partial).i(yo).i((rounds + 15) / 16 * 16).i(rows.n)
                    .run(new long[]{t, rows.outer}, new long[]{group, 1});
        } else {
            cols(k.args().mem(x).layout(rows.rows), rows.cols, c2).mem(partial).i(yo)
                    .i(interleaved ? 1 : rounds).i(interleaved ? t : 1).i(rounds).i(rows.n)
                    .run(new long[]{t, rows.outer}, new long[]{group, 1});
        }
    }

    /**
     * The sums of squares of several tensors, as one vector: each tensor's partial results go into one shared
     * buffer (one launch per tensor, t partials each, t the largest any of them needs), and one more launch sums
     * each tensor's t partials. A step's gradient norms so cost one launch per parameter plus one, and one read.
     */
    static Tensor sumsOfSquares(OpenClBackend be, java.util.List<Tensor> xs) {
        int count = xs.size();
        Tensor out = be.empty(xs.get(0).dtype(), count);
        Rows[] rows = new Rows[count];
        int t = SERIAL_MAX;
        for (int i = 0; i < count; i++) {
            rows[i] = Rows.of(xs.get(i), 0);
            t = Math.max(t, splitCount(be, rows[i]));
        }
        ClStorage partial = (ClStorage) be.empty(DType.FLOAT32, count * t).storage();
        try {
            for (int i = 0; i < count; i++) {
                // An empty tensor's work-items find no elements and write the sum's 0.
                partials(be, "sumsq", OpenClBackend.st(xs.get(i)), rows[i], t, partial, i * t);
            }
            Rows second = new Rows(Layout.of(new int[]{count}, new int[]{t}, 0), Layout.dense(0, t), count, t);
            reduceRows(be, "sum", partial, second, OpenClBackend.st(out));
        } finally {
            partial.close();
        }
        return out;
    }

    /**
     * One work-item per row: for short rows, for many rows of moderate length, and for rows along a strided axis
     * when neighbouring rows are neighbours in memory (a sum over the batch of a (B, F) tensor: neighbouring
     * work-items then read neighbouring addresses).
     */
    private static boolean serial(Rows rows) {
        if (rows.n <= SERIAL_MAX || (rows.outer >= 4096 && rows.n <= 1024)) {
            return true;
        }
        Layout r = rows.rows;
        Layout c = rows.cols;
        boolean columns = r.rank >= 1 && r.strides[r.rank - 1] == 1 && c.rank >= 1 && c.strides[c.rank - 1] != 1;
        return columns && rows.outer >= 128 && rows.n <= 8192;
    }

    /** The sum of the squares of every element of x, 0-d, in one pass over x. */
    static Tensor sumOfSquares(OpenClBackend be, Tensor x) {
        Tensor out = be.empty(x.dtype());
        Rows rows = Rows.of(x, 0);
        if (rows.n == 0) {
            ElementwiseOps.fillWords(be, OpenClBackend.st(out), Layout.dense(0, 1), 0);
            return out;
        }
        reduceRows(be, "sumsq", OpenClBackend.st(x), rows, OpenClBackend.st(out));
        return out;
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
