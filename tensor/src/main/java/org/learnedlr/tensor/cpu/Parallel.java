package org.learnedlr.tensor.cpu;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CPU backend's worker threads: a fixed pool created once (no per-call thread creation), sized by the system
 * property {@code learnedlr.threads} (default: available processors). Work is split into contiguous chunks whose
 * boundaries depend only on the problem size and the thread count, so results are reproducible for a thread count.
 */
final class Parallel {
    /** Below this much work (elements or multiply-adds), splitting costs more than it saves. */
    static final int MIN_WORK_PER_TASK = 32_768;

    private static final int THREADS = threadCount();
    private static final ExecutorService POOL = THREADS > 1 ? Executors.newFixedThreadPool(THREADS - 1, daemons()) : null;

    private Parallel() {
    }

    /** Work over an index range [start, end). */
    interface Range {
        void run(int start, int end);
    }

    static int threads() {
        return THREADS;
    }

    private static int threadCount() {
        String p = System.getProperty("learnedlr.threads");
        if (p != null) {
            try {
                int n = Integer.parseInt(p.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the default, reported below
            }
            System.err.println("learnedlr: ignoring invalid learnedlr.threads='" + p + "'");
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static ThreadFactory daemons() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "learnedlr-cpu-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Runs {@code body} over [0, n) in at most {@link #threads()} chunks; {@code costPerItem} estimates the work of
     * one index so that small problems stay on the calling thread.
     */
    static void forRange(int n, long costPerItem, Range body) {
        forRange(n, costPerItem, MIN_WORK_PER_TASK, body);
    }

    /**
     * As {@link #forRange(int, long, Range)} with a caller's threshold: a chunk gets at least {@code minWorkPerTask}
     * units of work. Memory-bound kernels use a high one, since handing a chunk to a parked worker costs tens to
     * hundreds of microseconds on a busy machine.
     */
    static void forRange(int n, long costPerItem, long minWorkPerTask, Range body) {
        long total = (long) n * Math.max(1, costPerItem);
        int chunks = (int) Math.min(THREADS, Math.max(1, total / Math.max(1, minWorkPerTask)));
        chunks = Math.min(chunks, n);
        if (chunks <= 1 || POOL == null || Thread.currentThread().getName().startsWith("learnedlr-cpu-")) {
            if (n > 0) {
                body.run(0, n);
            }
            return;
        }
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int s = (int) ((long) n * c / chunks);
            int e = (int) ((long) n * (c + 1) / chunks);
            futures[c - 1] = POOL.submit(() -> body.run(s, e));
        }
        body.run(0, (int) ((long) n / chunks));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for CPU workers", ie);
            } catch (java.util.concurrent.ExecutionException ee) {
                Throwable cause = ee.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }
}
