package org.learnedlr.tensor.cpu;

import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.conformance.BackendConformanceSuite;

/** The CPU backend, FLOAT32 and FLOAT64, against the conformance suite. */
class CpuBackendConformanceTest extends BackendConformanceSuite {
    private final CpuBackend backend = new CpuBackend();

    @Override
    protected Backend backend() {
        return backend;
    }
}
