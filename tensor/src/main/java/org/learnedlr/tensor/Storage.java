package org.learnedlr.tensor;

/**
 * A flat buffer of elements owned by a backend. Its contents are reachable only through the backend (copy-in and
 * copy-out methods), never as a raw array outside tensor/. Device storage is released by {@link #close()}, which
 * {@link MemoryScope} calls deterministically; CPU storage is left to the garbage collector.
 */
public abstract class Storage implements AutoCloseable {
    private final Backend backend;
    private final DType dtype;
    private final int length;

    protected Storage(Backend backend, DType dtype, int length) {
        this.backend = backend;
        this.dtype = dtype;
        this.length = length;
    }

    public final Backend backend() {
        return backend;
    }

    public final DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public final int length() {
        return length;
    }

    /** Releases device memory; a no-op for heap storage. Idempotent. */
    @Override
    public void close() {
    }

    /** True once the memory behind this storage has been released. */
    public boolean isClosed() {
        return false;
    }
}
