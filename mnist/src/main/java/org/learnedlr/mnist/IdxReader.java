package org.learnedlr.mnist;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads IDX files, the format of the MNIST database: a 4-byte magic number {@code 0x00 0x00 type rank}, then
 * {@code rank} dimensions as big-endian int32, then the data in row-major order. Only the unsigned-byte type
 * ({@code 0x08}) is supported; the others are rejected by name.
 *
 * <p>A file may be raw or gzip-compressed; gzip is recognised by its magic bytes {@code 0x1f 0x8b}, never by the
 * file name. Nothing is allocated from an unchecked header:
 * <ul>
 *   <li>every dimension must be positive and their product at most {@code maxBytes} (by default
 *       {@link #DEFAULT_MAX_BYTES}), so a header claiming 10^12 items is an error, not an OutOfMemoryError;</li>
 *   <li>a raw file's size must be exactly header + product, checked before the data array is allocated;</li>
 *   <li>a gzip file is inflated into a buffer that grows with the data actually received, never beyond the claimed
 *       size; the content must end exactly there (early end: truncated; more: trailing data).</li>
 * </ul>
 * Every error is an {@link IdxFormatException} whose message starts with the file and says what is wrong.
 */
public final class IdxReader {
  /** Largest data accepted by default: 1 GiB, twenty times MNIST's largest file. */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;
  /** Largest rank accepted: IDX allows 255, real data sets use 1 to 4. */
  public static final int MAX_RANK = 16;
  /** A Java array cannot be larger than this (a few header words below Integer.MAX_VALUE). */
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private IdxReader() {}

  /** Reads an IDX file, raw or gzip, accepting up to {@link #DEFAULT_MAX_BYTES} of data. */
  public static IdxData read(Path file) throws IOException {
    return read(file, DEFAULT_MAX_BYTES);
  }

  /**
   * Reads an IDX file, raw or gzip.
   *
   * @param file     the file
   * @param maxBytes the largest data (product of the dimensions) accepted; at most about 2^31
   * @return its dimensions and data
   * @throws IdxFormatException if the file is not a well-formed unsigned-byte IDX file of at most {@code maxBytes}
   * @throws IOException        if it cannot be read
   */
  public static IdxData read(Path file, long maxBytes) throws IOException {
    if (maxBytes < 1 || maxBytes > MAX_ARRAY) {
      throw new IllegalArgumentException("maxBytes: must be in [1, " + MAX_ARRAY + "], got " + maxBytes);
    }
    String name = file.toString();
    try (BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      if (isGzip(in)) {
        try (InputStream gz = new StrictGzipInputStream(in, name)) {
          return readGzipContent(name, gz, maxBytes);
        }
      }
      return readRaw(name, in, Files.size(file), maxBytes);
    }
  }

  /**
   * Opens a file's content: the file itself, or its decompression if it starts with the gzip magic bytes.
   * The caller closes the stream.
   */
  static InputStream openContent(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    try {
      return isGzip(in) ? new StrictGzipInputStream(in, file.toString()) : in;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** Whether a stream starts with the gzip magic bytes; the stream is left where it was. */
  static boolean isGzip(BufferedInputStream in) throws IOException {
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    return b0 == 0x1f && b1 == 0x8b;
  }

  private static IdxData readRaw(String name, InputStream in, long fileSize, long maxBytes) throws IOException {
    int[] dims = readHeader(name, in, fileSize);
    long dataBytes = checkDims(name, dims, maxBytes);
    long expected = headerBytes(dims.length) + dataBytes;
    if (fileSize < expected) {
      throw new IdxFormatException(name, "truncated: dims " + Arrays.toString(dims) + " need " + expected
          + " bytes (header " + headerBytes(dims.length) + " + data " + dataBytes + "), got " + fileSize);
    }
    if (fileSize > expected) {
      throw new IdxFormatException(name, "trailing data: dims " + Arrays.toString(dims) + " need " + expected
          + " bytes, the file has " + fileSize + " (" + (fileSize - expected) + " too many)");
    }
    byte[] data = in.readNBytes((int) dataBytes);
    if (data.length != dataBytes) {
      throw new IdxFormatException(name, "truncated while reading (the file shrank?): expected "
          + dataBytes + " data bytes, got " + data.length);
    }
    return new IdxData(dims, data);
  }

  private static IdxData readGzipContent(String name, InputStream in, long maxBytes) throws IOException {
    int[] dims = readHeader(name, in, -1);
    int dataBytes = (int) checkDims(name, dims, maxBytes);
    // Grow with what actually arrives: a small corrupt file claiming 1 GiB costs 1 MiB, not 1 GiB.
    byte[] data = new byte[Math.min(dataBytes, 1 << 20)];
    int filled = 0;
    while (filled < dataBytes) {
      if (filled == data.length) {
        data = Arrays.copyOf(data, (int) Math.min(dataBytes, 2L * data.length));
      }
      int n = in.read(data, filled, data.length - filled);
      if (n < 0) {
        throw new IdxFormatException(name, "truncated: dims " + Arrays.toString(dims) + " need "
            + (headerBytes(dims.length) + (long) dataBytes) + " bytes of content, the gzip stream holds "
            + (headerBytes(dims.length) + (long) filled));
      }
      filled += n;
    }
    byte[] extra = in.readNBytes(1 << 16);
    if (extra.length > 0) {
      throw new IdxFormatException(name, "trailing data: dims " + Arrays.toString(dims) + " need "
          + (headerBytes(dims.length) + (long) dataBytes) + " bytes of content, the gzip stream holds at least "
          + extra.length + " more");
    }
    return new IdxData(dims, data);
  }

  /**
   * Reads the magic number and the dimensions.
   *
   * @param size the file size when known (raw files), else -1; only used in messages
   */
  private static int[] readHeader(String name, InputStream in, long size) throws IOException {
    String got = size >= 0 ? "the file has " + size + " bytes" : "the content is shorter";
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4) {
      throw new IdxFormatException(name, "truncated: an IDX header needs at least 4 bytes, " + got);
    }
    if (magic[0] != 0 || magic[1] != 0) {
      throw new IdxFormatException(name, String.format(
          "wrong magic: an IDX file starts with 0x00 0x00 <type> <rank>, got 0x%02x 0x%02x 0x%02x 0x%02x",
          magic[0], magic[1], magic[2], magic[3]));
    }
    int type = magic[2] & 0xff;
    if (type != IdxData.TYPE_UNSIGNED_BYTE) {
      throw new IdxFormatException(name, String.format(
          "unsupported IDX type 0x%02x (%s): only 0x08 (unsigned byte) is supported", type, typeName(type)));
    }
    int rank = magic[3] & 0xff;
    if (rank < 1 || rank > MAX_RANK) {
      throw new IdxFormatException(name, "bad rank " + rank + ": must be in [1, " + MAX_RANK + "]");
    }
    byte[] raw = in.readNBytes(4 * rank);
    if (raw.length < 4 * rank) {
      throw new IdxFormatException(name, "truncated: the header declares " + rank + " dimensions ("
          + headerBytes(rank) + " header bytes), " + got);
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = ((raw[4 * i] & 0xff) << 24) | ((raw[4 * i + 1] & 0xff) << 16)
          | ((raw[4 * i + 2] & 0xff) << 8) | (raw[4 * i + 3] & 0xff);
    }
    return dims;
  }

  /** Checks that the dimensions are positive and their product at most maxBytes; returns the product. */
  private static long checkDims(String name, int[] dims, long maxBytes) throws IdxFormatException {
    long product = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] <= 0) {
        throw new IdxFormatException(name, "bad dimension " + i + " = " + Integer.toUnsignedString(dims[i])
            + " in " + Arrays.toString(unsignedDims(dims)) + ": every dimension must be positive and below 2^31");
      }
      // Each factor is below 2^31 and the running product at most maxBytes < 2^31: no overflow in a long.
      product *= dims[i];
      if (product > maxBytes) {
        throw new IdxFormatException(name, "the header claims dims " + Arrays.toString(unsignedDims(dims))
            + ", more than the " + maxBytes + " bytes accepted");
      }
    }
    return product;
  }

  private static long[] unsignedDims(int[] dims) {
    return Arrays.stream(dims).mapToLong(Integer::toUnsignedLong).toArray();
  }

  private static long headerBytes(int rank) {
    return 4L + 4L * rank;
  }

  private static String typeName(int type) {
    switch (type) {
      case 0x09:
        return "signed byte";
      case 0x0b:
        return "short";
      case 0x0c:
        return "int";
      case 0x0d:
        return "float";
      case 0x0e:
        return "double";
      default:
        return "not an IDX type";
    }
  }
}
