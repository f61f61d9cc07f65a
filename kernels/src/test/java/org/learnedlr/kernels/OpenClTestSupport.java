package org.learnedlr.kernels;

import org.junit.jupiter.api.Assumptions;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one OpenCL backend every test shares (PoCL's first launch of each kernel and shape is slow, so tests reuse
 * one context). Without an OpenCL platform the tests are skipped with the reason — except under CI=true, where a
 * missing platform is a failure: CI installs PoCL and must test the backend.
 */
final class OpenClTestSupport {
    private OpenClTestSupport() {
    }

    static OpenClBackend backendOrSkip() {
        OpenClBackendProvider provider = new OpenClBackendProvider();
        if (!provider.isAvailable()) {
            String why = "OpenCL backend unavailable: " + OpenClBackendProvider.unavailableReason();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + " (CI=true: install an OpenCL platform, e.g. Debian's pocl-opencl-icd and ocl-icd-opencl-dev)");
            }
            Assumptions.abort(why + " — skipping");
        }
        return OpenClBackendProvider.shared();
    }
}
