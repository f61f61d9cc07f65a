package org.learnedlr.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A well-formed checkpoint that does not fit what it is loaded into (missing or unexpected tensors, other shapes or
 * dtypes, another optimizer). The message names the file and the entry; nothing has been modified.
 */
public class CheckpointException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
