package org.learnedlr.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.Backends;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.MemoryScope;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;
import org.learnedlr.tensor.cpu.CpuBackend;

/**
 * What the conformance suite does not cover: discovery, runtime errors that name the kernel and the sizes,
 * deterministic release of device memory, and matrix products at sizes that are not multiples of the 6 x 16 tile
 * or of a work-group, with transposed and broadcast operands, against the CPU backend.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenClBackendTest {
    private OpenClBackend be;
    private final Backend cpu = new CpuBackend();

    @BeforeAll
    void device() {
        be = OpenClTestSupport.backendOrSkip();
    }

    @Test
    void foundByNameThroughServiceLoader() {
        Optional<Backend> b = Backends.find("opencl");
        assertTrue(b.isPresent());
        assertSame(be, b.get(), "one backend, one context per process");
        assertEquals("opencl", b.get().name());
        assertEquals(java.util.EnumSet.of(DType.FLOAT32, DType.INT32), b.get().dtypes());
    }

    @Test
    void buildFailuresCarryTheBuildLog() {
        OpenClException e = assertThrows(OpenClException.class,
                () -> be.rt.build("broken", "__kernel void k(__global float *x) { x[0] = undefined_name; }"));
        assertTrue(e.getMessage().contains("building program 'broken'"), e.getMessage());
        assertTrue(e.getMessage().contains("undefined_name"), "the build log names the error: " + e.getMessage());
    }

    @Test
    void launchFailuresNameTheKernelAndSizes() {
        ClKernel k = be.kernel("elementwise", "fill_u32");
        Tensor t = Tensor.zeros(be, DType.FLOAT32, 4);
        long tooBig = k.maxWorkGroupSize * 2;
        OpenClException e = assertThrows(OpenClException.class, () -> k.args()
                .mem(OpenClBackend.st(t)).layout(Layout.dense(0, 4)).i(0).i(4)
                .run(new long[]{tooBig}, new long[]{tooBig}));
        assertTrue(e.getMessage().contains("fill_u32"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(tooBig)), e.getMessage());
        OpenClException missing = assertThrows(OpenClException.class, () -> be.kernel("elementwise", "no_such"));
        assertTrue(missing.getMessage().contains("no_such"), missing.getMessage());
    }

    @Test
    void scopesReleaseDeviceBuffers() {
        long live = OpenClBackend.liveBuffers();
        Tensor kept;
        Tensor dropped;
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor a = Tensor.of(be, new float[]{1, 2, 3}, 3);
            dropped = a.mul(a);
            kept = scope.keep(dropped.add(a));
            assertTrue(OpenClBackend.liveBuffers() >= live + 3);
        }
        assertEquals(live + 1, OpenClBackend.liveBuffers(), "only the kept result survives the scope");
        assertTrue(dropped.storage().isClosed());
        assertArrayEquals(new float[]{2, 6, 12}, kept.toFloatArray());
        try (MemoryScope scope = MemoryScope.open()) { // the result buffer allocated before the check is freed here
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> dropped.add(dropped));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
        kept.storage().close();
        kept.storage().close(); // idempotent
        assertEquals(live, OpenClBackend.liveBuffers());
    }

    @Test
    void fullOverwritesARecycledBufferAndZerosStillComeZeroFilled() {
        int n = 4099;
        float[] nan = new float[n];
        java.util.Arrays.fill(nan, Float.NaN);
        for (int round = 0; round < 3; round++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor.of(be, nan, n).mul(2.0);  // buffers of this size go back to the pool full of NaN
            }
            try (MemoryScope scope = MemoryScope.open()) {
                float[] full = Tensor.full(be, 2.5, DType.FLOAT32, n).toFloatArray();
                float[] zeros = Tensor.zeros(be, DType.FLOAT32, n).toFloatArray();
                for (int i = 0; i < n; i++) {
                    assertEquals(2.5f, full[i], "full, element " + i);
                    assertEquals(0f, zeros[i], "zeros, element " + i);
                }
            }
        }
    }

    @Test
    void aRangeCheckIsRememberedOnlyUntilTheIndexIsWritten() {
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensor.of(be, new float[]{10, 11, 12, 13, 14}, 5);
            Tensor index = Tensor.ofInts(be, new int[]{0, 4, 2}, 3);
            long reads = be.transfers().snapshot().deviceToHostCalls();
            assertArrayEquals(new float[]{10, 14, 12}, x.gather(0, index).toFloatArray());
            assertArrayEquals(new float[]{10, 14, 12}, x.gather(0, index).toFloatArray());
            assertEquals(reads + 3, be.transfers().snapshot().deviceToHostCalls(),
                    "one range check for two gathers of the same index, plus the two results");
            Tensor small = Tensor.of(be, new float[]{1, 2, 3}, 3);
            assertThrows(RuntimeException.class, () -> small.gather(0, index), "a smaller axis is checked again");
            index.narrow(0, 1, 1).fill(5);
            assertThrows(RuntimeException.class, () -> x.gather(0, index), "after fill");
            index.copyFrom(Tensor.ofInts(be, new int[]{1, 1, 1}, 3));
            assertArrayEquals(new float[]{11, 11, 11}, x.gather(0, index).toFloatArray());
            index.narrow(0, 2, 1).copyFrom(Tensor.ofInts(be, new int[]{-1}, 1));
            assertThrows(RuntimeException.class, () -> x.gather(0, index), "after copyInto");
            assertThrows(RuntimeException.class, () -> x.gather(0, index.narrow(0, 2, 1)), "another view");
        }
    }

    @Test
    void matmulAtRaggedSizesMatchesTheCpu() {
        onEveryProductPath(this::raggedProducts);
    }

    /** Runs {@code body} with products packed, unpacked wherever allowed, and as chosen by size. */
    private static void onEveryProductPath(Runnable body) {
        String saved = MatmulOps.directMode;
        try {
            for (String mode : new String[]{"never", "always", "auto"}) {
                MatmulOps.directMode = mode;
                body.run();
            }
        } finally {
            MatmulOps.directMode = saved;
        }
    }

    private void raggedProducts() {
        Rng rng = new Rng(3);
        int[] sizes = {1, 7, 17, 33, 65};
        for (int m : sizes) {
            for (int k : new int[]{1, 17, 65}) {
                for (int n : sizes) {
                    try (MemoryScope scope = MemoryScope.open()) {
                        Tensor a = Tensor.uniform(cpu, rng, -1, 1, DType.FLOAT32, m, k);
                        Tensor b = Tensor.uniform(cpu, rng, -1, 1, DType.FLOAT32, k, n);
                        assertClose(a.matmul(b), a.to(be).matmul(b.to(be)), k, m + "x" + k + "x" + n);
                    }
                }
            }
        }
    }

    @Test
    void matmulOfTransposedAndBroadcastOperands() {
        onEveryProductPath(this::transposedAndBroadcastProducts);
    }

    private void transposedAndBroadcastProducts() {
        Rng rng = new Rng(4);
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor a = Tensor.uniform(cpu, rng, -1, 1, DType.FLOAT32, 3, 33, 17);     // (3, 33, 17)
            Tensor w = Tensor.uniform(cpu, rng, -1, 1, DType.FLOAT32, 7, 33);          // (7, 33)
            // A transposed per batch, B shared by every batch (stride 0) and transposed.
            Tensor at = a.transpose(1, 2);                                            // (3, 17, 33)
            Tensor wt = w.transpose(0, 1).unsqueeze(0).expand(3, 33, 7);              // (3, 33, 7)
            assertClose(at.matmul(wt), at.to(be).matmul(w.to(be).transpose(0, 1).unsqueeze(0).expand(3, 33, 7)),
                    33, "batched, transposed, broadcast");
            // A narrowed view with an offset.
            Tensor an = a.narrow(1, 5, 20).narrow(2, 1, 15);                           // (3, 20, 15)
            Tensor b = Tensor.uniform(cpu, rng, -1, 1, DType.FLOAT32, 3, 15, 65);
            assertClose(an.matmul(b), a.to(be).narrow(1, 5, 20).narrow(2, 1, 15).matmul(b.to(be)), 15, "narrowed");
            // Rows times transposed rows (x W^T), k in 16-wide chunks and a tail, batched with a shared W.
            Tensor x = Tensor.uniform(cpu, rng, -1, 1, DType.FLOAT32, 2, 13, 37);
            Tensor wr = Tensor.uniform(cpu, rng, -1, 1, DType.FLOAT32, 10, 37);
            assertClose(x.matmul(wr.transpose(0, 1).unsqueeze(0).expand(2, 37, 10)),
                    x.to(be).matmul(wr.to(be).transpose(0, 1).unsqueeze(0).expand(2, 37, 10)), 37, "x W^T");
        }
    }

    private static void assertClose(Tensor expected, Tensor got, int k, String what) {
        assertArrayEquals(expected.shape(), got.shape(), what);
        float[] e = expected.toFloatArray();
        float[] g = got.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            double tol = 1e-5 * Math.max(1, k);
            assertTrue(Math.abs(e[i] - g[i]) <= tol, what + ": element " + i + " " + e[i] + " vs " + g[i]);
        }
    }
}
