package org.learnedlr.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnedlr.mnist.TestFiles.concat;
import static org.learnedlr.mnist.TestFiles.tar;
import static org.learnedlr.mnist.TestFiles.tarHeader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TarReaderTest {
  private static Map<String, byte[]> read(byte[] archive) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (TarReader tar = new TarReader(new ByteArrayInputStream(archive), "test.tar")) {
      for (TarReader.Entry e; (e = tar.next()) != null; ) {
        out.put(e.name(), tar.content().readAllBytes());
      }
    }
    return out;
  }

  @Test
  void roundTripIncludingEmptyBlockSizedAndLongNamedEntries() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
    entries.put("package/empty", new byte[0]);
    entries.put("package/block", new byte[512]);
    entries.put("package/" + "d/".repeat(60) + "deep.bin", new byte[] {1, 2, 3});
    entries.put("package/data/odd", TestFiles.randomIdx(1, 1000).data());
    Map<String, byte[]> back = read(tar(entries));
    assertEquals(entries.keySet(), back.keySet());
    for (String k : entries.keySet()) {
      assertArrayEquals(entries.get(k), back.get(k), k);
    }
  }

  @Test
  void unreadContentIsSkipped() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("a", new byte[1500]);
    entries.put("b", new byte[] {42});
    try (TarReader tar = new TarReader(new ByteArrayInputStream(tar(entries)), "t")) {
      assertEquals("a", tar.next().name());
      TarReader.Entry b = tar.next();
      assertEquals("b", b.name());
      assertTrue(b.isFile());
      assertEquals(42, tar.content().read());
      assertNull(tar.next());
    }
  }

  @Test
  void paxPathOverridesTheHeaderName() throws IOException {
    String record = "path=package/data/long-name\n";
    String pax = (record.length() + 3) + " " + record; // the length counts its own two digits and the space
    byte[] paxBytes = pax.getBytes(StandardCharsets.UTF_8);
    byte[] archive = concat(tarHeader("PaxHeader", paxBytes.length, 'x'), Arrays.copyOf(paxBytes, 512),
        tarHeader("short", 2, '0'), Arrays.copyOf(new byte[] {7, 8}, 512), new byte[1024]);
    Map<String, byte[]> back = read(archive);
    assertEquals(Map.of("package/data/long-name", 2), Map.of(back.keySet().iterator().next(),
        back.values().iterator().next().length));
  }

  @Test
  void corruptedHeaderChecksum() {
    byte[] archive = tar(Map.of("x", new byte[] {1}));
    archive[0] = 'y';
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> read(archive));
    assertTrue(e.getMessage().contains("header checksum"), e.getMessage());
  }

  @Test
  void truncatedArchive() {
    byte[] archive = tar(Map.of("x", new byte[3000]));
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> read(Arrays.copyOf(archive, 1000)));
    assertTrue(e.getMessage().startsWith("test.tar: truncated tar"), e.getMessage());
    IdxFormatException h = assertThrows(IdxFormatException.class, () -> read(Arrays.copyOf(archive, 100)));
    assertTrue(h.getMessage().contains("inside a header"), h.getMessage());
  }
}
