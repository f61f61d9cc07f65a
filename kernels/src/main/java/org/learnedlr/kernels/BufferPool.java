package org.learnedlr.kernels;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.jocl.cl_mem;

/**
 * A cache of released device buffers by size, so that a training loop, which allocates the same shapes every
 * step, stops paying for clCreateBuffer (and, on a CPU device, for fresh pages). It holds at most
 * {@code capacity} bytes; buffers past that are released to the device at once.
 */
final class BufferPool {
    private final long capacity;
    private final Map<Long, ArrayDeque<cl_mem>> free = new HashMap<>();
    private long pooled;

    BufferPool(long capacity) {
        this.capacity = capacity;
    }

    /** Sizes are rounded up to 256 bytes, so nearby sizes share buffers. */
    static long sizeClass(long bytes) {
        return Math.max(256, (bytes + 255) & ~255L);
    }

    synchronized cl_mem take(long size) {
        ArrayDeque<cl_mem> q = free.get(size);
        if (q == null || q.isEmpty()) {
            return null;
        }
        pooled -= size;
        return q.pop();
    }

    void give(cl_mem mem, long size) {
        synchronized (this) {
            if (pooled + size <= capacity) {
                free.computeIfAbsent(size, s -> new ArrayDeque<>()).push(mem);
                pooled += size;
                return;
            }
        }
        ClRuntime.release(mem);
    }

    /** Releases cached buffers until at most {@code keep} bytes remain. */
    synchronized void trim(long keep) {
        for (Map.Entry<Long, ArrayDeque<cl_mem>> e : free.entrySet()) {
            ArrayDeque<cl_mem> q = e.getValue();
            while (pooled > keep && !q.isEmpty()) {
                ClRuntime.release(q.pop());
                pooled -= e.getKey();
            }
        }
    }

    synchronized long pooledBytes() {
        return pooled;
    }
}
