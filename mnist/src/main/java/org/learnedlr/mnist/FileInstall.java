package org.learnedlr.mnist;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts a verified data file in place: write to a temporary file in the target directory, check the SHA-256 of its
 * decompressed content, then rename atomically. A partial or corrupted copy is deleted and never takes the final name.
 */
final class FileInstall {
  private FileInstall() {}

  /**
   * Copies {@code in} to a temporary file in {@code dir}, verifies it against {@code spec}, and renames it to
   * {@code spec.gzName()} if its content is gzip, else {@code spec.name()}.
   *
   * @param in       the bytes (read to the end, not closed)
   * @param maxBytes the most bytes accepted from {@code in}
   * @param origin   where the bytes came from, for messages
   * @return the installed file
   * @throws ChecksumException if the content does not match; the temporary file is gone
   */
  static Path install(InputStream in, long maxBytes, DataFile spec, Path dir, String origin) throws IOException {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + spec.name() + ".", ".part");
    boolean installed = false;
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
          total += n;
          if (total > maxBytes) {
            throw new IdxFormatException(origin, "rejected: more than " + maxBytes + " bytes, too large for "
                + spec.name());
          }
          out.write(buf, 0, n);
        }
      }
      String actual;
      try {
        actual = Sha256.ofContent(tmp, spec.size());
      } catch (IdxFormatException e) {
        throw new IdxFormatException(origin, "rejected: " + e.getMessage(), e);
      }
      if (!actual.equals(spec.sha256())) {
        throw new ChecksumException(origin, spec.sha256(), actual, "Rejected, not saved as " + spec.name());
      }
      Path target = dir.resolve(isGzip(tmp) ? spec.gzName() : spec.name());
      moveAtomically(tmp, target);
      installed = true;
      return target;
    } finally {
      if (!installed) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static boolean isGzip(Path file) throws IOException {
    try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 16)) {
      return IdxReader.isGzip(in);
    }
  }

  /** Renames within one directory: atomically where the file system can, else replacing the target. */
  static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
