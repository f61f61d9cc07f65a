package org.learnedlr.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file is not a valid safetensors file, or holds something learnedlr cannot represent. The message names the
 * file, the tensor when one is concerned, and what is wrong.
 */
public class SafeTensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String tensor;

    /**
     * @param source  the file (or other source) name, put first in the message
     * @param tensor  the tensor concerned, or null for the file as a whole
     * @param problem what is wrong
     * @param cause   the low-level cause, or null
     */
    public SafeTensorsException(String source, String tensor, String problem, Throwable cause) {
        super(source + ": " + (tensor == null ? "" : "tensor '" + tensor + "': ") + problem, cause);
        this.source = source;
        this.tensor = tensor;
    }

    public SafeTensorsException(String source, String tensor, String problem) {
        this(source, tensor, problem, null);
    }

    /** The same for a file. */
    public SafeTensorsException(Path file, String tensor, String problem) {
        this(file.toString(), tensor, problem, null);
    }

    /** The file (or other source) concerned. */
    public String source() {
        return source;
    }

    /** The tensor concerned, or null. */
    public String tensor() {
        return tensor;
    }
}
