package org.learnedlr.rl.run;

import java.util.Locale;
import org.learnedlr.nn.Layer;
import org.learnedlr.nn.models.Mlp;
import org.learnedlr.nn.models.ResNet18;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;

/** The networks a training run can train on MNIST. */
public enum Trainee {
    /** 784-256-10 MLP with ReLU. */
    MLP,
    /** ResNet-18 with the ImageNet stem (7x7 stride 2 + max-pool), 11,175,370 parameters. */
    RESNET18,
    /** ResNet-18 with a 3x3 stride-1 stem and no max-pool (about 10x more compute). */
    RESNET18_SMALL_STEM;

    /** A freshly initialised network, its weights drawn from {@code rng}. */
    public Layer build(Rng rng) {
        return switch (this) {
            case MLP -> new Mlp(rng);
            case RESNET18 -> new ResNet18(ResNet18.Stem.IMAGENET, 1, 10, DType.FLOAT32, rng);
            case RESNET18_SMALL_STEM -> new ResNet18(ResNet18.Stem.SMALL, 1, 10, DType.FLOAT32, rng);
        };
    }

    /** Parses "mlp", "resnet18", "resnet18-small-stem" (case-insensitive), naming the parameter on error. */
    public static Trainee parse(String name) {
        String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Trainee t : values()) {
            if (t.name().equals(n)) {
                return t;
            }
        }
        throw new IllegalArgumentException("trainee: unknown trainee '" + name + "' (expected mlp, resnet18 or "
                + "resnet18-small-stem)");
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
