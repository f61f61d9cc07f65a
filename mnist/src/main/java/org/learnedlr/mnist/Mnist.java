package org.learnedlr.mnist;

import java.io.IOException;

/**
 * Loading MNIST in one call.
 *
 * <pre>{@code
 * MnistSplits data = Mnist.load(MnistConfig.defaults());            // found via MnistLocator.fromSystem()
 * Batches train = new Batches(data.train(), BatchConfig.training(128, seed));
 * }</pre>
 */
public final class Mnist {
  private Mnist() {}

  /**
   * Loads from the files the system locator finds (no download).
   *
   * @throws MnistUnavailableException if they are not found (the message says how to get them)
   */
  public static MnistSplits load(MnistConfig config) throws IOException {
    return load(config, MnistLocator.fromSystem().require());
  }

  /** Loads from the system locator's files, fetching missing ones first with {@code fetch}. */
  public static MnistSplits loadOrFetch(MnistConfig config, FetchConfig fetch) throws IOException {
    return load(config, new MnistFetcher(fetch).ensure(MnistLocator.fromSystem()));
  }

  /**
   * Loads and verifies the four files, then splits and normalises as {@code config} says.
   *
   * @throws ChecksumException  if a file is not the real MNIST file
   * @throws IdxFormatException if a file is not valid IDX
   */
  public static MnistSplits load(MnistConfig config, MnistFiles files) throws IOException {
    IdxData trainImages = files.load(MnistFile.TRAIN_IMAGES);
    IdxData trainLabels = files.load(MnistFile.TRAIN_LABELS);
    IdxData testImages = files.load(MnistFile.TEST_IMAGES);
    IdxData testLabels = files.load(MnistFile.TEST_LABELS);
    return split(config, trainImages, trainLabels, testImages, testLabels);
  }

  /** Splits and normalises already-read IDX data (any image size; labels in [0, 10)). */
  static MnistSplits split(MnistConfig config, IdxData trainImages, IdxData trainLabels, IdxData testImages,
      IdxData testLabels) {
    int n = trainImages.count();
    if (config.validationSize() >= n) {
      throw new IllegalArgumentException("validationSize: " + config.validationSize()
          + " leaves no training images out of " + n);
    }
    int cut = n - config.validationSize();
    Normalization norm = config.normalization();
    int classes = MnistDataset.CLASSES;
    return new MnistSplits(
        MnistDataset.fromIdx(trainImages, trainLabels, 0, cut, norm, classes),
        MnistDataset.fromIdx(trainImages, trainLabels, cut, n, norm, classes),
        MnistDataset.fromIdx(testImages, testLabels, 0, testImages.count(), norm, classes));
  }
}
