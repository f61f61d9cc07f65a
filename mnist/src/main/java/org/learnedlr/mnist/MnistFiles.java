package org.learnedlr.mnist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the four MNIST files are (each raw or gzip), and how to load one with its checksum verified.
 * Usually obtained from {@link MnistLocator#require()} or {@link MnistFetcher#ensure(MnistLocator)}.
 */
public final class MnistFiles {
  private final Map<MnistFile, Path> paths;

  /**
   * @param paths a path for each of the four files
   * @throws IllegalArgumentException if one is missing
   */
  public MnistFiles(Map<MnistFile, Path> paths) {
    EnumMap<MnistFile, Path> copy = new EnumMap<>(MnistFile.class);
    for (MnistFile f : MnistFile.values()) {
      Path p = paths.get(f);
      if (p == null) {
        throw new IllegalArgumentException("paths: no path for " + f + " (" + f.fileName() + ")");
      }
      copy.put(f, p);
    }
    this.paths = copy;
  }

  /** The path of one file. */
  public Path path(MnistFile file) {
    return paths.get(Objects.requireNonNull(file, "file"));
  }

  /**
   * Reads one file and verifies it: the SHA-256 of its decompressed content and its dimensions.
   *
   * @throws ChecksumException  if the content is not MNIST's (the message says to delete the file and fetch again)
   * @throws IdxFormatException if the file is not a valid IDX file
   */
  public IdxData load(MnistFile file) throws IOException {
    Path p = path(file);
    IdxData data = IdxReader.read(p);
    verify(p, file.spec(), data);
    if (!Arrays.equals(data.dims(), file.dims())) {
      // Unreachable once the checksum matched; kept so that a wrong constant cannot go unnoticed.
      throw new IdxFormatException(p.toString(), "dims " + Arrays.toString(data.dims()) + ", expected "
          + Arrays.toString(file.dims()));
    }
    return data;
  }

  /**
   * Checks that the IDX content read from {@code path} has the digest {@code spec} pins.
   *
   * @throws ChecksumException if not
   */
  static void verify(Path path, DataFile spec, IdxData data) throws ChecksumException {
    String actual = data.sha256();
    if (!actual.equals(spec.sha256())) {
      throw new ChecksumException(path.toString(), spec.sha256(), actual,
          "It is not the expected " + spec.name() + "; delete it and fetch the data again");
    }
  }

  @Override
  public String toString() {
    return "MnistFiles" + paths;
  }
}
