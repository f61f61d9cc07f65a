package org.learnedlr.mnist;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks the batches of {@link Batches}: one epoch ({@link Batches#epoch(long)}) or epoch after epoch without end
 * ({@link Batches#endless()}). {@link #epoch()} and {@link #index()} say where the next batch comes from.
 */
public final class BatchIterator implements Iterator<Batch> {
  private final Batches batches;
  private final boolean endless;
  private long epoch;
  private int index;
  private int[] order;

  BatchIterator(Batches batches, long epoch, boolean endless) {
    this.batches = batches;
    this.endless = endless;
    this.epoch = epoch;
    this.order = batches.order(epoch);
  }

  @Override
  public boolean hasNext() {
    return endless || index < batches.batchesPerEpoch();
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("epoch " + epoch + " has " + batches.batchesPerEpoch() + " batches");
    }
    if (index == batches.batchesPerEpoch()) {
      epoch++;
      index = 0;
      order = batches.order(epoch);
    }
    return batches.assemble(order, index++);
  }

  /** The epoch of the batch last returned (or of the first one, before any). */
  public long epoch() {
    return epoch;
  }

  /** How many batches of the current epoch have been returned. */
  public int index() {
    return index;
  }
}
