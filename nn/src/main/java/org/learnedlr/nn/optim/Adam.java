package org.learnedlr.nn.optim;

import java.util.List;
import java.util.Map;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.AdamStep;
import org.learnedlr.tensor.Tensor;

/**
 * Adam (Kingma and Ba), as torch.optim.Adam without amsgrad: with g the gradient plus {@code weightDecay * p}
 * (coupled, L2-style decay) and t the parameter's step count from 1,
 * <pre>
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 * The bias corrections use the current beta1 and beta2, so a schedule that changes beta1 (OneCycle) behaves as in
 * PyTorch. The update is the backend's fused {@code adamUpdate}. See {@link AdamW} for decoupled decay.
 */
public class Adam extends Optimizer<AdamConfig> implements HasMomentum {
    static final String TYPE = "Adam";

    private final boolean decoupled;

    /** One group of parameters with one configuration (see {@link AdamConfig#adam()} for the defaults). */
    public Adam(List<Var> params, AdamConfig config) {
        this(single(params, config));
    }

    /** Several groups, each with its own configuration. */
    public Adam(List<ParamGroup<AdamConfig>> groups) {
        this(TYPE, groups, false);
    }

    Adam(String type, List<ParamGroup<AdamConfig>> groups, boolean decoupled) {
        super(type, groups, List.of("exp_avg", "exp_avg_sq"), true);
        this.decoupled = decoupled;
    }

    @Override
    protected final void update(int index, AdamConfig c, Tensor param, Tensor grad) {
        Tensor m = slot(index, 0, param);
        Tensor v = slot(index, 1, param);
        long t = nextStep(index);
        AdamStep s = new AdamStep(c.lr(), c.beta1(), c.beta2(), c.eps(), c.weightDecay(), decoupled, t);
        param.backend().adamUpdate(param, grad, m, v, s);
    }

    @Override
    protected final AdamConfig configFromScalars(Map<String, Double> scalars) {
        return AdamConfig.fromScalars(scalars);
    }

    /** beta1 of a group. */
    @Override
    public final double momentum(int group) {
        return paramGroup(group).config().beta1();
    }

    /** Sets beta1 of every group. */
    @Override
    public final void setMomentum(double beta1) {
        updateAll(c -> c.withBeta1(beta1));
    }

    /** Sets beta1 of one group. */
    @Override
    public final void setMomentum(int group, double beta1) {
        ParamGroup<AdamConfig> g = paramGroup(group);
        g.setConfig(g.config().withBeta1(beta1));
    }
}
