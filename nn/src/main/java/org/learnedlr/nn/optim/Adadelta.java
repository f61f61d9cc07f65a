package org.learnedlr.nn.optim;

import java.util.List;
import java.util.Map;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.Tensor;

/**
 * Adadelta (Zeiler), as torch.optim.Adadelta (formula in {@link AdadeltaConfig}). Written with tensor ops: it is
 * not on any hot path, so it needs no fused kernel.
 */
public final class Adadelta extends Optimizer<AdadeltaConfig> {
    static final String TYPE = "Adadelta";

    /** One group of parameters with one configuration (see {@link AdadeltaConfig#defaults()}). */
    public Adadelta(List<Var> params, AdadeltaConfig config) {
        this(single(params, config));
    }

    /** Several groups, each with its own configuration. */
    public Adadelta(List<ParamGroup<AdadeltaConfig>> groups) {
        super(TYPE, groups, List.of("square_avg", "acc_delta"), true);
    }

    @Override
    protected void update(int index, AdadeltaConfig c, Tensor param, Tensor grad) {
        Tensor squareAvg = slot(index, 0, param);
        Tensor accDelta = slot(index, 1, param);
        nextStep(index);
        double rho = c.rho();
        Tensor g = c.weightDecay() != 0 ? grad.add(param.mul(c.weightDecay())) : grad;
        Tensor s = squareAvg.mul(rho).add(g.mul(g).mul(1 - rho));
        Tensor delta = accDelta.add(c.eps()).sqrt().div(s.add(c.eps()).sqrt()).mul(g);
        Tensor u = accDelta.mul(rho).add(delta.mul(delta).mul(1 - rho));
        squareAvg.copyFrom(s);
        accDelta.copyFrom(u);
        param.copyFrom(param.sub(delta.mul(c.lr())));
    }

    @Override
    protected AdadeltaConfig configFromScalars(Map<String, Double> scalars) {
        return AdadeltaConfig.fromScalars(scalars);
    }
}
