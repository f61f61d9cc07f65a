package org.learnedlr.tensor.cpu;

import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.conformance.BackendConformanceSuite;

/** The CPU backend without the Vector API fast path (the plain loops) against the conformance suite. */
class CpuPlainBackendConformanceTest extends BackendConformanceSuite {
    private final CpuBackend backend = new CpuBackend(false);

    @Override
    protected Backend backend() {
        return backend;
    }
}
