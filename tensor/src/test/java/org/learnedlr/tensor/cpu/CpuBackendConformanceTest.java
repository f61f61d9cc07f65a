package org.learnedlr.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.conformance.BackendConformanceSuite;
import org.learnedlr.tensor.cpu.simd.SimdSupport;

/**
 * The CPU backend as it is used by default — with the Vector API fast path wherever it is enabled — against the
 * conformance suite, in FLOAT32 and FLOAT64.
 */
class CpuBackendConformanceTest extends BackendConformanceSuite {
    private final CpuBackend backend = new CpuBackend();

    @Override
    protected Backend backend() {
        return backend;
    }

    /** Without the module this class would silently repeat {@link CpuPlainBackendConformanceTest}. */
    @Test
    void runsOnTheFastPath() {
        assertTrue(SimdSupport.available(), "the test JVM lacks --add-modules " + SimdSupport.MODULE);
        assertEquals(SimdSupport.enabled(), backend.simd(), SimdSupport.describe());
    }
}
