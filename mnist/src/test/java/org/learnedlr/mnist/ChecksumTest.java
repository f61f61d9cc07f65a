package org.learnedlr.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file with the right name and a valid IDX layout but other content is rejected. */
class ChecksumTest {
  @TempDir
  Path dir;

  private MnistFiles filesWith(MnistFile replaced, Path file) {
    Map<MnistFile, Path> paths = new EnumMap<>(MnistFile.class);
    for (MnistFile f : MnistFile.values()) {
      paths.put(f, dir.resolve(f.fileName()));
    }
    paths.put(replaced, file);
    return new MnistFiles(paths);
  }

  @Test
  void wrongContentWithTheRightShapeIsRejected() throws IOException {
    // a valid [10000] label file, all zeros: right name, right size, right dims, wrong bytes
    Path fake = dir.resolve("t10k-labels-idx1-ubyte");
    IdxWriter.write(fake, new IdxData(new int[] {10_000}, new byte[10_000]), false);
    ChecksumException e = assertThrows(ChecksumException.class,
        () -> filesWith(MnistFile.TEST_LABELS, fake).load(MnistFile.TEST_LABELS));
    assertEquals(MnistFile.TEST_LABELS.sha256(), e.expected());
    assertTrue(e.getMessage().startsWith(fake.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(MnistFile.TEST_LABELS.sha256()), e.getMessage());
    assertTrue(e.getMessage().contains("delete it"), e.getMessage());
  }

  @Test
  void gzipCopiesAreCheckedOnTheirDecompressedContent() throws IOException {
    Path fake = dir.resolve("t10k-labels-idx1-ubyte.gz");
    IdxData zeros = new IdxData(new int[] {10_000}, new byte[10_000]);
    IdxWriter.write(fake, zeros, true);
    ChecksumException e = assertThrows(ChecksumException.class,
        () -> filesWith(MnistFile.TEST_LABELS, fake).load(MnistFile.TEST_LABELS));
    assertEquals(zeros.sha256(), e.actual());
    assertEquals(zeros.sha256(), Sha256.ofContent(fake, 1 << 20));
  }

  @Test
  void contentDigestStopsAtTheExpectedSize() throws IOException {
    Path f = dir.resolve("big.gz");
    IdxWriter.write(f, new IdxData(new int[] {1 << 20}, new byte[1 << 20]), true);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> Sha256.ofContent(f, 1000));
    assertTrue(e.getMessage().contains("longer than the expected 1000 bytes"), e.getMessage());
  }

  @Test
  void pinnedDigestsAreWellFormedAndDistinct() {
    assertEquals(4, java.util.Arrays.stream(MnistFile.values()).map(MnistFile::sha256).distinct().count());
    for (MnistFile f : MnistFile.values()) {
      assertTrue(Sha256.isHex(f.sha256()), f.toString());
      long expectedSize = 4L + 4L * f.dims().length;
      long items = 1;
      for (int d : f.dims()) {
        items *= d;
      }
      assertEquals(expectedSize + items, f.spec().size(), f + ": size = header + product of dims");
    }
  }
}
