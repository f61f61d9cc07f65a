package org.learnedlr.nn.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hyper-parameters of {@link Adadelta}, with PyTorch's meaning and defaults (torch.optim.Adadelta):
 * <pre>
 *   g = grad + weightDecay * p
 *   s = rho * s + (1 - rho) * g^2                         (square_avg)
 *   d = sqrt(u + eps) / sqrt(s + eps) * g                 (u: acc_delta, before its update)
 *   u = rho * u + (1 - rho) * d^2
 *   p = p - lr * d
 * </pre>
 *
 * @param lr          scale of the update, finite and >= 0 (default 1.0)
 * @param rho         decay of both running averages in [0, 1] (default 0.9)
 * @param eps         finite and >= 0 (default 1e-6)
 * @param weightDecay L2 penalty added to the gradient, finite and >= 0 (default 0)
 */
public record AdadeltaConfig(double lr, double rho, double eps, double weightDecay)
        implements OptimizerConfig<AdadeltaConfig> {
    public static final double DEFAULT_LR = 1.0;
    public static final double DEFAULT_RHO = 0.9;
    public static final double DEFAULT_EPS = 1e-6;

    private static final String NAME = "AdadeltaConfig";
    private static final Set<String> KEYS = Set.of("lr", "rho", "eps", "weight_decay");

    public AdadeltaConfig {
        Checks.nonNegative(NAME, "lr", lr);
        Checks.unitClosed(NAME, "rho", rho);
        Checks.nonNegative(NAME, "eps", eps);
        Checks.nonNegative(NAME, "weightDecay", weightDecay);
    }

    /** PyTorch's defaults: lr 1.0, rho 0.9, eps 1e-6, no weight decay. */
    public static AdadeltaConfig defaults() {
        return new AdadeltaConfig(DEFAULT_LR, DEFAULT_RHO, DEFAULT_EPS, 0);
    }

    @Override
    public AdadeltaConfig withLr(double v) {
        return new AdadeltaConfig(v, rho, eps, weightDecay);
    }

    public AdadeltaConfig withRho(double v) {
        return new AdadeltaConfig(lr, v, eps, weightDecay);
    }

    public AdadeltaConfig withEps(double v) {
        return new AdadeltaConfig(lr, rho, v, weightDecay);
    }

    public AdadeltaConfig withWeightDecay(double v) {
        return new AdadeltaConfig(lr, rho, eps, v);
    }

    @Override
    public Map<String, Double> toScalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("rho", rho);
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
        return m;
    }

    /** The inverse of {@link #toScalars()}; the keys must be exactly those it writes. */
    public static AdadeltaConfig fromScalars(Map<String, Double> s) {
        Scalars.requireKeys(NAME, s, KEYS);
        return new AdadeltaConfig(s.get("lr"), s.get("rho"), s.get("eps"), s.get("weight_decay"));
    }
}
