package org.learnedlr.mnist;

/**
 * A data file the fetcher can get and check: its canonical (uncompressed) name, the size of its decompressed content
 * and that content's SHA-256. A copy on disk may be raw ({@code name}) or gzip ({@code name + ".gz"}); both are
 * verified on their decompressed content, so one digest serves both.
 *
 * @param name   the raw file name, e.g. {@code train-images-idx3-ubyte}; a plain name, no directories
 * @param size   the decompressed size in bytes, positive
 * @param sha256 the SHA-256 of the decompressed content, lower-case hex
 */
public record DataFile(String name, long size, String sha256) {
  /** Validates the fields; messages name the field. */
  public DataFile {
    if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
      throw new IllegalArgumentException("name: must be a plain file name, got " + name);
    }
    if (size <= 0) {
      throw new IllegalArgumentException("size: must be positive, got " + size);
    }
    if (!Sha256.isHex(sha256)) {
      throw new IllegalArgumentException("sha256: must be 64 lower-case hex digits, got " + sha256);
    }
  }

  /** The gzip file name: {@code name + ".gz"}. */
  public String gzName() {
    return name + ".gz";
  }
}
