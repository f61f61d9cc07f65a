package org.learnedlr.mnist;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The real MNIST files for tests, found through the same locator as production code
 * ({@link MnistLocator#fromSystem()}). Where they are missing, a test is skipped with a message saying how to get
 * them, except with the environment variable CI=true, where missing data fails the test.
 */
final class RealMnist {
  private static MnistFiles files;
  private static MnistSplits splits;

  private RealMnist() {}

  /** The located files, or the test is skipped (fails under CI=true). */
  static synchronized MnistFiles files() {
    if (files == null) {
      MnistLocator locator = MnistLocator.fromSystem();
      Optional<MnistFiles> found = locator.locate();
      if (found.isEmpty()) {
        String message = "MNIST not found (missing " + MnistLocator.describe(locator.missing()) + "; searched "
            + locator.searchPath() + "). Run scripts/fetch-mnist.sh or set " + MnistLocator.DIR_ENV + ".";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail("CI=true and " + message);
        }
        Assumptions.abort(message);
      }
      files = found.get();
    }
    return files;
  }

  /** The default splits of the real data, loaded once per test JVM. */
  static synchronized MnistSplits splits() {
    MnistFiles f = files();
    if (splits == null) {
      try {
        splits = Mnist.load(MnistConfig.defaults(), f);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return splits;
  }
}
