package org.learnedlr.mnist;

/**
 * How a pixel byte {@code p} (0..255) becomes a float: {@code x = (p / 255 - mean) / std}.
 *
 * <p>{@link #MNIST} uses MNIST's training-set statistics, mean 0.1307 and std 0.3081 (the usual constants; the
 * real-data test recomputes them from the 60,000 training images), so inputs have about zero mean and unit variance.
 * {@link #UNIT} gives plain {@code p / 255} in [0, 1].
 *
 * @param mean subtracted after scaling to [0, 1]; finite
 * @param std  divided by; finite and positive
 */
public record Normalization(double mean, double std) {
  /** MNIST's training-set mean and standard deviation: {@code (p / 255 - 0.1307) / 0.3081}. */
  public static final Normalization MNIST = new Normalization(0.1307, 0.3081);
  /** No standardisation: {@code p / 255}. */
  public static final Normalization UNIT = new Normalization(0.0, 1.0);

  /** Validates the fields; messages name the field. */
  public Normalization {
    if (!Double.isFinite(mean)) {
      throw new IllegalArgumentException("mean: must be finite, got " + mean);
    }
    if (!Double.isFinite(std) || std <= 0) {
      throw new IllegalArgumentException("std: must be finite and positive, got " + std);
    }
  }

  /** The value of every byte, computed in double and rounded once to float: {@code table[p & 0xff]}. */
  public float[] table() {
    float[] t = new float[256];
    for (int p = 0; p < 256; p++) {
      t[p] = (float) ((p / 255.0 - mean) / std);
    }
    return t;
  }
}
