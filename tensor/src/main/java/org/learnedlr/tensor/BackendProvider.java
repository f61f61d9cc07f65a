package org.learnedlr.tensor;

/**
 * Service interface through which backends are found at run time ({@link java.util.ServiceLoader}), so that nothing
 * above tensor/ names a backend class.
 */
public interface BackendProvider {
    /** The name the switch selects this backend by ("cpu", "opencl"). */
    String name();

    /** Whether this backend can run on this machine now (e.g. an OpenCL platform exists). */
    boolean isAvailable();

    /** Creates the backend; called at most once per process by {@link Backends}. */
    Backend create();
}
