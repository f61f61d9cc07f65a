package org.learnedlr.rl.run;

import java.util.List;
import java.util.Locale;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.optim.Adam;
import org.learnedlr.nn.optim.AdamConfig;
import org.learnedlr.nn.optim.Optimizer;
import org.learnedlr.nn.optim.Sgd;
import org.learnedlr.nn.optim.SgdConfig;

/**
 * The optimizers a training run uses, with the settings fixed by the design: SGD with momentum 0.9 (no weight
 * decay), and Adam with PyTorch's defaults. The family is also one of the policy's absolute observations.
 */
public enum OptimizerFamily {
    SGD_MOMENTUM,
    ADAM;

    public static final double SGD_MOMENTUM_VALUE = 0.9;

    /** An optimizer over the parameters, starting at learning rate {@code lr}. */
    public Optimizer<?> build(List<Var> params, double lr) {
        return switch (this) {
            case SGD_MOMENTUM -> new Sgd(params, SgdConfig.of(lr).withMomentum(SGD_MOMENTUM_VALUE));
            case ADAM -> new Adam(params, AdamConfig.adam().withLr(lr));
        };
    }

    /** Parses "sgd" (SGD with momentum) or "adam", naming the parameter on error. */
    public static OptimizerFamily parse(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "sgd", "sgd-momentum", "sgd_momentum" -> SGD_MOMENTUM;
            case "adam" -> ADAM;
            default -> throw new IllegalArgumentException("optimizer: unknown optimizer '" + name
                    + "' (expected sgd or adam)");
        };
    }

    public String id() {
        return this == SGD_MOMENTUM ? "sgd" : "adam";
    }
}
