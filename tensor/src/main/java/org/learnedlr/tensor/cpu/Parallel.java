package org.learnedlr.tensor.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU backend's worker threads: a fixed set created once (no per-call thread creation), sized by the system
 * property {@code learnedlr.threads} (default: available processors). Work is split into contiguous chunks whose
 * boundaries depend only on the problem size and the thread count, so results are reproducible for a thread count.
 *
 * <p>Why not an {@code ExecutorService}: handing a task to a parked thread costs 0.1-0.3 ms on a small VM (the
 * kernel has to wake it), longer than a whole 128<sup>3</sup> matrix product. So, as BLAS libraries do:
 * <ul>
 *   <li>a worker that has just finished a job spins for a short while ({@code learnedlr.spinMicros}, default 200)
 *       before it parks, so the next product of a training step finds it awake and starts within a microsecond;
 *       past the first 10 us each round of the spin yields the core (as does the caller's wait for the workers), so
 *       that two threads left sharing one core do not hold each other up for the whole spin;
 *   <li>the caller posts a job and then claims chunks itself from the same counter as the workers. A chunk no worker
 *       has started yet is one the caller runs: a worker that wakes late, or a core taken by another process, costs
 *       at most the time of running alone, never a wait for a sleeping thread.
 * </ul>
 * The spin is bounded because spinning burns the time another thread needs when the cores are oversubscribed.
 *
 * <p>One job is shared at a time. A second caller (another training thread, or a kernel called from inside a chunk)
 * finds the workers busy and runs its whole range on its own thread. When two threads outside the pool have asked
 * for it at once (several episodes trained side by side), the cores are already taken by callers: for the next
 * {@link #CONTENTION_WINDOW_NANOS} every call runs on its caller's thread and the workers sleep instead of spinning.
 */
final class Parallel {
    /** Below this much work (elements or multiply-adds), splitting costs more than it saves. */
    static final int MIN_WORK_PER_TASK = 32_768;

    private static final int THREADS = threadCount();
    private static final long SPIN_NANOS = spinMicros() * 1_000L;
    /** How much of a spin stays on the core before each round yields it (see {@link #idle}). */
    private static final long BUSY_SPIN_NANOS = 10_000L;
    /** How long after two callers collided the workers stand down. */
    static final long CONTENTION_WINDOW_NANOS = 50_000_000L;
    /** Held by the one caller whose job the workers are sharing. */
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    /** The thread holding {@link #BUSY}, so that its own nested calls are not taken for a second caller. */
    private static volatile Thread owner;
    /** When a second caller last found the workers busy (System.nanoTime), or long ago. */
    private static volatile long contendedAt = System.nanoTime() - 2 * CONTENTION_WINDOW_NANOS;
    /** The job the workers should help with; a worker takes part in each job object once. */
    private static volatile Job posted;
    /** Started last, once the fields they read are set. */
    private static final Worker[] WORKERS = startWorkers(THREADS - 1);

    private Parallel() {
    }

    /** Work over an index range [start, end). */
    interface Range {
        void run(int start, int end);
    }

    static int threads() {
        return THREADS;
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
     * units of work. Memory-bound kernels use a high one, since their chunks are short.
     */
    static void forRange(int n, long costPerItem, long minWorkPerTask, Range body) {
        long total = (long) n * Math.max(1, costPerItem);
        int chunks = (int) Math.min(THREADS, Math.max(1, total / Math.max(1, minWorkPerTask)));
        chunks = Math.min(chunks, n);
        if (chunks <= 1 || WORKERS.length == 0 || contended() || !claimWorkers()) {
            // On this thread alone, but over the same chunks: a kernel may combine per-chunk partial results, and
            // its answer must not depend on whether the workers were free.
            for (int c = 0; c < chunks; c++) {
                body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
            }
            return;
        }
        Job job = new Job(n, chunks, body, Thread.currentThread());
        try {
            posted = job;
            for (Worker w : WORKERS) {
                if (w.parked) {
                    LockSupport.unpark(w);
                }
            }
            job.work();
            job.awaitAll();
        } finally {
            posted = null;
            owner = null;
            BUSY.set(false);
        }
        job.rethrow();
    }

    /** Whether two callers collided recently (see the class comment). */
    private static boolean contended() {
        return System.nanoTime() - contendedAt < CONTENTION_WINDOW_NANOS;
    }

    /** Takes the workers for this thread's job; false (noting a collision if it is one) when they are taken. */
    private static boolean claimWorkers() {
        Thread me = Thread.currentThread();
        if (BUSY.compareAndSet(false, true)) {
            owner = me;
            return true;
        }
        if (owner != me && !(me instanceof Worker)) {
            contendedAt = System.nanoTime();
        }
        return false;
    }

    /** One call's chunks: claimed from a shared counter by the caller and the workers alike. */
    private static final class Job {
        private final int n;
        private final int chunks;
        private final Range body;
        private final Thread caller;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private volatile boolean callerParked;
        private volatile Throwable failure;

        Job(int n, int chunks, Range body, Thread caller) {
            this.n = n;
            this.chunks = chunks;
            this.body = body;
            this.caller = caller;
        }

        /** Claims and runs chunks until none is left. */
        void work() {
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                int s = (int) ((long) n * c / chunks);
                int e = (int) ((long) n * (c + 1) / chunks);
                try {
                    body.run(s, e);
                } catch (Throwable t) {
                    if (failure == null) {
                        failure = t;
                    }
                }
                if (done.incrementAndGet() == chunks && callerParked) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** Waits for chunks that workers are still running: spinning first (see {@link #idle}), then parked. */
        void awaitAll() {
            long start = System.nanoTime();
            while (done.get() < chunks) {
                if (idle(start)) {
                    continue;
                }
                callerParked = true;
                if (done.get() < chunks) {
                    LockSupport.parkNanos(this, 1_000_000L);
                }
                callerParked = false;
            }
        }

        void rethrow() {
            Throwable t = failure;
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** A daemon thread that helps with each posted job, spinning a while after each before it parks. */
    private static final class Worker extends Thread {
        volatile boolean parked;

        Worker(int index) {
            super("learnedlr-cpu-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            Job seen = null;
            long idleSince = System.nanoTime();
            while (true) {
                Job job = posted;
                if (job != null && job != seen) {
                    seen = job;
                    job.work();
                    idleSince = System.nanoTime();
                } else if (contended() || !idle(idleSince)) {
                    parked = true;
                    if (posted == null || posted == seen) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }

    /**
     * One round of a bounded spin that began at {@code since}: false once {@link #SPIN_NANOS} have passed. The first
     * {@link #BUSY_SPIN_NANOS} spin on the core; after that each round yields it, because a thread spinning on a
     * core that the thread it waits for needs (a core taken by the JIT compiler or another process leaves the caller
     * and a worker sharing one) delays that thread by the whole spin (128<sup>3</sup> products, p90: 66-78 us
     * spinning throughout, 37-45 us yielding; the median is the same).
     */
    private static boolean idle(long since) {
        long spun = System.nanoTime() - since;
        if (spun >= SPIN_NANOS) {
            return false;
        }
        if (spun < BUSY_SPIN_NANOS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return true;
    }

    private static Worker[] startWorkers(int count) {
        Worker[] workers = new Worker[Math.max(0, count)];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
        return workers;
    }

    private static int threadCount() {
        return intProperty("learnedlr.threads", 1, Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    private static long spinMicros() {
        return intProperty("learnedlr.spinMicros", 0, 200);
    }

    /** An integer system property of at least {@code min}, or the fallback (reported) when it is set to anything else. */
    private static int intProperty(String name, int min, int fallback) {
        String p = System.getProperty(name);
        if (p == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(p.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        System.err.println("learnedlr: ignoring invalid " + name + "='" + p + "'");
        return fallback;
    }
}
