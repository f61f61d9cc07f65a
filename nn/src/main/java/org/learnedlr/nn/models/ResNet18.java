package org.learnedlr.nn.models;

import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;
import org.learnedlr.nn.Module;
import org.learnedlr.nn.init.Init;
import org.learnedlr.nn.layers.AdaptiveAvgPool2d;
import org.learnedlr.nn.layers.BatchNorm2d;
import org.learnedlr.nn.layers.Conv2d;
import org.learnedlr.nn.layers.Linear;
import org.learnedlr.nn.layers.MaxPool2d;
import org.learnedlr.nn.layers.Sequential;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;

/**
 * ResNet-18 (He et al. 2016) for single-channel images, with torchvision's names and initialisation: basic blocks
 * [2, 2, 2, 2] of widths 64, 128, 256, 512, batch norm, global average pooling and a linear classifier.
 *
 * <p>Two stems:
 * <ul>
 *   <li>{@link Stem#IMAGENET} (the default): conv1 7x7 stride 2 padding 3, bn1, ReLU, max-pool 3x3 stride 2
 *       padding 1 — torchvision's resnet18(num_classes=10) with conv1 taking 1 channel: 11,175,370 parameters.
 *       A 28x28 input reaches layer4 as 1x1.</li>
 *   <li>{@link Stem#SMALL}: conv1 3x3 stride 1 padding 1, bn1, ReLU, no max-pool (the usual small-image variant):
 *       11,172,810 parameters; a 28x28 input reaches layer4 as 4x4.</li>
 * </ul>
 *
 * <p>Names: {@code conv1}, {@code bn1}, {@code layer1.0.conv1}, ..., {@code layer2.0.downsample.0} (the 1x1
 * conv), {@code layer2.0.downsample.1} (its batch norm), ..., {@code fc}. Initialisation as torchvision:
 * convolutions kaiming_normal (fan_out, relu), batch norms weight 1 and bias 0, fc PyTorch's Linear default.
 */
public final class ResNet18 extends Layer {
    /** The input stem. */
    public enum Stem {
        /** 7x7 stride-2 convolution and 3x3 stride-2 max-pool, as on ImageNet. */
        IMAGENET,
        /** 3x3 stride-1 convolution, no max-pool. */
        SMALL
    }

    public static final int DEFAULT_CLASSES = 10;

    private final Stem stem;
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final MaxPool2d maxpool;
    private final Sequential layer1;
    private final Sequential layer2;
    private final Sequential layer3;
    private final Sequential layer4;
    private final AdaptiveAvgPool2d avgpool = new AdaptiveAvgPool2d(1);
    private final Linear fc;

    /** ImageNet stem, 1 input channel, 10 classes, float32. */
    public ResNet18(Rng rng) {
        this(Stem.IMAGENET, 1, DEFAULT_CLASSES, DType.FLOAT32, rng);
    }

    public ResNet18(Stem stem, int inChannels, int classes, DType dtype, Rng rng) {
        this.stem = stem;
        this.conv1 = stem == Stem.IMAGENET
                ? child("conv1", new Conv2d(inChannels, 64, 7, 2, 3, false, dtype, rng))
                : child("conv1", new Conv2d(inChannels, 64, 3, 1, 1, false, dtype, rng));
        this.bn1 = child("bn1", BasicBlock.batchNorm(64, dtype));
        this.maxpool = stem == Stem.IMAGENET ? new MaxPool2d(3, 2, 1) : null;
        this.layer1 = child("layer1", stage(64, 64, 1, dtype, rng));
        this.layer2 = child("layer2", stage(64, 128, 2, dtype, rng));
        this.layer3 = child("layer3", stage(128, 256, 2, dtype, rng));
        this.layer4 = child("layer4", stage(256, 512, 2, dtype, rng));
        this.fc = child("fc", new Linear(512, classes, true, dtype, rng));
        initConvolutions(this, rng);
    }

    private static Sequential stage(int in, int out, int stride, DType dtype, Rng rng) {
        return new Sequential(new BasicBlock(in, out, stride, dtype, rng), new BasicBlock(out, out, 1, dtype, rng));
    }

    /** torchvision's init for every convolution: kaiming_normal_(mode='fan_out', nonlinearity='relu'). */
    private static void initConvolutions(Module m, Rng rng) {
        if (m instanceof Conv2d c) {
            Var w = c.weight();
            w.value().copyFrom(Init.kaimingNormal(rng, 0.0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU, w.dtype(),
                    w.shape()));
        }
        for (Module child : m.children().values()) {
            initConvolutions(child, rng);
        }
    }

    /** x (N, C, H, W) -> logits (N, classes). */
    @Override
    public Var forward(Var x) {
        Var h = bn1.forward(conv1.forward(x)).relu();                         // (N, 64, H1, W1)
        if (maxpool != null) {
            h = maxpool.forward(h);                                           // (N, 64, H1/2, W1/2)
        }
        h = layer1.forward(h);                                                // (N, 64, ., .)
        h = layer2.forward(h);                                                // (N, 128, ., .)
        h = layer3.forward(h);                                                // (N, 256, ., .)
        h = layer4.forward(h);                                                // (N, 512, h4, w4)
        h = avgpool.forward(h).flatten(1, 3);                                 // (N, 512)
        return fc.forward(h);                                                 // (N, classes)
    }

    public Stem stem() {
        return stem;
    }

    public Linear fc() {
        return fc;
    }
}
