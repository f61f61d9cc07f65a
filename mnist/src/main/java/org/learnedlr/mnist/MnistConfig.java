package org.learnedlr.mnist;

/**
 * How MNIST is loaded and split.
 *
 * @param validationSize the number of training images held out for validation: the <em>last</em> ones of the
 *                       official training file, so the split is the same everywhere; 0 for none; default 10,000
 *                       (leaving 50,000 for training)
 * @param normalization  how pixels become floats; default {@link Normalization#MNIST}
 */
public record MnistConfig(int validationSize, Normalization normalization) {
  /** The default validation size. */
  public static final int DEFAULT_VALIDATION_SIZE = 10_000;
  /** Images in the official training file. */
  public static final int TRAIN_FILE_SIZE = 60_000;

  /** Validates the fields; messages name the field. */
  public MnistConfig {
    if (validationSize < 0 || validationSize >= TRAIN_FILE_SIZE) {
      throw new IllegalArgumentException("validationSize: must be in [0, " + (TRAIN_FILE_SIZE - 1)
          + "] so that training keeps at least one image, got " + validationSize);
    }
    if (normalization == null) {
      throw new IllegalArgumentException("normalization: null");
    }
  }

  /** 10,000 validation images, MNIST normalisation. */
  public static MnistConfig defaults() {
    return new MnistConfig(DEFAULT_VALIDATION_SIZE, Normalization.MNIST);
  }

  /** A copy with another validation size. */
  public MnistConfig withValidationSize(int size) {
    return new MnistConfig(size, normalization);
  }

  /** A copy with another normalisation. */
  public MnistConfig withNormalization(Normalization n) {
    return new MnistConfig(validationSize, n);
  }
}
