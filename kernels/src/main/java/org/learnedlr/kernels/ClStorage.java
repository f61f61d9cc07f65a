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
    /** Writes into this storage after it was made (copyInto, fill, optimizer updates): invalidates {@link #checked}. */
    private long writes;
    /** The last view of this storage whose values were all found in range, or null. */
    private RangeCheck checked;

    /** A view (offset, shape, strides) of this storage all of whose values lay in [0, size) after {@code writes}. */
    private record RangeCheck(int offset, int[] shape, int[] strides, int size, long writes) {
    }

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

    /** Records an in-place write into this storage (so that an earlier range check no longer holds). */
    synchronized void written() {
        writes++;
    }

    /**
     * Whether this view's values were already found in [0, size) (or a narrower range), with no write since: the
     * labels of a batch are checked once for gather in the forward pass, not again for scatterAdd in the backward.
     */
    synchronized boolean knownInRange(int offset, int[] shape, int[] strides, int size) {
        RangeCheck c = checked;
        return c != null && c.writes == writes && c.offset == offset && size >= c.size
                && java.util.Arrays.equals(c.shape, shape) && java.util.Arrays.equals(c.strides, strides);
    }

    synchronized void inRange(int offset, int[] shape, int[] strides, int size) {
        checked = new RangeCheck(offset, shape.clone(), strides.clone(), size, writes);
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
