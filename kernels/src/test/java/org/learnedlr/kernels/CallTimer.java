package org.learnedlr.kernels;

import java.util.Arrays;
import org.learnedlr.tensor.Backend;
import org.learnedlr.tensor.MemoryScope;

/**
 * The median wall time of one call of an op, for the kernels' ad-hoc timing mains ({@link MatmulTiming},
 * {@link OpTiming}): each call runs in its own {@link MemoryScope} and is timed to the end of the device's work, after
 * a few untimed warm-up calls. Counts every call it makes, so a caller can divide other measures (CPU time) by it.
 */
final class CallTimer {
    private final int warmups;
    private int calls;

    CallTimer(int warmups) {
        this.warmups = warmups;
    }

    /** Calls made so far, warm-ups included. */
    int calls() {
        return calls;
    }

    /** Median seconds of one call of {@code op}: as many calls as fit in {@code seconds}, at least 5. */
    double median(Backend b, double seconds, Runnable op) {
        for (int i = 0; i < warmups; i++) {
            try (MemoryScope ignored = MemoryScope.open()) {
                op.run();
                finish(b);
                calls++;
            }
        }
        double[] times = new double[100_000];
        int n = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while ((n < 5 || System.nanoTime() < end) && n < times.length) {
            try (MemoryScope ignored = MemoryScope.open()) {
                long t0 = System.nanoTime();
                op.run();
                finish(b);
                times[n++] = (System.nanoTime() - t0) / 1e9;
                calls++;
            }
        }
        double[] sorted = Arrays.copyOf(times, n);
        Arrays.sort(sorted);
        return sorted[n / 2];
    }

    /** Waits for the device's queued work (nothing to wait for on the CPU backend). */
    static void finish(Backend b) {
        if (b instanceof OpenClBackend c) {
            c.finish();
        }
    }
}
