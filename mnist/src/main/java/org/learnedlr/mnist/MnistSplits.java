package org.learnedlr.mnist;

import java.util.Objects;

/**
 * MNIST cut three ways: training, validation (held out from the training file) and the official test set.
 *
 * @param train      the first {@code 60000 - validationSize} images of the training file
 * @param validation the last {@code validationSize} images of the training file (possibly empty)
 * @param test       the 10,000 images of the test file
 */
public record MnistSplits(MnistDataset train, MnistDataset validation, MnistDataset test) {
  /** Checks that no split is null. */
  public MnistSplits {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(test, "test");
  }
}
