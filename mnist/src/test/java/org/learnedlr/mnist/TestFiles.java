package org.learnedlr.mnist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** Small generated IDX, gzip and tar files for tests. */
final class TestFiles {
  private TestFiles() {}

  /** Random IDX data with the given dims (values 0..255), from a fixed seed. */
  static IdxData randomIdx(long seed, int... dims) {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    byte[] data = new byte[n];
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      data[i] = (byte) rng.nextInt(256);
    }
    return new IdxData(dims, data);
  }

  /** The IDX file bytes of {@code data}: header then data. */
  static byte[] idxBytes(IdxData data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      IdxWriter.writeTo(out, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** An IDX header by hand: magic 0 0 type rank, then the dims as big-endian ints. */
  static byte[] header(int type, int... dims) {
    byte[] h = new byte[4 + 4 * dims.length];
    h[2] = (byte) type;
    h[3] = (byte) dims.length;
    for (int i = 0; i < dims.length; i++) {
      h[4 + 4 * i] = (byte) (dims[i] >>> 24);
      h[5 + 4 * i] = (byte) (dims[i] >>> 16);
      h[6 + 4 * i] = (byte) (dims[i] >>> 8);
      h[7 + 4 * i] = (byte) dims[i];
    }
    return h;
  }

  /** gzip of {@code bytes} (fast level: tests gzip MNIST-size files too). */
  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    }) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static Path write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A spec for generated content under a given file name. */
  static DataFile spec(String name, byte[] content) {
    return new DataFile(name, content.length, Sha256.of(content));
  }

  /** A POSIX ustar archive of the given entries (name to content), in iteration order, with the end blocks. */
  static byte[] tar(Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
      if (name.length > 100) {
        // GNU long name: an 'L' entry whose content is the name, then the real header with a cut name.
        byte[] longName = Arrays.copyOf(name, name.length + 1);
        out.writeBytes(tarHeader("././@LongLink", longName.length, 'L'));
        out.writeBytes(padded(longName));
      }
      out.writeBytes(tarHeader(e.getKey(), e.getValue().length, '0'));
      out.writeBytes(padded(e.getValue()));
    }
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  static byte[] tarHeader(String name, long size, char type) {
    byte[] h = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(n, 0, h, 0, Math.min(100, n.length));
    putOctal(h, 100, 8, 0644);
    putOctal(h, 108, 8, 0);
    putOctal(h, 116, 8, 0);
    putOctal(h, 124, 12, size);
    putOctal(h, 136, 12, 1_700_000_000L);
    h[156] = (byte) type;
    byte[] magic = "ustar\00000".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, h, 257, magic.length);
    Arrays.fill(h, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    putOctal(h, 148, 7, sum);
    return h;
  }

  /** Octal digits, zero-padded to len - 1, then a NUL. */
  private static void putOctal(byte[] h, int off, int len, long value) {
    String s = Long.toOctalString(value);
    String padded = "0".repeat(len - 1 - s.length()) + s;
    byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, h, off, b.length);
    h[off + len - 1] = 0;
  }

  private static byte[] padded(byte[] content) {
    int size = (content.length + 511) / 512 * 512;
    return Arrays.copyOf(content, size);
  }
}
