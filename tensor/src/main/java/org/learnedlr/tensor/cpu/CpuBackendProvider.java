package org.learnedlr.tensor.cpu;

import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.BackendProvider;

/** Registers the CPU backend with {@link java.util.ServiceLoader} under the name "cpu". */
public final class CpuBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public Backend create() {
        return new CpuBackend();
    }
}
