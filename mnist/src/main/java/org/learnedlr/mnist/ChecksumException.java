package org.learnedlr.mnist;

import java.io.IOException;

/** The content of a data file does not have the SHA-256 it must have. The message names the file and both digests. */
public class ChecksumException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String expected;
  private final String actual;

  /**
   * @param source   the file
   * @param expected the pinned digest (lower-case hex)
   * @param actual   the digest found (lower-case hex)
   * @param hint     what to do about it, appended to the message
   */
  public ChecksumException(String source, String expected, String actual, String hint) {
    super(source + ": SHA-256 of the (decompressed) content is " + actual + ", expected " + expected
        + (hint.isEmpty() ? "" : ". " + hint));
    this.expected = expected;
    this.actual = actual;
  }

  /** The pinned digest. */
  public String expected() {
    return expected;
  }

  /** The digest of the content found. */
  public String actual() {
    return actual;
  }
}
