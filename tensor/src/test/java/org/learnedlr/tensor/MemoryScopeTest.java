package org.learnedlr.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The mechanics of {@link MemoryScope}, independent of any backend: a test-only storage counts its close() calls
 * and is registered with {@link MemoryScope#track} as a device backend would.
 */
class MemoryScopeTest {

    /** Device-like storage that records how often it was closed. */
    private static final class CountingStorage extends Storage {
        int closes;

        CountingStorage() {
            super(null, DType.FLOAT32, 4);
        }

        @Override
        public void close() {
            closes++;
        }

        @Override
        public boolean isClosed() {
            return closes > 0;
        }
    }

    private static CountingStorage tracked() {
        CountingStorage s = new CountingStorage();
        MemoryScope.track(s);
        return s;
    }

    @AfterEach
    void noScopeLeaksIntoTheNextTest() {
        // If a test left a scope open, tracking would register with it: detect that here.
        CountingStorage probe = tracked();
        assertEquals(0, probe.closes);
        try (MemoryScope s = MemoryScope.open()) {
            assertEquals(0, s.trackedCount());
        }
    }

    @Test
    void trackingOutsideAnyScopeIsANoOp() {
        CountingStorage s = tracked();
        try (MemoryScope scope = MemoryScope.open()) {
            assertEquals(0, scope.trackedCount(), "storage tracked before the scope opened is not the scope's");
        }
        assertEquals(0, s.closes);
    }

    @Test
    void closingAScopeClosesEachTrackedStorageOnce() {
        CountingStorage a;
        CountingStorage b;
        CountingStorage c;
        try (MemoryScope scope = MemoryScope.open()) {
            a = tracked();
            b = tracked();
            c = tracked();
            MemoryScope.track(b); // tracked twice, still closed once
            assertEquals(3, scope.trackedCount());
        }
        assertEquals(1, a.closes);
        assertEquals(1, b.closes);
        assertEquals(1, c.closes);
    }

    @Test
    void closingTwiceIsIdempotent() {
        CountingStorage a;
        MemoryScope scope = MemoryScope.open();
        a = tracked();
        scope.close();
        scope.close();
        assertEquals(1, a.closes);
    }

    @Test
    void keepHandsStorageToTheEnclosingScope() {
        CountingStorage inner;
        CountingStorage kept;
        try (MemoryScope outer = MemoryScope.open()) {
            try (MemoryScope scope = MemoryScope.open()) {
                inner = tracked();
                kept = tracked();
                Tensor t = Tensor.wrap(kept, 2, 2);
                assertSame(t, scope.keep(t), "keep returns its argument");
                assertEquals(1, scope.trackedCount());
            }
            assertEquals(1, inner.closes, "the inner temporary is released with its scope");
            assertEquals(0, kept.closes, "the kept storage survives");
            assertEquals(1, outer.trackedCount(), "and now belongs to the enclosing scope");
        }
        assertEquals(1, kept.closes, "released when the enclosing scope closes");
    }

    @Test
    void keepAtTheOutermostScopeReleasesFromManagement() {
        CountingStorage kept;
        try (MemoryScope scope = MemoryScope.open()) {
            kept = tracked();
            scope.keep(Tensor.wrap(kept, 4));
            assertEquals(0, scope.trackedCount());
        }
        assertEquals(0, kept.closes, "left to the Cleaner");
    }

    @Test
    void keepOfUntrackedStorageIsANoOp() {
        CountingStorage foreign = new CountingStorage();
        try (MemoryScope outer = MemoryScope.open(); MemoryScope scope = MemoryScope.open()) {
            scope.keep(Tensor.wrap(foreign, 4));
            assertEquals(0, outer.trackedCount(), "keep does not adopt storage the scope did not own");
        }
        assertEquals(0, foreign.closes);
    }

    @Test
    void trackingGoesToTheInnermostScope() {
        CountingStorage outerStorage;
        CountingStorage innerStorage;
        try (MemoryScope outer = MemoryScope.open()) {
            outerStorage = tracked();
            try (MemoryScope inner = MemoryScope.open()) {
                innerStorage = tracked();
                assertEquals(1, inner.trackedCount());
                assertEquals(1, outer.trackedCount());
            }
            assertEquals(1, innerStorage.closes);
            assertEquals(0, outerStorage.closes, "the outer scope's storage outlives the inner scope");
            CountingStorage later = tracked();
            assertEquals(2, outer.trackedCount(), "after the inner scope closed, tracking goes to the outer one");
            assertEquals(0, later.closes);
        }
        assertEquals(1, outerStorage.closes);
    }

    @Test
    void closingOutOfOrderIsAnError() {
        MemoryScope outer = MemoryScope.open();
        MemoryScope inner = MemoryScope.open();
        CountingStorage s = tracked();
        IllegalStateException e = assertThrows(IllegalStateException.class, outer::close);
        assertEquals(true, e.getMessage().contains("order"), e.getMessage());
        assertEquals(0, s.closes, "a refused close releases nothing");
        inner.close();
        outer.close();
        assertEquals(1, s.closes);
    }

    @Test
    void closingOnAnotherThreadIsAnError() throws InterruptedException {
        MemoryScope scope = MemoryScope.open();
        try {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    scope.close();
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            t.start();
            t.join();
            assertEquals(IllegalStateException.class, thrown.get() == null ? null : thrown.get().getClass());
        } finally {
            scope.close();
        }
    }

    @Test
    void scopesAreThreadLocal() throws InterruptedException {
        try (MemoryScope scope = MemoryScope.open()) {
            AtomicReference<CountingStorage> other = new AtomicReference<>();
            Thread t = new Thread(() -> other.set(tracked()));
            t.start();
            t.join();
            assertEquals(0, scope.trackedCount(), "storage tracked on another thread is not this scope's");
            assertEquals(0, other.get().closes);
        }
    }
}
