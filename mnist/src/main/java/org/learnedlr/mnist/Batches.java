package org.learnedlr.mnist;

import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * A dataset cut into mini-batches, epoch after epoch, reproducibly.
 *
 * <p>Epoch {@code e} visits the examples in the order {@link #order(long)}: the identity, or, when shuffling, a
 * Fisher-Yates permutation drawn from a {@link SplittableRandom} seeded with a hash of {@code (seed, e)}. So an
 * epoch's order is a pure function of the seed and the epoch number (no hidden global randomness, and a run resumed
 * at any step sees the same batches), and each epoch is shuffled afresh. Batch {@code k} of an epoch holds the
 * examples at positions {@code [k B, (k + 1) B)} of that order; the last partial batch is dropped or kept as the
 * config says.
 *
 * <p>Not thread-safe ({@link #batch(long)} caches the current epoch's order): give each thread, e.g. each episode,
 * its own instance; the dataset itself is immutable and can be shared.
 */
public final class Batches {
  private final MnistDataset data;
  private final BatchConfig config;
  private final int perEpoch;
  /** The order of {@link #cachedEpoch}, kept for {@link #batch(long)}'s sequential use. */
  private int[] cachedOrder;
  private long cachedEpoch = -1;

  /** @param data the dataset (not copied: it is immutable) */
  public Batches(MnistDataset data, BatchConfig config) {
    this.data = data;
    this.config = config;
    int n = data.size();
    int b = config.batchSize();
    this.perEpoch = config.dropLast() ? n / b : (n + b - 1) / b;
  }

  /** The dataset. */
  public MnistDataset data() {
    return data;
  }

  /** The config. */
  public BatchConfig config() {
    return config;
  }

  /** Batches in each epoch: floor(N / B) when dropping the last partial batch, else ceil(N / B). */
  public int batchesPerEpoch() {
    return perEpoch;
  }

  /** Examples visited per epoch: all of them, or {@code batchesPerEpoch() * B} when dropping the last batch. */
  public int examplesPerEpoch() {
    return config.dropLast() ? perEpoch * config.batchSize() : data.size();
  }

  /**
   * The order in which epoch {@code epoch} visits the examples: a permutation of {@code 0 .. N-1}.
   *
   * @param epoch non-negative
   */
  public int[] order(long epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch: must be non-negative, got " + epoch);
    }
    int n = data.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    if (config.shuffle()) {
      SplittableRandom rng = new SplittableRandom(mix64(mix64(config.seed()) + epoch));
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }

  /** Iterates over the batches of one epoch. */
  public BatchIterator epoch(long epoch) {
    return new BatchIterator(this, epoch, false);
  }

  /**
   * Iterates over epoch 0, 1, 2, ... without end.
   *
   * @throws IllegalStateException if an epoch has no batch (fewer examples than a batch, last batch dropped)
   */
  public BatchIterator endless() {
    if (perEpoch == 0) {
      throw new IllegalStateException("no batch per epoch: " + data.size() + " examples, batch size "
          + config.batchSize() + ", last partial batch dropped");
    }
    return new BatchIterator(this, 0, true);
  }

  /**
   * The batch seen at a global step: batch {@code step % batchesPerEpoch()} of epoch
   * {@code step / batchesPerEpoch()}. Sequential calls reuse the epoch's order.
   */
  public Batch batch(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step: must be non-negative, got " + step);
    }
    if (perEpoch == 0) {
      throw new NoSuchElementException("no batch per epoch: " + data.size() + " examples, batch size "
          + config.batchSize() + ", last partial batch dropped");
    }
    long epoch = step / perEpoch;
    if (epoch != cachedEpoch) {
      cachedOrder = order(epoch);
      cachedEpoch = epoch;
    }
    return assemble(cachedOrder, (int) (step % perEpoch));
  }

  /** Builds batch {@code k} of an epoch with the given order. */
  Batch assemble(int[] order, int k) {
    int b = config.batchSize();
    int from = k * b;
    int size = Math.min(b, order.length - from);
    int p = data.pixels();
    float[] images = new float[size * p]; // (B, rows, cols)
    int[] labels = new int[size]; // (B)
    int[] indices = new int[size];
    for (int r = 0; r < size; r++) {
      int i = order[from + r];
      data.copyImage(i, images, r * p);
      labels[r] = data.label(i);
      indices[r] = i;
    }
    return new Batch(images, labels, indices, data.rows(), data.cols());
  }

  /** SplitMix64's finaliser: a bijection on longs that spreads nearby seeds far apart. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
