package org.learnedlr.nn.models;

import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;
import org.learnedlr.nn.layers.Flatten;
import org.learnedlr.nn.layers.Linear;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;

/**
 * The MNIST trainee: flatten, fc1, ReLU, fc2 (784-256-10 by default), with PyTorch's default Linear
 * initialisation. Parameters {@code fc1.weight} [hidden, in], {@code fc1.bias}, {@code fc2.weight}
 * [classes, hidden], {@code fc2.bias}: the state dict of this PyTorch class
 * <pre>
 * class Mlp(nn.Module):
 *     def __init__(self, d_in=784, hidden=256, classes=10):
 *         super().__init__()
 *         self.fc1 = nn.Linear(d_in, hidden)
 *         self.fc2 = nn.Linear(hidden, classes)
 *     def forward(self, x):
 *         return self.fc2(torch.relu(self.fc1(torch.flatten(x, 1))))
 * </pre>
 * (an nn.Sequential would name them "1.weight" and "3.weight" instead).
 */
public final class Mlp extends Layer {
    public static final int DEFAULT_IN = 784;
    public static final int DEFAULT_HIDDEN = 256;
    public static final int DEFAULT_CLASSES = 10;

    private final Flatten flatten = new Flatten();
    private final Linear fc1;
    private final Linear fc2;

    /** 784-256-10, float32. */
    public Mlp(Rng rng) {
        this(DEFAULT_IN, DEFAULT_HIDDEN, DEFAULT_CLASSES, DType.FLOAT32, rng);
    }

    public Mlp(int inFeatures, int hidden, int classes, DType dtype, Rng rng) {
        this.fc1 = child("fc1", new Linear(inFeatures, hidden, true, dtype, rng));
        this.fc2 = child("fc2", new Linear(hidden, classes, true, dtype, rng));
    }

    /** x (B, 1, 28, 28) or (B, 784) -> logits (B, 10). */
    @Override
    public Var forward(Var x) {
        Var h = fc1.forward(flatten.forward(x)).relu();                      // (B, hidden)
        return fc2.forward(h);                                               // (B, classes)
    }

    public Linear fc1() {
        return fc1;
    }

    public Linear fc2() {
        return fc2;
    }
}
