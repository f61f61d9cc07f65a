package org.learnedlr.mnist;

import org.learnedlr.tensor.Tensor;

/**
 * Turns a {@link Batch} into tensors. The only class of this package that uses tensor/; everything else works on
 * arrays. The batch's arrays are fresh per batch, so handing them to the tensor factories is safe whether or not
 * those copy.
 */
public final class BatchTensors {
  private BatchTensors() {}

  /** The images as a float32 tensor of shape (B, 1, rows, cols), the layout convolutions expect. */
  public static Tensor images(Batch batch) {
    return Tensor.of(batch.images(), batch.size(), 1, batch.rows(), batch.cols()); // (B, 1, 28, 28)
  }

  /** The images flattened for an MLP: shape (B, rows * cols). Same data as {@link #images}, reshaped. */
  public static Tensor imagesFlat(Batch batch) {
    return Tensor.of(batch.images(), batch.size(), batch.rows() * batch.cols()); // (B, 784)
  }

  /** The labels as an integer tensor of shape (B). */
  public static Tensor labels(Batch batch) {
    return Tensor.ofInts(batch.labels(), batch.size()); // (B)
  }
}
