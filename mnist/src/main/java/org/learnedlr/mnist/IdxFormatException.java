package org.learnedlr.mnist;

import java.io.IOException;

/**
 * A file is not a well-formed IDX file (or not a well-formed gzip stream around one). The message names the file and
 * says what is wrong: wrong magic, unsupported type, bad dimensions, truncated, trailing data, corrupted gzip.
 */
public class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param source  the file (or stream) name, put first in the message
   * @param problem what is wrong with it
   */
  public IdxFormatException(String source, String problem) {
    super(source + ": " + problem);
  }

  /** Same, keeping the low-level cause (for example a {@link java.util.zip.DataFormatException}). */
  public IdxFormatException(String source, String problem, Throwable cause) {
    super(source + ": " + problem, cause);
  }
}
