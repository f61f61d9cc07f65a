package org.learnedlr.rl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** Assertions shared by the schedule tests. */
final class Check {
    private Check() {
    }

    /**
     * Equal to 1e-12 relative; exactly 0 when 0 is expected. Not bit for bit: near the end of a schedule, 1 - t/T
     * cancels (and PyTorch's linear anneal computes (end - start) q + start), which costs up to ~log2(T / (T - t))
     * bits against the same formula written another way.
     */
    static void close(double expected, double actual, String what) {
        if (expected == 0) {
            assertEquals(0.0, actual, what);
        } else {
            assertEquals(expected, actual, 1e-12 * Math.abs(expected), what);
        }
    }

    static void lr(double expected, Schedule s, long step) {
        close(expected, s.lr(step), s + " at step " + step);
    }

    static void nonIncreasing(Schedule s, long from, long to) {
        for (long t = from; t < to; t++) {
            assertTrue(s.lr(t + 1) <= s.lr(t), s + " rises from step " + t + " to " + (t + 1));
        }
    }

    static void nonDecreasing(Schedule s, long from, long to) {
        for (long t = from; t < to; t++) {
            assertTrue(s.lr(t + 1) >= s.lr(t), s + " falls from step " + t + " to " + (t + 1));
        }
    }

    /** The constructor or call is rejected with a message that starts with the field's name. */
    static void rejects(String field, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, field);
        assertTrue(e.getMessage().startsWith(field + ":"), "message should name " + field + ": " + e.getMessage());
    }
}
