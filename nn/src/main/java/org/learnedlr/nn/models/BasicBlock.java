package org.learnedlr.nn.models;

import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;
import org.learnedlr.nn.layers.BatchNorm2d;
import org.learnedlr.nn.layers.Conv2d;
import org.learnedlr.nn.layers.Sequential;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;

/**
 * ResNet's basic residual block (torchvision's BasicBlock, expansion 1):
 * <pre>
 *   y = relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))
 * </pre>
 * conv1 is 3x3 with the block's stride, conv2 3x3 stride 1, both without bias; the shortcut is the identity, or
 * {@code downsample} = Sequential(1x1 conv with the stride, batch norm) when the stride or the width changes.
 *
 * <p>Children, in torchvision's order: {@code conv1}, {@code bn1}, {@code conv2}, {@code bn2},
 * {@code downsample.0}, {@code downsample.1}. Convolutions keep PyTorch's default initialisation here;
 * {@link ResNet18} re-initialises them.
 */
public final class BasicBlock extends Layer {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Sequential downsample;

    public BasicBlock(int inChannels, int outChannels, int stride, DType dtype, Rng rng) {
        this.conv1 = child("conv1", new Conv2d(inChannels, outChannels, 3, stride, 1, false, dtype, rng));
        this.bn1 = child("bn1", batchNorm(outChannels, dtype));
        this.conv2 = child("conv2", new Conv2d(outChannels, outChannels, 3, 1, 1, false, dtype, rng));
        this.bn2 = child("bn2", batchNorm(outChannels, dtype));
        this.downsample = stride != 1 || inChannels != outChannels
                ? child("downsample", new Sequential(
                        new Conv2d(inChannels, outChannels, 1, stride, 0, false, dtype, rng),
                        batchNorm(outChannels, dtype)))
                : null;
    }

    static BatchNorm2d batchNorm(int channels, DType dtype) {
        return new BatchNorm2d(channels, BatchNorm2d.DEFAULT_EPS, BatchNorm2d.DEFAULT_MOMENTUM, dtype);
    }

    /** x (N, C, H, W) -> (N, O, H', W'), H' = (H - 1) / stride + 1. */
    @Override
    public Var forward(Var x) {
        Var h = bn1.forward(conv1.forward(x)).relu();                         // (N, O, H', W')
        h = bn2.forward(conv2.forward(h));                                    // (N, O, H', W')
        Var shortcut = downsample == null ? x : downsample.forward(x);        // (N, O, H', W')
        return h.add(shortcut).relu();                                        // (N, O, H', W')
    }

    /** The projection shortcut, or null for the identity. */
    public Sequential downsample() {
        return downsample;
    }
}
