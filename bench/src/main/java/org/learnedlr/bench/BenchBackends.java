package org.learnedlr.bench;

import org.learnedlr.kernels.OpenClBackend;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.Backends;
import org.learnedlr.tensor.cpu.CpuBackend;
import org.learnedlr.tensor.cpu.simd.SimdSupport;

/**
 * The backend a benchmark fork runs on, named by its {@code backend} parameter ("cpu" or "opencl"), and the one
 * backend-specific thing a timing needs: waiting until a device has done the work it was given.
 */
final class BenchBackends {
    private BenchBackends() {
    }

    /**
     * The named backend, made the process default (so trainees and policies built without naming one land on it).
     * Refuses to run rather than time a fallback: an OpenCL fork without a platform, or a CPU fork without the
     * Vector API fast path, would measure something other than what its label says.
     */
    static Backend use(String name) {
        Backend backend = Backends.find(name).orElseThrow(() -> new IllegalStateException(
                "backend '" + name + "' is not available in this fork"
                        + ("opencl".equals(name) ? " (it needs libOpenCL.so and a platform: Debian's ocl-icd-opencl-dev"
                        + " and pocl-opencl-icd)" : "")));
        if (backend instanceof CpuBackend cpu && !cpu.simd()) {
            throw new IllegalStateException("the fast path is off in this fork: " + SimdSupport.describe());
        }
        Backends.setDefault(name);
        return backend;
    }

    /** Returns once the backend has finished everything queued (a no-op on the CPU, whose ops are synchronous). */
    static void sync(Backend backend) {
        if (backend instanceof OpenClBackend device) {
            device.finish();
        }
    }
}
