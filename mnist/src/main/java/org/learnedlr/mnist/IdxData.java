package org.learnedlr.mnist;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The content of an unsigned-byte IDX file: its dimensions and its data in row-major order.
 *
 * <p>The data array is held, not copied (MNIST's training images are 47 MB): {@link #data()} returns that same array,
 * so callers must not modify it if the object is shared. The dimensions are copied in and out.
 */
public final class IdxData {
  /** The IDX type code of unsigned bytes, the only type this package reads. */
  public static final int TYPE_UNSIGNED_BYTE = 0x08;

  private final int[] dims;
  private final byte[] data;

  /**
   * @param dims the dimensions, each positive (at least one)
   * @param data row-major data, exactly the product of {@code dims} bytes (held, not copied)
   * @throws IllegalArgumentException if the dimensions are not positive or do not match the data length
   */
  public IdxData(int[] dims, byte[] data) {
    if (dims == null || dims.length == 0) {
      throw new IllegalArgumentException("dims: at least one dimension is needed");
    }
    if (data == null) {
      throw new IllegalArgumentException("data: null");
    }
    long product = 1;
    for (int d : dims) {
      if (d <= 0) {
        throw new IllegalArgumentException("dims: every dimension must be positive, got " + Arrays.toString(dims));
      }
      product *= d;
      if (product > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("dims: product exceeds an array's size, " + Arrays.toString(dims));
      }
    }
    if (product != data.length) {
      throw new IllegalArgumentException(
          "data: dims " + Arrays.toString(dims) + " need " + product + " bytes, got " + data.length);
    }
    this.dims = dims.clone();
    this.data = data;
  }

  /** A copy of the dimensions, outermost first (for MNIST images: count, rows, columns). */
  public int[] dims() {
    return dims.clone();
  }

  /** The number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** One dimension. */
  public int dim(int axis) {
    return dims[axis];
  }

  /** The outermost dimension: the number of items (images, labels). */
  public int count() {
    return dims[0];
  }

  /** Bytes per item: the product of all dimensions but the first. */
  public int itemSize() {
    return data.length / dims[0];
  }

  /** The row-major data, shared with this object (not a copy). */
  public byte[] data() {
    return data;
  }

  /** The value at a flat index as an unsigned byte, 0..255. */
  public int unsigned(int index) {
    return data[index] & 0xff;
  }

  /** The IDX header that describes this data: 0x00 0x00 0x08 rank, then each dimension as a big-endian int32. */
  public byte[] header() {
    byte[] h = new byte[4 + 4 * dims.length];
    h[2] = (byte) TYPE_UNSIGNED_BYTE;
    h[3] = (byte) dims.length;
    for (int i = 0; i < dims.length; i++) {
      int d = dims[i];
      h[4 + 4 * i] = (byte) (d >>> 24);
      h[5 + 4 * i] = (byte) (d >>> 16);
      h[6 + 4 * i] = (byte) (d >>> 8);
      h[7 + 4 * i] = (byte) d;
    }
    return h;
  }

  /**
   * The SHA-256 (lower-case hex) of the IDX file this data was read from, decompressed: of {@link #header()}
   * followed by {@link #data()}. The header is canonical, so this is the digest of the file's bytes.
   */
  public String sha256() {
    MessageDigest md = Sha256.newDigest();
    md.update(header());
    md.update(data);
    return Sha256.hex(md.digest());
  }

  @Override
  public String toString() {
    return "IdxData" + Arrays.toString(dims);
  }
}
