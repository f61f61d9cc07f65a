package org.learnedlr.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistLocatorTest {
  @TempDir
  Path tmp;

  private static MnistLocator locator(Map<String, String> props, Map<String, String> env, Path home, Path cwd) {
    return MnistLocator.fromEnvironment(props::get, env::get, home, cwd);
  }

  @Test
  void searchOrderPropertyEnvCacheProject() {
    Path home = tmp.resolve("home");
    Path cwd = tmp.resolve("work");
    MnistLocator l = locator(Map.of(MnistLocator.DIR_PROPERTY, "/p"), Map.of(MnistLocator.DIR_ENV, "/e"), home, cwd);
    assertEquals(List.of(Path.of("/p"), Path.of("/e"), home.resolve(".cache/learnedlr/mnist"),
        cwd.resolve("data/mnist")), l.searchPath());
    assertEquals(Path.of("/p"), l.downloadDir(), "fetches go to the first explicit directory");
  }

  @Test
  void withoutExplicitDirsFetchesGoToTheUserCache() {
    Path home = tmp.resolve("home");
    MnistLocator l = locator(Map.of(), Map.of(), home, tmp);
    assertEquals(home.resolve(".cache/learnedlr/mnist"), l.downloadDir());
    assertEquals(2, l.searchPath().size());
  }

  @Test
  void xdgCacheHomeIsHonouredWhenAbsolute() {
    Path home = tmp.resolve("home");
    Path xdg = tmp.resolve("xdg");
    assertEquals(xdg.resolve("learnedlr/mnist"),
        locator(Map.of(), Map.of("XDG_CACHE_HOME", xdg.toString()), home, tmp).downloadDir());
    // the XDG spec says to ignore relative values
    assertEquals(home.resolve(".cache/learnedlr/mnist"),
        locator(Map.of(), Map.of("XDG_CACHE_HOME", "relative/cache"), home, tmp).downloadDir());
  }

  @Test
  void projectDataDirIsFoundInAParent() throws IOException {
    Path repo = tmp.resolve("repo");
    Files.createDirectories(repo.resolve("data/mnist"));
    Path module = Files.createDirectories(repo.resolve("mnist/target"));
    assertEquals(repo.resolve("data/mnist"), MnistLocator.projectDataDir(module));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    // none anywhere up the tree (unless the machine has one at a root): the working directory's own
    Path found = MnistLocator.projectDataDir(elsewhere);
    assertTrue(found.equals(elsewhere.resolve("data/mnist")) || !found.startsWith(tmp), found.toString());
  }

  @Test
  void eachFileIsTakenFromTheFirstDirectoryThatHasItRawBeforeGz() throws IOException {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    for (MnistFile f : MnistFile.values()) {
      Files.writeString(b.resolve(f.spec().gzName()), "x");
    }
    Files.writeString(a.resolve(MnistFile.TEST_LABELS.fileName()), "x");
    Files.writeString(b.resolve(MnistFile.TRAIN_LABELS.fileName()), "x");
    MnistLocator l = new MnistLocator(List.of(a, b), a);
    MnistFiles files = l.require();
    assertEquals(a.resolve("t10k-labels-idx1-ubyte"), files.path(MnistFile.TEST_LABELS));
    assertEquals(b.resolve("train-labels-idx1-ubyte"), files.path(MnistFile.TRAIN_LABELS));
    assertEquals(b.resolve("train-images-idx3-ubyte.gz"), files.path(MnistFile.TRAIN_IMAGES));
  }

  @Test
  void missingFilesAreListedWithAdvice() throws IOException {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Files.writeString(a.resolve(MnistFile.TRAIN_IMAGES.fileName()), "x");
    MnistLocator l = MnistLocator.of(a);
    assertEquals(List.of(MnistFile.TRAIN_LABELS, MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS), l.missing());
    assertTrue(l.locate().isEmpty());
    MnistUnavailableException e = assertThrows(MnistUnavailableException.class, l::require);
    String m = e.getMessage();
    assertTrue(m.contains("train-labels-idx1-ubyte") && !m.contains("missing [train-images"), m);
    assertTrue(m.contains(a.toString()), m);
    assertTrue(m.contains("scripts/fetch-mnist.sh") && m.contains("MNIST_DIR"), m);
  }

  @Test
  void directoriesAreNotMistakenForFiles() throws IOException {
    Path a = Files.createDirectories(tmp.resolve("a"));
    Files.createDirectories(a.resolve(MnistFile.TRAIN_IMAGES.fileName()));
    assertTrue(MnistLocator.of(a).find(MnistFile.TRAIN_IMAGES.spec()).isEmpty());
  }
}
