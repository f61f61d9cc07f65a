package org.learnedlr.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * The worker pool's contract: every index runs exactly once, in chunks whose boundaries depend only on the size and
 * the thread count; a failure in any chunk reaches the caller; a call from inside a chunk, or from several threads
 * at once, still completes (it runs on its own thread when the workers are taken).
 */
class ParallelTest {
    private static final long BIG = Parallel.MIN_WORK_PER_TASK;

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int n : new int[]{1, 2, 3, 7, 1000, 100_003}) {
            AtomicIntegerArray hits = new AtomicIntegerArray(n);
            Parallel.forRange(n, BIG, (s, e) -> {
                for (int i = s; i < e; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < n; i++) {
                assertEquals(1, hits.get(i), "index " + i + " of " + n);
            }
        }
    }

    @Test
    void chunkBoundariesDependOnlyOnSizeAndThreadCount() {
        List<int[]> first = chunks(1001);
        for (int repeat = 0; repeat < 20; repeat++) {
            List<int[]> again = chunks(1001);
            assertEquals(first.size(), again.size());
            for (int c = 0; c < first.size(); c++) {
                assertArrayEquals(first.get(c), again.get(c));
            }
        }
        assertEquals(Math.min(Parallel.threads(), 1001), first.size());
    }

    private static List<int[]> chunks(int n) {
        ConcurrentLinkedQueue<int[]> seen = new ConcurrentLinkedQueue<>();
        Parallel.forRange(n, BIG, (s, e) -> seen.add(new int[]{s, e}));
        List<int[]> sorted = new ArrayList<>(seen);
        sorted.sort((a, b) -> Integer.compare(a[0], b[0]));
        return sorted;
    }

    @Test
    void smallWorkStaysOnTheCallingThread() {
        Thread caller = Thread.currentThread();
        Parallel.forRange(10, 1, (s, e) -> {
            assertSame(caller, Thread.currentThread());
            assertEquals(0, s);
            assertEquals(10, e);
        });
    }

    @Test
    void aFailureInAnyChunkReachesTheCaller() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () ->
                Parallel.forRange(1000, BIG, (s, e) -> {
                    if (e == 1000) {
                        throw new IllegalArgumentException("last chunk failed");
                    }
                }));
        assertEquals("last chunk failed", thrown.getMessage());
        // The pool is usable again afterwards.
        everyIndexRunsExactlyOnce();
    }

    @Test
    void nestedCallsComplete() {
        AtomicIntegerArray hits = new AtomicIntegerArray(64 * 64);
        Parallel.forRange(64, BIG, (s, e) -> {
            for (int i = s; i < e; i++) {
                int row = i;
                Parallel.forRange(64, BIG, (s2, e2) -> {
                    for (int j = s2; j < e2; j++) {
                        hits.incrementAndGet(row * 64 + j);
                    }
                });
            }
        });
        for (int i = 0; i < hits.length(); i++) {
            assertEquals(1, hits.get(i));
        }
    }

    @Test
    void concurrentCallersEachGetTheirWholeRange() throws InterruptedException {
        int callers = 4;
        int n = 50_000;
        long[] sums = new long[callers];
        CountDownLatch start = new CountDownLatch(1);
        Thread[] threads = new Thread[callers];
        for (int t = 0; t < callers; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException ie) {
                    return;
                }
                for (int repeat = 0; repeat < 200; repeat++) {
                    long[] partial = new long[Parallel.threads()];
                    Parallel.forRange(n, BIG, (s, e) -> {
                        long sum = 0;
                        for (int i = s; i < e; i++) {
                            sum += i;
                        }
                        synchronized (partial) {
                            partial[0] += sum;
                        }
                    });
                    sums[id] += partial[0];
                }
            });
            threads[t].start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(60_000);
            assertTrue(!t.isAlive(), "a caller did not finish");
        }
        long expected = 200L * n * (n - 1L) / 2;
        for (long s : sums) {
            assertEquals(expected, s);
        }
    }
}
