package org.learnedlr.tensor.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * Views (reshape, permute, transpose, narrow, expand, squeeze, unsqueeze, flatten) give the right values without
 * copying — the same storage — and contiguous copies happen only when needed. Copy-out (toDoubleArray, get, item)
 * follows the strides.
 */
public abstract class ViewConformance extends FusedConformance {

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void viewsShareStorageAndHaveTheRightValues(DType dt, Layout layout) {
        Rng rng = new Rng(60);
        Tensor x = random(layout, dt, rng, -3, 3, 3, 4, 5);
        Nd r = Reference.read(x);

        Tensor p = x.permute(2, 0, 1);
        assertSame(x.storage(), p.storage(), "permute copies nothing");
        assertExact("permute", Reference.permute(r, new int[]{2, 0, 1}), p);

        Tensor t = x.transpose(0, -1);
        assertSame(x.storage(), t.storage(), "transpose copies nothing");
        assertExact("transpose", Reference.permute(r, new int[]{2, 1, 0}), t);

        Tensor n = x.narrow(-2, 1, 2);
        assertSame(x.storage(), n.storage(), "narrow copies nothing");
        assertExact("narrow", Reference.narrow(r, 1, 1, 2), n);
        assertExact("narrow to nothing", Nd.zeros(3, 0, 5), x.narrow(1, 4, 0));

        for (int axis : new int[]{0, 2, 3, -1}) {
            Tensor u = x.unsqueeze(axis);
            assertSame(x.storage(), u.storage(), "unsqueeze copies nothing");
            int a = axis < 0 ? axis + 4 : axis;
            int[] shape = new int[4];
            for (int i = 0, k = 0; i < 4; i++) {
                shape[i] = i == a ? 1 : x.size(k++);
            }
            assertExact("unsqueeze(" + axis + ")", new Nd(r.data(), shape), u);
            assertExact("squeeze(unsqueeze(" + axis + "))", r, u.squeeze(axis));
        }

        Tensor column = x.narrow(1, 2, 1);                       // (3, 1, 5)
        Tensor e = column.expand(2, 3, 4, 5);
        assertSame(x.storage(), e.storage(), "expand copies nothing");
        assertEquals(0, e.strides()[0], "a new leading axis has stride 0");
        assertEquals(0, e.strides()[2], "an expanded axis has stride 0");
        assertExact("expand", Reference.expand(Reference.read(column), new int[]{2, 3, 4, 5}), e);
        assertExact("squeeze", new Nd(Reference.narrow(r, 1, 2, 1).data(), new int[]{3, 5}), column.squeeze(1));

        for (int[] shape : new int[][]{{12, 5}, {3, 20}, {60}, {5, -1}, {2, 3, 2, 5}, {1, 60, 1}}) {
            Tensor v = x.reshape(shape);
            if (x.isContiguous()) {
                assertSame(x.storage(), v.storage(), "reshape of a contiguous tensor copies nothing");
            }
            int[] resolved = v.shape();
            assertEquals(60, v.numel());
            assertExact("reshape to " + Arrays.toString(shape), new Nd(r.data(), resolved), v);
        }
        assertExact("flatten(0, 1)", new Nd(r.data(), new int[]{12, 5}), x.flatten(0, 1));
        assertExact("flatten(1, 2)", new Nd(r.data(), new int[]{3, 20}), x.flatten(1, -1));
        assertExact("flatten(0, 2)", new Nd(r.data(), new int[]{60}), x.flatten(0, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void contiguousCopiesOnlyWhenNeeded(DType dt) {
        Rng rng = new Rng(61);
        Tensor x = random(dt, rng, -1, 1, 4, 6);
        assertSame(x, x.contiguous(), "contiguous() of a contiguous tensor is the tensor");
        assertSame(x, x.reshape(4, 6), "reshape to the same shape is the tensor");

        Tensor rows = x.narrow(0, 1, 2);                          // contiguous with an offset
        assertTrue(rows.isContiguous(), "a run of whole rows is contiguous");
        assertSame(rows, rows.contiguous());
        assertSame(x.storage(), rows.reshape(12).storage(), "reshape of whole rows copies nothing");
        assertExact("reshape of whole rows", new Nd(Reference.read(rows).data(), new int[]{12}), rows.reshape(12));

        Tensor t = x.transpose(0, 1);                             // (6, 4), not contiguous
        Tensor c = t.contiguous();
        assertNotSame(t.storage(), c.storage(), "contiguous() of a transposed view copies");
        assertTrue(c.isContiguous());
        assertExact("contiguous()", Reference.read(t), c);
        assertExact("reshape of a transposed view", new Nd(Reference.read(t).data(), new int[]{24}), t.reshape(24));

        Tensor copy = x.copy();
        assertNotSame(x.storage(), copy.storage(), "copy() always copies");
        copy.fill(7);
        assertExact("the original after its copy was overwritten", Reference.read(x), x);

        Tensor cols = x.narrow(1, 1, 3);                          // rows with gaps: not contiguous
        assertFalse(cols.isContiguous(), "narrowed columns are not contiguous");
        Tensor cc = cols.contiguous();
        assertExact("contiguous() of narrowed columns", Reference.read(cols), cc);
        assertEquals(0, cc.offset());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("floatTypesAndLayouts")
    public void copyOutFollowsTheStrides(DType dt, Layout layout) {
        Rng rng = new Rng(62);
        Tensor x = make(layout, dt, new int[]{3, 4, 2}, integers(rng, -50, 50));
        Nd r = Reference.read(x);
        double[] d = x.toDoubleArray();
        float[] f = x.toFloatArray();
        int[] n = x.toIntArray();
        assertArrayEquals(r.data(), d, 0.0, "toDoubleArray");
        for (int i = 0; i < r.numel(); i++) {
            assertEquals((float) r.data()[i], f[i], 0.0f, "toFloatArray");
            assertEquals((int) r.data()[i], n[i], "toIntArray");
        }
        assertEquals(r.at(2, 1, 1), x.get(2, 1, 1), 0.0, "get");
        assertEquals(r.at(0, 3, 0), x.get(0, 3, 0), 0.0, "get");
        assertEquals(r.at(1, 2, 1), x.narrow(0, 1, 1).narrow(1, 2, 1).narrow(2, 1, 1).item(), 0.0, "item");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatTypes")
    public void emptyAndScalarViews(DType dt) {
        Tensor empty = Tensor.zeros(backend(), dt, 0, 3);
        assertArrayEquals(new int[]{3, 0}, empty.reshape(3, 0).shape());
        assertArrayEquals(new int[]{3, 0}, empty.transpose(0, 1).shape());
        assertArrayEquals(new int[]{2, 0, 3}, empty.expand(2, 0, 3).shape());
        assertEquals(0, empty.contiguous().numel());
        assertEquals(0, empty.toDoubleArray().length);

        Tensor s = Tensor.scalar(backend(), dt, 4.5);
        assertEquals(0, s.dim());
        assertExact("unsqueeze of a 0-d tensor", Nd.of(new double[]{4.5}, 1), s.unsqueeze(0));
        assertExact("squeeze to 0-d", Nd.of(new double[]{4.5}), s.unsqueeze(0).squeeze(0));
        assertExact("expand of a 0-d tensor", Nd.of(new double[]{4.5, 4.5, 4.5, 4.5, 4.5, 4.5}, 2, 3),
                s.expand(2, 3));
        assertExact("reshape of a 0-d tensor", Nd.of(new double[]{4.5}, 1, 1), s.reshape(1, 1));
        assertExact("a one-element tensor reshaped to 0-d", Nd.of(new double[]{4.5}), s.reshape(1, 1).reshape());
        assertEquals(4.5, s.item());
    }
}
