package org.learnedlr.kernels;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.BackendProvider;

/**
 * Registers the OpenCL backend with {@link java.util.ServiceLoader} under the name "opencl". It is available when
 * the JOCL native library loads and some OpenCL platform has a device; otherwise {@link #isAvailable()} is false —
 * never an exception — and {@link org.learnedlr.tensor.Backends} falls back to the CPU with one log line. The reason
 * is kept in {@link #unavailableReason()} (and logged at FINE).
 */
public final class OpenClBackendProvider implements BackendProvider {
    private static final Logger LOG = Logger.getLogger(OpenClBackendProvider.class.getName());
    private static volatile Boolean available;
    private static volatile String reason = "";
    private static OpenClBackend backend;

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public boolean isAvailable() {
        Boolean a = available;
        if (a == null) {
            synchronized (OpenClBackendProvider.class) {
                a = available;
                if (a == null) {
                    a = probe();
                    available = a;
                }
            }
        }
        return a;
    }

    private static boolean probe() {
        try {
            if (ClRuntime.chooseDevice() == null) {
                reason = "no OpenCL platform with a device was found";
                return false;
            }
            return true;
        } catch (LinkageError | RuntimeException e) {
            // UnsatisfiedLinkError / NoClassDefFoundError when JOCL or libOpenCL cannot load; CLException otherwise.
            reason = "OpenCL could not be initialised: " + e;
            LOG.log(Level.FINE, reason, e);
            return false;
        }
    }

    /** Why the backend is unavailable (empty when it is available or was not probed yet). */
    public static String unavailableReason() {
        return reason;
    }

    /** The process-wide OpenCL backend (one context and queue per process). */
    @Override
    public Backend create() {
        return shared();
    }

    /** The shared backend instance; throws {@link OpenClException} when no OpenCL device is available. */
    public static synchronized OpenClBackend shared() {
        if (backend == null) {
            backend = new OpenClBackend(ClRuntime.shared());
        }
        return backend;
    }
}
