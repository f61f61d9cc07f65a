package org.learnedlr.mnist;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers. Digests are compared as lower-case hex strings. */
public final class Sha256 {
  private Sha256() {}

  /** A fresh SHA-256 digest (every Java platform has one). */
  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  /** Lower-case hex of a digest. */
  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }

  /** SHA-256 of a byte array, lower-case hex. */
  public static String of(byte[] bytes) {
    return hex(newDigest().digest(bytes));
  }

  /** Whether a string is a SHA-256 digest in lower-case hex (64 characters of 0-9a-f). */
  public static boolean isHex(String s) {
    return s != null && s.matches("[0-9a-f]{64}");
  }

  /**
   * SHA-256 of a file's content, decompressed first if it is gzip (detected by its magic bytes), reading at most
   * {@code maxBytes + 1} content bytes: content longer than {@code maxBytes} is an error, so a gzip bomb costs
   * nothing.
   *
   * @param file     the file
   * @param maxBytes the largest content accepted
   * @return the digest, lower-case hex
   * @throws IdxFormatException if the content is longer than {@code maxBytes} or the gzip stream is corrupted
   */
  public static String ofContent(Path file, long maxBytes) throws IOException {
    MessageDigest md = newDigest();
    try (InputStream in = IdxReader.openContent(file)) {
      byte[] buf = new byte[1 << 16];
      long total = 0;
      for (int n; (n = in.read(buf)) >= 0; ) {
        total += n;
        if (total > maxBytes) {
          throw new IdxFormatException(file.toString(), "content is longer than the expected " + maxBytes + " bytes");
        }
        md.update(buf, 0, n);
      }
    }
    return hex(md.digest());
  }

  /** SHA-256 of a file's raw bytes (no decompression). */
  public static String ofFile(Path file) throws IOException {
    MessageDigest md = newDigest();
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) >= 0; ) {
        md.update(buf, 0, n);
      }
    }
    return hex(md.digest());
  }
}
