package org.learnedlr.mnist;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes unsigned-byte IDX files, raw or gzip (the inverse of {@link IdxReader}), e.g. to cut a subset of MNIST. */
public final class IdxWriter {
  private IdxWriter() {}

  /**
   * Writes {@code data} to {@code file}, replacing it.
   *
   * @param gzip whether to gzip the file (the name is not changed: give it a ".gz" suffix if wanted)
   */
  public static void write(Path file, IdxData data, boolean gzip) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      if (gzip) {
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
          writeTo(gz, data);
        }
      } else {
        writeTo(out, data);
      }
    }
  }

  /** Writes the IDX bytes of {@code data} (header, then data) to a stream, which is left open. */
  public static void writeTo(OutputStream out, IdxData data) throws IOException {
    out.write(data.header());
    out.write(data.data());
  }
}
