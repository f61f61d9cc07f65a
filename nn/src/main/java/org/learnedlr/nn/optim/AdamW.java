package org.learnedlr.nn.optim;

import java.util.List;
import org.learnedlr.autograd.Var;

/**
 * AdamW (Loshchilov and Hutter), as torch.optim.AdamW: Adam whose weight decay is decoupled from the gradient. Each
 * step first shrinks the parameter, {@code p = p * (1 - lr * weightDecay)}, then applies Adam's update with the bare
 * gradient; the decay is therefore not rescaled by the second-moment estimate. PyTorch's default weight decay is
 * 0.01 ({@link AdamConfig#adamW()}).
 */
public final class AdamW extends Adam {
    static final String TYPE = "AdamW";

    /** One group of parameters with one configuration (see {@link AdamConfig#adamW()} for the defaults). */
    public AdamW(List<Var> params, AdamConfig config) {
        this(single(params, config));
    }

    /** Several groups, each with its own configuration. */
    public AdamW(List<ParamGroup<AdamConfig>> groups) {
        super(TYPE, groups, true);
    }
}
