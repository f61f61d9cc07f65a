package org.learnedlr.mnist;

/**
 * How a dataset is cut into mini-batches.
 *
 * @param batchSize examples per batch, positive
 * @param shuffle   whether each epoch visits the examples in a seeded random order (else in order)
 * @param dropLast  whether a last, smaller batch is dropped (training) or kept (evaluation)
 * @param seed      the seed of the shuffles; epoch {@code e}'s order is a pure function of (seed, e)
 */
public record BatchConfig(int batchSize, boolean shuffle, boolean dropLast, long seed) {
  /** Validates the fields; messages name the field. */
  public BatchConfig {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batchSize: must be positive, got " + batchSize);
    }
  }

  /** For training: shuffled with {@code seed}, the last partial batch dropped. */
  public static BatchConfig training(int batchSize, long seed) {
    return new BatchConfig(batchSize, true, true, seed);
  }

  /** For evaluation: in order, the last partial batch kept, so every example is seen exactly once. */
  public static BatchConfig evaluation(int batchSize) {
    return new BatchConfig(batchSize, false, false, 0L);
  }
}
