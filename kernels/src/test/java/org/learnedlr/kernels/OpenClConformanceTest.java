package org.learnedlr.kernels;

import org.junit.jupiter.api.BeforeAll;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.conformance.BackendConformanceSuite;

/** The OpenCL backend (FLOAT32) against the shared conformance suite, unchanged and at its default tolerances. */
class OpenClConformanceTest extends BackendConformanceSuite {
    private OpenClBackend backend;

    @BeforeAll
    void openDevice() {
        backend = OpenClTestSupport.backendOrSkip();
    }

    @Override
    protected Backend backend() {
        if (backend == null) {
            backend = OpenClTestSupport.backendOrSkip();
        }
        return backend;
    }
}
