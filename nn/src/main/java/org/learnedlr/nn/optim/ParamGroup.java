package org.learnedlr.nn.optim;

import java.util.List;
import java.util.Objects;
import org.learnedlr.autograd.Var;

/**
 * Some parameters and the hyper-parameters they are trained with. The configuration is an immutable record that
 * may be replaced between any two steps (a schedule sets the learning rate, OneCycle the momentum too); the
 * parameters are fixed.
 *
 * @param <C> the optimizer's configuration record
 */
public final class ParamGroup<C extends OptimizerConfig<C>> {
    private final List<Var> params;
    private C config;

    /**
     * @param params trainable parameters ({@link Var#requiresGrad()}), at least one, none twice
     * @param config their hyper-parameters
     */
    public ParamGroup(List<Var> params, C config) {
        Objects.requireNonNull(params, "ParamGroup: params");
        this.config = Objects.requireNonNull(config, "ParamGroup: config");
        if (params.isEmpty()) {
            throw new IllegalArgumentException("ParamGroup: no parameters given");
        }
        for (int i = 0; i < params.size(); i++) {
            Var p = Objects.requireNonNull(params.get(i), "ParamGroup: parameter " + i);
            if (!p.requiresGrad() || !p.isLeaf()) {
                throw new IllegalArgumentException("ParamGroup: parameter " + i + " is not a trainable leaf ("
                        + p + "); optimizers update parameters made by Var.param");
            }
        }
        this.params = List.copyOf(params);
    }

    /** The parameters, in the order their state is indexed. */
    public List<Var> params() {
        return params;
    }

    public C config() {
        return config;
    }

    /** Replaces the hyper-parameters; takes effect at the next step. */
    public void setConfig(C config) {
        this.config = Objects.requireNonNull(config, "ParamGroup: config");
    }

    public double lr() {
        return config.lr();
    }

    /** Sets the learning rate of this group; a negative or non-finite one is rejected. */
    public void setLr(double lr) {
        config = config.withLr(lr);
    }
}
