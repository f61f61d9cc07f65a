package org.learnedlr.nn.optim;

import java.util.List;
import java.util.Map;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.SgdStep;
import org.learnedlr.tensor.Tensor;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay, exactly as
 * torch.optim.SGD (see {@link SgdConfig} for the formula). The momentum buffer is created at a parameter's first
 * update with momentum != 0 and starts as that update's gradient (with weight decay added), not as zeros.
 * The update is the backend's fused {@code sgdUpdate}.
 */
public final class Sgd extends Optimizer<SgdConfig> implements HasMomentum {
    static final String TYPE = "SGD";

    /** One group of parameters with one configuration. */
    public Sgd(List<Var> params, SgdConfig config) {
        this(single(params, config));
    }

    /** Several groups, each with its own configuration. */
    public Sgd(List<ParamGroup<SgdConfig>> groups) {
        super(TYPE, groups, List.of("momentum_buffer"), false);
    }

    @Override
    protected void update(int index, SgdConfig c, Tensor param, Tensor grad) {
        Tensor buffer = null;
        boolean first = false;
        if (c.momentum() != 0) {
            first = !hasSlot(index, 0);
            buffer = slot(index, 0, param);
        }
        SgdStep s = new SgdStep(c.lr(), c.momentum(), c.dampening(), c.weightDecay(), c.nesterov(), first);
        param.backend().sgdUpdate(param, grad, buffer, s);
    }

    @Override
    protected SgdConfig configFromScalars(Map<String, Double> scalars) {
        return SgdConfig.fromScalars(scalars);
    }

    @Override
    public double momentum(int group) {
        return paramGroup(group).config().momentum();
    }

    @Override
    public void setMomentum(double momentum) {
        updateAll(c -> c.withMomentum(momentum));
    }

    @Override
    public void setMomentum(int group, double momentum) {
        ParamGroup<SgdConfig> g = paramGroup(group);
        g.setConfig(g.config().withMomentum(momentum));
    }
}
