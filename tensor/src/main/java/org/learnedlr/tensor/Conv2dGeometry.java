package org.learnedlr.tensor;

/**
 * The sizes of a 2-d sliding-window operation (convolution, im2col/col2im, pooling) over [N, C, H, W] inputs.
 * Output sizes follow PyTorch: OH = (H + 2*padH - KH) / strideH + 1.
 */
public record Conv2dGeometry(int batch, int channels, int height, int width,
                             int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {

    public Conv2dGeometry {
        if (batch < 0 || channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("conv2d geometry: invalid input size [" + batch + ", " + channels
                    + ", " + height + ", " + width + "]");
        }
        if (kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException("conv2d geometry: kernel " + kernelH + "x" + kernelW + " must be positive");
        }
        if (strideH < 1 || strideW < 1) {
            throw new IllegalArgumentException("conv2d geometry: stride " + strideH + "x" + strideW + " must be positive");
        }
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("conv2d geometry: padding " + padH + "x" + padW + " must be >= 0");
        }
        if (height + 2 * padH < kernelH || width + 2 * padW < kernelW) {
            throw new IllegalArgumentException("conv2d geometry: kernel " + kernelH + "x" + kernelW
                    + " is larger than the padded input " + (height + 2 * padH) + "x" + (width + 2 * padW));
        }
    }

    /** Geometry for an input shape [N, C, H, W] and a square-or-not kernel. */
    public static Conv2dGeometry of(int[] inputShape, int kernelH, int kernelW, int strideH, int strideW,
                                    int padH, int padW) {
        if (inputShape.length != 4) {
            throw new IllegalArgumentException("conv2d geometry: input must be [N, C, H, W], got "
                    + java.util.Arrays.toString(inputShape));
        }
        return new Conv2dGeometry(inputShape[0], inputShape[1], inputShape[2], inputShape[3],
                kernelH, kernelW, strideH, strideW, padH, padW);
    }

    public int outH() {
        return (height + 2 * padH - kernelH) / strideH + 1;
    }

    public int outW() {
        return (width + 2 * padW - kernelW) / strideW + 1;
    }

    /** Rows of a column matrix: C * KH * KW. */
    public int patchSize() {
        return channels * kernelH * kernelW;
    }

    public int[] imageShape() {
        return new int[]{batch, channels, height, width};
    }

    /** [N, C*KH*KW, OH*OW]. */
    public int[] columnsShape() {
        return new int[]{batch, patchSize(), outH() * outW()};
    }
}
