package org.learnedlr.mnist;

import java.util.Arrays;

/**
 * Labelled images held as plain arrays: {@code images} is {@code float[size * rows * cols]}, row-major per image
 * ({@code (N, rows, cols)}), and {@code labels} is {@code int[size]} with values in {@code [0, classes)}.
 *
 * <p>Immutable: the arrays are private and only copies leave ({@link #copyImages()}, {@link #image(int)}), except
 * through {@link Batches}, which copies the selected rows into fresh batch arrays.
 */
public final class MnistDataset {
  /** MNIST's image height and width. */
  public static final int SIDE = 28;
  /** MNIST's pixels per image. */
  public static final int PIXELS = SIDE * SIDE;
  /** MNIST's number of classes (digits). */
  public static final int CLASSES = 10;

  private final float[] images; // (N, rows, cols)
  private final int[] labels; // (N)
  private final int rows;
  private final int cols;
  private final int classes;

  /** Takes the arrays without copying; callers inside the package guarantee they are not shared. */
  MnistDataset(float[] images, int[] labels, int rows, int cols, int classes) {
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException("rows, cols: must be positive, got " + rows + " x " + cols);
    }
    if (classes <= 0) {
      throw new IllegalArgumentException("classes: must be positive, got " + classes);
    }
    if ((long) labels.length * rows * cols != images.length) {
      throw new IllegalArgumentException("images: " + labels.length + " labels need " + (long) labels.length * rows
          * cols + " floats of " + rows + " x " + cols + " images, got " + images.length);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException("labels: label " + i + " is " + labels[i] + ", outside [0, " + classes
            + ")");
      }
    }
    this.images = images;
    this.labels = labels;
    this.rows = rows;
    this.cols = cols;
    this.classes = classes;
  }

  /**
   * A dataset of 28 x 28 images and 10 classes from copies of the given arrays.
   *
   * @param images {@code float[n * 784]}
   * @param labels {@code int[n]} in [0, 10)
   */
  public static MnistDataset of(float[] images, int[] labels) {
    return new MnistDataset(images.clone(), labels.clone(), SIDE, SIDE, CLASSES);
  }

  /**
   * A dataset from IDX images {@code [N, rows, cols]} and labels {@code [N]}, items {@code [from, to)}, normalised.
   *
   * @param classes labels must lie in [0, classes)
   * @throws IllegalArgumentException if the shapes do not fit or a label is out of range
   */
  public static MnistDataset fromIdx(IdxData images, IdxData labels, int from, int to, Normalization norm,
      int classes) {
    if (images.rank() != 3) {
      throw new IllegalArgumentException("images: expected dims [N, rows, cols], got " + images);
    }
    if (labels.rank() != 1) {
      throw new IllegalArgumentException("labels: expected dims [N], got " + labels);
    }
    if (images.count() != labels.count()) {
      throw new IllegalArgumentException("labels: " + labels.count() + " labels for " + images.count() + " images");
    }
    if (from < 0 || to < from || to > images.count()) {
      throw new IllegalArgumentException("range: [" + from + ", " + to + ") not within [0, " + images.count() + "]");
    }
    int rows = images.dim(1);
    int cols = images.dim(2);
    int pixels = rows * cols;
    float[] table = norm.table();
    byte[] src = images.data();
    float[] x = new float[(to - from) * pixels];
    int base = from * pixels;
    for (int i = 0; i < x.length; i++) {
      x[i] = table[src[base + i] & 0xff];
    }
    int[] y = new int[to - from];
    for (int i = 0; i < y.length; i++) {
      y[i] = labels.unsigned(from + i);
    }
    return new MnistDataset(x, y, rows, cols, classes);
  }

  /** The number of examples. */
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

  /** Floats per image: rows * cols. */
  public int pixels() {
    return rows * cols;
  }

  /** The number of classes; labels lie in [0, classes). */
  public int classes() {
    return classes;
  }

  /** The label of example {@code i}. */
  public int label(int i) {
    return labels[i];
  }

  /** A copy of image {@code i}, {@code float[rows * cols]}. */
  public float[] image(int i) {
    int p = pixels();
    return Arrays.copyOfRange(images, i * p, (i + 1) * p);
  }

  /** A copy of all images, {@code float[size * rows * cols]}. */
  public float[] copyImages() {
    return images.clone();
  }

  /** A copy of all labels. */
  public int[] copyLabels() {
    return labels.clone();
  }

  /** Examples {@code [from, to)} as a new dataset (copied). */
  public MnistDataset slice(int from, int to) {
    if (from < 0 || to < from || to > size()) {
      throw new IllegalArgumentException("range: [" + from + ", " + to + ") not within [0, " + size() + "]");
    }
    int p = pixels();
    return new MnistDataset(Arrays.copyOfRange(images, from * p, to * p), Arrays.copyOfRange(labels, from, to),
        rows, cols, classes);
  }

  /** How many examples each class has. */
  public int[] classCounts() {
    int[] counts = new int[classes];
    for (int y : labels) {
      counts[y]++;
    }
    return counts;
  }

  /** Copies example {@code i}'s image into {@code dst} at {@code dstPos} (for {@link Batches}). */
  void copyImage(int i, float[] dst, int dstPos) {
    int p = pixels();
    System.arraycopy(images, i * p, dst, dstPos, p);
  }

  @Override
  public String toString() {
    return "MnistDataset[" + size() + " x " + rows + " x " + cols + ", " + classes + " classes]";
  }
}
