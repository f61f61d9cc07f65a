package org.learnedlr.autograd;

/**
 * A scope in which operations on {@link Var} record no graph: results are constants, whatever their inputs.
 * Use it for evaluation, for optimizer updates and wherever gradients are not wanted; it saves the memory the tape
 * would hold. Grad mode is per thread, and scopes nest (grad mode is back on only when the outermost one closes).
 *
 * <pre>{@code
 * try (NoGrad ignored = NoGrad.enter()) {
 *     Var logits = model.forward(x);   // no graph is recorded
 * }
 * }</pre>
 * (With {@code -Xlint:all}, javac notes that the resource is never referenced; {@code @SuppressWarnings("try")}
 * on the enclosing method silences it.)
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final Thread thread = Thread.currentThread();
    private boolean closed;

    private NoGrad() {
    }

    /** Turns grad mode off on this thread until the returned scope is closed. */
    public static NoGrad enter() {
        DEPTH.get()[0]++;
        return new NoGrad();
    }

    /** True unless a {@link NoGrad} scope is open on this thread. */
    public static boolean isGradEnabled() {
        return DEPTH.get()[0] == 0;
    }

    /** Ends this scope; closing twice is harmless. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("NoGrad closed on a different thread than it was entered on");
        }
        closed = true;
        DEPTH.get()[0]--;
    }
}
