package org.learnedlr.nn.optim;

import java.util.Map;

/**
 * The hyper-parameters of one parameter group: an immutable, validated record. The learning rate is common to all
 * optimizers, so that a schedule can set it without knowing which optimizer it drives.
 *
 * @param <C> the record type itself
 */
public interface OptimizerConfig<C extends OptimizerConfig<C>> {

    /** The learning rate, finite and >= 0. */
    double lr();

    /** A copy with another learning rate (validated). */
    C withLr(double lr);

    /**
     * Every hyper-parameter by its PyTorch name (booleans as 0 or 1), in a fixed order; what a state dict stores and
     * the record's {@code fromScalars} reads back exactly.
     */
    Map<String, Double> toScalars();
}
