package org.learnedlr.cli;

import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.Backends;
import picocli.CommandLine.Option;

/** The backend switch as a command-line option (same names as -Dlearnedlr.backend / LEARNEDLR_BACKEND). */
public final class BackendOptions {
    @Option(names = "--backend", paramLabel = "NAME",
            description = "Compute backend: cpu or opencl (default: $LEARNEDLR_BACKEND, else cpu).")
    String backend;

    /** Applies the switch and returns the backend in effect. */
    public Backend apply() {
        return backend == null ? Backends.defaultBackend() : Backends.setDefault(backend);
    }
}
