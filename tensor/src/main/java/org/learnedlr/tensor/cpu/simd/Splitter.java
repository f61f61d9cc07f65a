package org.learnedlr.tensor.cpu.simd;

/**
 * How a GEMM spreads its work over threads: runs {@code body} over [0, n) in contiguous chunks, possibly in parallel,
 * and returns when all are done. The CPU backend passes its worker pool; {@link #SEQUENTIAL} runs on the caller.
 * Results never depend on the chunking.
 */
@FunctionalInterface
public interface Splitter {
    /** Runs everything on the calling thread. */
    Splitter SEQUENTIAL = (n, costPerItem, body) -> {
        if (n > 0) {
            body.run(0, n);
        }
    };

    /** {@code costPerItem} estimates the multiply-adds of one index, so that small problems stay on one thread. */
    void forRange(int n, long costPerItem, Chunk body);

    /** Work over an index range [start, end). */
    @FunctionalInterface
    interface Chunk {
        void run(int start, int end);
    }
}
