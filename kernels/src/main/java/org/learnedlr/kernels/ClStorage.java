package org.learnedlr.kernels;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;
import org.jocl.cl_mem;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.MemoryScope;
import org.learnedlr.tensor.Storage;

/**
 * A device buffer. When closed, its buffer goes back to the runtime's pool for reuse. It is registered with the innermost open {@link MemoryScope} when created, so scopes free it
 * deterministically; a {@link Cleaner} frees it if it becomes unreachable while still open (the safety net for
 * storage made outside any scope, or kept past the outermost one). Closing is idempotent; a closed storage can no
 * longer be used by a kernel.
 */
final class ClStorage extends Storage {
    private static final Cleaner CLEANER = Cleaner.create();
    static final AtomicLong LIVE_BUFFERS = new AtomicLong();
    static final AtomicLong LIVE_BYTES = new AtomicLong();

    /** What the cleaner needs; it must not refer back to the storage. */
    private static final class Buffer implements Runnable {
        /** Where the buffer goes when released: the pool, or (when null) straight back to the device. */
        private final ClRuntime runtime;
        private cl_mem mem;
        private final long bytes;

        Buffer(ClRuntime runtime, cl_mem mem, long bytes) {
            this.runtime = runtime;
            this.mem = mem;
            this.bytes = bytes;
        }

        @Override
        public synchronized void run() {
            if (mem != null) {
                if (runtime != null) {
                    runtime.recycle(mem, bytes);
                } else {
                    ClRuntime.release(mem);
                }
                mem = null;
                LIVE_BUFFERS.decrementAndGet();
                LIVE_BYTES.addAndGet(-bytes);
            }
        }
    }

    private final Buffer buffer;
    private final Cleaner.Cleanable cleanable;

    /**
     * Wraps {@code mem}. With a runtime, {@code mem} must come from {@link ClRuntime#acquire} and is recycled on
     * close; without one (uploads, whose buffers have their exact size) it is released.
     */
    ClStorage(Backend backend, ClRuntime runtime, DType dtype, int length, cl_mem mem) {
        super(backend, dtype, length);
        long bytes = (long) length * dtype.byteSize();
        this.buffer = new Buffer(runtime, mem, bytes);
        this.cleanable = CLEANER.register(this, buffer);
        LIVE_BUFFERS.incrementAndGet();
        LIVE_BYTES.addAndGet(bytes);
        MemoryScope.track(this);
    }

    /** The device buffer; throws if the storage was closed. */
    cl_mem mem() {
        synchronized (buffer) {
            if (buffer.mem == null) {
                throw new IllegalStateException("opencl backend: this " + dtype() + " storage of " + length()
                        + " elements was closed (by its MemoryScope?) and cannot be used any more");
            }
            return buffer.mem;
        }
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    @Override
    public boolean isClosed() {
        synchronized (buffer) {
            return buffer.mem == null;
        }
    }
}
