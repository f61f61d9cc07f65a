package org.learnedlr.nn.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hyper-parameters of {@link Sgd}, with PyTorch's meaning and defaults (torch.optim.SGD):
 * <pre>
 *   g = grad + weightDecay * p
 *   buf = (first step) ? g : momentum * buf + (1 - dampening) * g        (when momentum != 0)
 *   d = nesterov ? g + momentum * buf : buf                               (d = g when momentum == 0)
 *   p = p - lr * d
 * </pre>
 *
 * @param lr          learning rate, finite and >= 0 (default 1e-3)
 * @param momentum    momentum factor in [0, 1) (default 0)
 * @param dampening   dampening of the momentum in [0, 1] (default 0)
 * @param weightDecay L2 penalty added to the gradient, finite and >= 0 (default 0)
 * @param nesterov    Nesterov momentum; needs momentum > 0 and dampening = 0 (default false)
 */
public record SgdConfig(double lr, double momentum, double dampening, double weightDecay, boolean nesterov)
        implements OptimizerConfig<SgdConfig> {
    public static final double DEFAULT_LR = 1e-3;

    private static final String NAME = "SgdConfig";
    private static final Set<String> KEYS = Set.of("lr", "momentum", "dampening", "weight_decay", "nesterov");

    public SgdConfig {
        Checks.nonNegative(NAME, "lr", lr);
        Checks.unitOpen(NAME, "momentum", momentum);
        Checks.unitClosed(NAME, "dampening", dampening);
        Checks.nonNegative(NAME, "weightDecay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException(NAME + ": nesterov needs momentum > 0 and dampening = 0, got momentum "
                    + momentum + " and dampening " + dampening);
        }
    }

    /** PyTorch's defaults: lr 1e-3, no momentum, no dampening, no weight decay, no Nesterov. */
    public static SgdConfig defaults() {
        return new SgdConfig(DEFAULT_LR, 0, 0, 0, false);
    }

    /** The defaults with this learning rate. */
    public static SgdConfig of(double lr) {
        return defaults().withLr(lr);
    }

    @Override
    public SgdConfig withLr(double v) {
        return new SgdConfig(v, momentum, dampening, weightDecay, nesterov);
    }

    public SgdConfig withMomentum(double v) {
        return new SgdConfig(lr, v, dampening, weightDecay, nesterov);
    }

    public SgdConfig withDampening(double v) {
        return new SgdConfig(lr, momentum, v, weightDecay, nesterov);
    }

    public SgdConfig withWeightDecay(double v) {
        return new SgdConfig(lr, momentum, dampening, v, nesterov);
    }

    public SgdConfig withNesterov(boolean v) {
        return new SgdConfig(lr, momentum, dampening, weightDecay, v);
    }

    @Override
    public Map<String, Double> toScalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("momentum", momentum);
        m.put("dampening", dampening);
        m.put("weight_decay", weightDecay);
        m.put("nesterov", nesterov ? 1.0 : 0.0);
        return m;
    }

    /** The inverse of {@link #toScalars()}; the keys must be exactly those it writes. */
    public static SgdConfig fromScalars(Map<String, Double> s) {
        Scalars.requireKeys(NAME, s, KEYS);
        return new SgdConfig(s.get("lr"), s.get("momentum"), s.get("dampening"), s.get("weight_decay"),
                Scalars.bool(NAME, "nesterov", s.get("nesterov")));
    }
}
