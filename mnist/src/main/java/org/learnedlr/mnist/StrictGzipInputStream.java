package org.learnedlr.mnist;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses a gzip stream (RFC 1952), strictly: unlike {@link java.util.zip.GZIPInputStream}, bytes after the last
 * member that do not start another member are an error, not silently ignored. Each member's CRC-32 and length are
 * checked. Concatenated members (what {@code cat a.gz b.gz} gives) are read as one stream, as gzip(1) does.
 *
 * <p>Every failure is an {@link IdxFormatException} naming the source: "corrupted gzip" for bad headers, bad deflate
 * data or checksum mismatches, "truncated gzip" when the stream ends inside a member.
 */
final class StrictGzipInputStream extends InputStream {
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int RESERVED = 0xe0;

  private final InputStream in;
  private final String source;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] buf = new byte[1 << 16];
  private final byte[] one = new byte[1];
  /** Compressed bytes read from {@link #in} but not yet consumed: buf[bufPos, bufEnd). */
  private int bufPos;
  private int bufEnd;
  private long memberLength;
  private boolean eof;
  private boolean closed;

  /**
   * Reads and checks the first member's header at once.
   *
   * @param in     the compressed stream (closed with this one)
   * @param source the name used in error messages
   */
  StrictGzipInputStream(InputStream in, String source) throws IOException {
    this.in = in;
    this.source = source;
    readHeader(true);
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException(source + ": stream closed");
    }
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    while (!eof) {
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw new IdxFormatException(source, "corrupted gzip: invalid deflate data (" + e.getMessage() + ")", e);
      }
      if (n > 0) {
        crc.update(b, off, n);
        memberLength += n;
        return n;
      }
      if (inflater.finished()) {
        bufPos = bufEnd - inflater.getRemaining();
        finishMember();
      } else if (inflater.needsDictionary()) {
        throw new IdxFormatException(source, "corrupted gzip: deflate data asks for a preset dictionary");
      } else if (inflater.needsInput()) {
        if (!fill()) {
          throw new IdxFormatException(source, "truncated gzip: the compressed stream ends inside a member");
        }
        inflater.setInput(buf, bufPos, bufEnd - bufPos);
        bufPos = bufEnd;
      }
    }
    return -1;
  }

  /** Checks the trailer of the member just inflated, then starts the next member or reaches the end. */
  private void finishMember() throws IOException {
    long storedCrc = readIntLe();
    long storedLength = readIntLe();
    if (storedCrc != crc.getValue()) {
      throw new IdxFormatException(source, String.format(
          "corrupted gzip: CRC-32 of the content is %08x, the trailer says %08x", crc.getValue(), storedCrc));
    }
    if (storedLength != (memberLength & 0xffffffffL)) {
      throw new IdxFormatException(source, "corrupted gzip: the trailer says " + storedLength
          + " bytes (mod 2^32), the member inflated to " + memberLength);
    }
    if (bufPos == bufEnd && !fill()) {
      eof = true;
      return;
    }
    inflater.reset();
    crc.reset();
    memberLength = 0;
    readHeader(false);
  }

  /**
   * Reads and checks one member header (RFC 1952 section 2.3), leaving the inflater ready for its data.
   *
   * @param first whether this is the stream's first member (only for the error message)
   */
  private void readHeader(boolean first) throws IOException {
    int id1 = readByteOrEof();
    int id2 = id1 < 0 ? -1 : readByteOrEof();
    if (id1 != 0x1f || id2 != 0x8b) {
      throw new IdxFormatException(source, first
          ? "not gzip: the stream does not start with 0x1f 0x8b"
          : "corrupted gzip: trailing data after the gzip stream");
    }
    int method = readByte();
    if (method != 8) {
      throw new IdxFormatException(source, "corrupted gzip: compression method " + method + ", expected 8 (deflate)");
    }
    int flags = readByte();
    if ((flags & RESERVED) != 0) {
      throw new IdxFormatException(source, String.format("corrupted gzip: reserved header flags set (0x%02x)", flags));
    }
    skip(6); // modification time (4), extra flags (1), operating system (1)
    if ((flags & FEXTRA) != 0) {
      skip(readByte() | (readByte() << 8));
    }
    if ((flags & FNAME) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FCOMMENT) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FHCRC) != 0) {
      skip(2);
    }
  }

  /** Refills {@link #buf} if it is empty; false at the end of the underlying stream. */
  private boolean fill() throws IOException {
    if (bufPos < bufEnd) {
      return true;
    }
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      // read() on a blocking stream returns at least one byte or -1; treat 0 as end to avoid spinning.
      return false;
    }
    bufPos = 0;
    bufEnd = n;
    return true;
  }

  private int readByteOrEof() throws IOException {
    return fill() ? buf[bufPos++] & 0xff : -1;
  }

  private int readByte() throws IOException {
    int b = readByteOrEof();
    if (b < 0) {
      throw new IdxFormatException(source, "truncated gzip: the stream ends inside a member header or trailer",
          new EOFException());
    }
    return b;
  }

  private long readIntLe() throws IOException {
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v |= (long) readByte() << (8 * i);
    }
    return v;
  }

  private void skip(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      readByte();
    }
  }

  private void skipZeroTerminated() throws IOException {
    while (readByte() != 0) {
      // skip the file name or comment
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      inflater.end();
      in.close();
    }
  }
}
