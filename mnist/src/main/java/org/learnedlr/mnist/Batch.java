package org.learnedlr.mnist;

/**
 * One mini-batch as plain arrays, freshly allocated for this batch and owned by the caller:
 * {@code images} is {@code float[B * rows * cols]} ({@code (B, rows, cols)}, row-major), {@code labels} is
 * {@code int[B]}, and {@code indices} the dataset positions the rows came from. {@link BatchTensors} turns it into
 * tensors.
 */
public final class Batch {
  private final float[] images; // (B, rows, cols)
  private final int[] labels; // (B)
  private final int[] indices; // (B)
  private final int rows;
  private final int cols;

  Batch(float[] images, int[] labels, int[] indices, int rows, int cols) {
    this.images = images;
    this.labels = labels;
    this.indices = indices;
    this.rows = rows;
    this.cols = cols;
  }

  /** The number of examples, B. */
  public int size() {
    return labels.length;
  }

  /** Image height. */
  public int rows() {
    return rows;
  }

  /** Image width. */
  public int cols() {
    return cols;
  }

  /** The images, {@code float[B * rows * cols]}: this batch's own array, not a copy. */
  public float[] images() {
    return images;
  }

  /** The labels, {@code int[B]}: this batch's own array, not a copy. */
  public int[] labels() {
    return labels;
  }

  /** The dataset index of each row, {@code int[B]}: this batch's own array, not a copy. */
  public int[] indices() {
    return indices;
  }
}
