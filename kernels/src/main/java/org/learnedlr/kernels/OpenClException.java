package org.learnedlr.kernels;

/**
 * An error reported by the OpenCL runtime (a failed program build, an out-of-memory, an invalid size), re-thrown
 * with what was being done: the kernel or program, and the sizes involved.
 */
public final class OpenClException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OpenClException(String message) {
        super(message);
    }

    public OpenClException(String message, Throwable cause) {
        super(message, cause);
    }
}
