package org.learnedlr.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnedlr.mnist.TestFiles.concat;
import static org.learnedlr.mnist.TestFiles.gzip;
import static org.learnedlr.mnist.TestFiles.header;
import static org.learnedlr.mnist.TestFiles.idxBytes;
import static org.learnedlr.mnist.TestFiles.randomIdx;
import static org.learnedlr.mnist.TestFiles.write;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir
  Path dir;

  private static void assertSame(IdxData expected, IdxData actual) {
    assertArrayEquals(expected.dims(), actual.dims());
    assertArrayEquals(expected.data(), actual.data());
  }

  /** Reading must fail with an IdxFormatException whose message names the file and contains every fragment. */
  private static IdxFormatException assertRejected(Path file, String... fragments) {
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(file));
    assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), () -> "'" + f + "' not in: " + e.getMessage());
    }
    return e;
  }

  @Test
  void rawRoundTrip() throws IOException {
    for (int[] dims : new int[][] {{1}, {7}, {5, 3, 4}, {2, 1, 3, 2}}) {
      IdxData data = randomIdx(1, dims);
      Path f = dir.resolve("raw-" + dims.length);
      IdxWriter.write(f, data, false);
      assertSame(data, IdxReader.read(f));
    }
  }

  @Test
  void gzipRoundTripDetectedByMagicNotName() throws IOException {
    IdxData data = randomIdx(2, 6, 5, 4);
    Path gzNoSuffix = dir.resolve("images-idx3-ubyte"); // gzip content, no .gz name
    IdxWriter.write(gzNoSuffix, data, true);
    assertSame(data, IdxReader.read(gzNoSuffix));
    Path rawWithSuffix = write(dir.resolve("images-idx3-ubyte.gz"), idxBytes(data)); // raw content, .gz name
    assertSame(data, IdxReader.read(rawWithSuffix));
  }

  @Test
  void concatenatedGzipMembersReadAsOneStream() throws IOException {
    IdxData data = randomIdx(3, 4, 10);
    byte[] bytes = idxBytes(data);
    Path f = write(dir.resolve("two-members"), concat(gzip(Arrays.copyOf(bytes, 13)),
        gzip(Arrays.copyOfRange(bytes, 13, bytes.length))));
    assertSame(data, IdxReader.read(f));
  }

  @Test
  void sha256IsThatOfTheFileBytes() {
    IdxData data = randomIdx(4, 3, 2, 2);
    assertEquals(Sha256.of(idxBytes(data)), data.sha256());
  }

  @Test
  void truncatedRawNamesExpectedAndActualSizes() {
    byte[] bytes = idxBytes(randomIdx(5, 4, 3, 3)); // 16 + 36 = 52 bytes
    Path f = write(dir.resolve("short"), Arrays.copyOf(bytes, 50));
    assertRejected(f, "truncated", "need 52 bytes", "got 50");
  }

  @Test
  void truncatedHeader() {
    assertRejected(write(dir.resolve("two-bytes"), new byte[] {0, 0}), "truncated", "at least 4 bytes");
    byte[] h = header(0x08, 60000, 28, 28);
    assertRejected(write(dir.resolve("half-header"), Arrays.copyOf(h, 10)), "truncated", "3 dimensions");
  }

  @Test
  void wrongMagic() {
    byte[] bytes = idxBytes(randomIdx(6, 3));
    bytes[0] = 0x50; // e.g. a PK zip or text file
    assertRejected(write(dir.resolve("magic"), bytes), "wrong magic", "0x50 0x00 0x08 0x01");
  }

  @Test
  void unsupportedTypeIsNamed() {
    Path f = write(dir.resolve("floats"), concat(header(0x0d, 2), new byte[8]));
    assertRejected(f, "unsupported IDX type 0x0d (float)", "only 0x08");
    assertRejected(write(dir.resolve("bogus"), concat(header(0x42, 1), new byte[1])), "0x42", "not an IDX type");
  }

  @Test
  void badRank() {
    assertRejected(write(dir.resolve("rank0"), header(0x08)), "bad rank 0");
    byte[] h = new byte[] {0, 0, 8, (byte) 200};
    assertRejected(write(dir.resolve("rank200"), h), "bad rank 200");
  }

  @Test
  void trailingGarbageInRawFile() {
    byte[] bytes = concat(idxBytes(randomIdx(7, 2, 3)), new byte[] {1, 2, 3});
    assertRejected(write(dir.resolve("long"), bytes), "trailing data", "need 18 bytes", "has 21", "3 too many");
  }

  @Test
  void wrongLengthForDims() {
    // the header says 3 x 3 but 4 x 4 bytes follow: the size check catches it before anything is read
    byte[] bytes = concat(header(0x08, 3, 3), new byte[16]);
    assertRejected(write(dir.resolve("wrong-length"), bytes), "trailing data", "[3, 3]");
  }

  @Test
  void truncatedGzipContent() {
    byte[] bytes = idxBytes(randomIdx(8, 10, 10));
    Path f = write(dir.resolve("short.gz"), gzip(Arrays.copyOf(bytes, bytes.length - 7)));
    assertRejected(f, "truncated", "need 112 bytes of content", "holds 105");
  }

  @Test
  void trailingDataInsideGzipContent() {
    byte[] bytes = concat(idxBytes(randomIdx(9, 10, 10)), new byte[5]);
    assertRejected(write(dir.resolve("long.gz"), gzip(bytes)), "trailing data", "at least 5 more");
  }

  @Test
  void garbageAfterGzipStream() {
    byte[] gz = concat(gzip(idxBytes(randomIdx(10, 4, 4))), new byte[] {'j', 'u', 'n', 'k'});
    assertRejected(write(dir.resolve("junk.gz"), gz), "corrupted gzip", "trailing data after the gzip stream");
  }

  @Test
  void cutGzipStream() {
    byte[] gz = gzip(idxBytes(randomIdx(11, 50, 50)));
    assertRejected(write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length / 2)), "truncated gzip");
    assertRejected(write(dir.resolve("cut-trailer.gz"), Arrays.copyOf(gz, gz.length - 3)), "truncated gzip");
    assertRejected(write(dir.resolve("header-only.gz"), Arrays.copyOf(gz, 5)), "truncated gzip");
  }

  @Test
  void corruptedGzip() {
    byte[] gz = gzip(idxBytes(randomIdx(12, 50, 50)));
    byte[] badCrc = gz.clone();
    badCrc[gz.length - 8] ^= 0x01; // first byte of the CRC-32 in the trailer
    assertRejected(write(dir.resolve("crc.gz"), badCrc), "corrupted gzip", "CRC-32");
    byte[] badLength = gz.clone();
    badLength[gz.length - 1] ^= 0x01; // last byte of ISIZE
    assertRejected(write(dir.resolve("isize.gz"), badLength), "corrupted gzip", "trailer says");
    byte[] badMethod = gz.clone();
    badMethod[2] = 7;
    assertRejected(write(dir.resolve("method.gz"), badMethod), "corrupted gzip", "compression method 7");
    // flipping bytes inside the deflate data: the deflate stream turns invalid, the CRC no longer matches, or the
    // inflated content is no longer the IDX file it was; whichever is met first, the file is rejected by name
    for (int pos = 10; pos < gz.length - 8; pos += Math.max(1, gz.length / 9)) {
      byte[] bad = gz.clone();
      bad[pos] ^= (byte) 0xa5;
      assertRejected(write(dir.resolve("flip-" + pos + ".gz"), bad));
    }
  }

  @Test
  void hugeClaimedDimsAreRejectedWithoutAllocating() {
    // 10^6 x 10^6 = 10^12 items, in a 20-byte file
    Path raw = write(dir.resolve("huge"), concat(header(0x08, 1_000_000, 1_000_000), new byte[4]));
    assertRejected(raw, "claims dims [1000000, 1000000]", "more than the " + IdxReader.DEFAULT_MAX_BYTES);
    Path gz = write(dir.resolve("huge.gz"), gzip(concat(header(0x08, 1_000_000, 1_000_000), new byte[4])));
    assertRejected(gz, "claims dims [1000000, 1000000]");
    // a product that overflows int and long arithmetic alike
    Path overflow = write(dir.resolve("overflow"), header(0x08, Integer.MAX_VALUE, Integer.MAX_VALUE,
        Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE));
    assertRejected(overflow, "claims dims");
  }

  @Test
  void nonPositiveDims() {
    assertRejected(write(dir.resolve("zero"), header(0x08, 3, 0)), "bad dimension 1 = 0");
    assertRejected(write(dir.resolve("negative"), header(0x08, 0x80000000, 2)), "bad dimension 0 = 2147483648");
  }

  @Test
  void claimWithinLimitButTinyFileIsCheap() {
    int claimed = 400_000_000; // below the 1 GiB limit
    Path raw = write(dir.resolve("claim"), concat(header(0x08, claimed), new byte[10]));
    assertRejected(raw, "truncated", "need 400000008 bytes", "got 18");
    Path gz = write(dir.resolve("claim.gz"), gzip(concat(header(0x08, claimed), new byte[10])));
    long before = allocatedBytes();
    assertRejected(gz, "truncated", "holds 18");
    long allocated = allocatedBytes() - before;
    // the buffer grows with the data received: about 1 MiB here, never the 400 MB claimed
    assertTrue(before < 0 || allocated < 64L << 20, "allocated " + allocated + " bytes");
  }

  @Test
  void explicitMaxBytes() throws IOException {
    IdxData data = randomIdx(13, 10, 10);
    Path f = dir.resolve("hundred");
    IdxWriter.write(f, data, false);
    assertSame(data, IdxReader.read(f, 100));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f, 99));
    assertTrue(e.getMessage().contains("more than the 99 bytes accepted"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> IdxReader.read(f, 0));
  }

  @Test
  void idxDataValidatesItsShape() {
    assertThrows(IllegalArgumentException.class, () -> new IdxData(new int[] {2, 3}, new byte[5]));
    assertThrows(IllegalArgumentException.class, () -> new IdxData(new int[] {0}, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> new IdxData(new int[0], new byte[0]));
    IdxData d = new IdxData(new int[] {2, 3}, new byte[] {0, 1, 2, 3, 4, (byte) 255});
    assertEquals(2, d.count());
    assertEquals(3, d.itemSize());
    assertEquals(255, d.unsigned(5));
  }

  /** Bytes allocated so far by this thread, or -1 where the JVM cannot say. */
  private static long allocatedBytes() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
        && bean.isThreadAllocatedMemorySupported()) {
      return bean.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
    return -1;
  }
}
