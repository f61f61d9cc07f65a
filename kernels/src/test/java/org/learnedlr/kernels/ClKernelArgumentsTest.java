package org.learnedlr.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jocl.Pointer;
import org.jocl.cl_mem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A launch sets only the arguments that differ from the previous launch's: every kind of argument (buffer, int,
 * float, int vector, local size) is set again when, and only when, its value changed, and the kernel then computes
 * with the new value.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClKernelArgumentsTest {
    private static final String SOURCE = """
            __kernel void put(__global float *out, int i, float v, int4 extra, __local float *scratch) {
                scratch[get_local_id(0)] = v + extra.x;
                barrier(CLK_LOCAL_MEM_FENCE);
                if (get_global_id(0) == 0) out[i] = scratch[0];
            }
            """;

    private OpenClBackend be;
    private ClKernel put;
    private cl_mem x;
    private cl_mem y;

    @BeforeAll
    void device() {
        be = OpenClTestSupport.backendOrSkip();
        put = new ClKernel(be.rt, be.rt.build("arguments-test", SOURCE), "put");
        x = be.rt.createBuffer(4 * 4, "test buffer x");
        y = be.rt.createBuffer(4 * 4, "test buffer y");
    }

    @AfterAll
    void release() {
        if (x != null) {
            ClRuntime.release(x);
            ClRuntime.release(y);
        }
    }

    /** Launches put and returns how many arguments it set. */
    private long launch(cl_mem out, int i, float v, int extra, long localBytes) {
        long before = put.argumentsSet();
        put.args().mem(out).i(i).f(v).ints(extra, 0, 0, 0).local(localBytes).run(new long[]{2}, new long[]{2});
        return put.argumentsSet() - before;
    }

    private float read(cl_mem buffer, int i) {
        float[] v = new float[1];
        be.rt.read(buffer, 4L * i, 4, Pointer.to(v));
        return v[0];
    }

    @Test
    void onlyChangedArgumentsAreSetAndTheKernelSeesEachChange() {
        launch(x, 0, 1.5f, 0, 8); // whatever the kernel held before
        assertEquals(0, launch(x, 0, 1.5f, 0, 8), "an identical launch sets nothing");
        assertEquals(1.5f, read(x, 0));

        assertEquals(1, launch(x, 1, 1.5f, 0, 8), "a new index");
        assertEquals(1.5f, read(x, 1));
        assertEquals(1, launch(x, 1, 2.5f, 0, 8), "a new float");
        assertEquals(2.5f, read(x, 1));
        assertEquals(1, launch(x, 1, 2.5f, 4, 8), "a new int vector");
        assertEquals(6.5f, read(x, 1));
        assertEquals(1, launch(y, 1, 2.5f, 4, 8), "another buffer");
        assertEquals(6.5f, read(y, 1));
        assertEquals(1, launch(y, 1, 2.5f, 4, 16), "another local size");
        assertEquals(1, launch(x, 2, 2.5f, 4, 16) - 1, "buffer and index");
        assertEquals(6.5f, read(x, 2));

        // Float arguments compare by bits: -0.0f is a different value to the kernel than 0.0f.
        launch(x, 3, 0.0f, 0, 16);
        assertEquals(1, launch(x, 3, -0.0f, 0, 16));
        assertEquals(1, launch(x, 3, Float.NaN, 0, 16));
        assertEquals(0, launch(x, 3, Float.NaN, 0, 16), "NaN is the same argument as NaN");
        assertEquals(Float.floatToIntBits(Float.NaN), Float.floatToIntBits(read(x, 3)));
    }
}
