package org.learnedlr.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Deterministic release of device memory. Storages that a backend {@link #track tracks} while a scope is open on
 * the current thread are closed when that scope closes, unless {@link #keep kept}, which hands them to the enclosing
 * scope (or releases them from scope management entirely at the outermost level, leaving them to the Cleaner).
 * CPU storage is never tracked: on the CPU a scope costs nothing.
 *
 * <pre>{@code
 * try (MemoryScope scope = MemoryScope.open()) {
 *     Tensor loss = step(batch);           // temporaries on the device
 *     result = scope.keep(loss);           // survives the scope
 * }                                        // everything else is freed here
 * }</pre>
 */
public final class MemoryScope implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<MemoryScope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final Set<Storage> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Thread thread = Thread.currentThread();
    private boolean closed;

    private MemoryScope() {
    }

    /** Opens a scope nested in the current thread's innermost open scope. */
    public static MemoryScope open() {
        MemoryScope scope = new MemoryScope();
        STACK.get().push(scope);
        return scope;
    }

    /** Registers device storage with the innermost open scope of this thread, if there is one. */
    public static void track(Storage storage) {
        MemoryScope scope = STACK.get().peek();
        if (scope != null) {
            scope.owned.add(storage);
        }
    }

    /**
     * Removes a tensor's storage from every scope of this thread, so that it lives on until it becomes unreachable
     * (the backend's Cleaner then frees it). For long-lived state created inside a scope: optimizer buffers, running
     * statistics, parameters.
     */
    public static Tensor escape(Tensor tensor) {
        for (MemoryScope scope : STACK.get()) {
            scope.owned.remove(tensor.storage());
        }
        return tensor;
    }

    /** Number of storages this scope would release now. */
    public int trackedCount() {
        return owned.size();
    }

    /** Keeps a tensor's storage alive past this scope: it moves to the enclosing scope, if any. */
    public Tensor keep(Tensor tensor) {
        Storage s = tensor.storage();
        if (owned.remove(s)) {
            ArrayDeque<MemoryScope> stack = STACK.get();
            MemoryScope parent = null;
            boolean found = false;
            for (MemoryScope m : stack) {
                if (found) {
                    parent = m;
                    break;
                }
                found = m == this;
            }
            if (parent != null) {
                parent.owned.add(s);
            }
        }
        return tensor;
    }

    /** Closes every storage this scope still owns. Scopes must close in the reverse order of opening. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("MemoryScope closed on a different thread than it was opened on");
        }
        ArrayDeque<MemoryScope> stack = STACK.get();
        if (stack.peek() != this) {
            throw new IllegalStateException("MemoryScope closed out of order: close inner scopes first");
        }
        stack.pop();
        closed = true;
        List<Storage> toClose = new ArrayList<>(owned);
        owned.clear();
        for (Storage s : toClose) {
            s.close();
        }
    }
}
