package org.learnedlr.tensor.cpu;

import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.conformance.BackendConformanceSuite;

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
}
