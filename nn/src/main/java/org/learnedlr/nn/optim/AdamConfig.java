package org.learnedlr.nn.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Hyper-parameters of {@link Adam} and {@link AdamW}, with PyTorch's meaning (torch.optim.Adam / AdamW). They differ
 * only in how weight decay enters: Adam adds {@code weightDecay * p} to the gradient (an L2 penalty, which the
 * adaptive scaling then distorts); AdamW shrinks the parameter directly, {@code p *= 1 - lr * weightDecay}
 * (Loshchilov and Hutter's decoupled decay). Hence the two sets of defaults: {@link #adam()} has no decay,
 * {@link #adamW()} has 0.01, as in PyTorch.
 *
 * @param lr          learning rate, finite and >= 0 (default 1e-3)
 * @param beta1       decay of the first-moment average in [0, 1) (default 0.9); what OneCycle cycles as "momentum"
 * @param beta2       decay of the second-moment average in [0, 1) (default 0.999)
 * @param eps         added to the denominator, finite and >= 0 (default 1e-8)
 * @param weightDecay finite and >= 0 (default 0 for Adam, 0.01 for AdamW)
 */
public record AdamConfig(double lr, double beta1, double beta2, double eps, double weightDecay)
        implements OptimizerConfig<AdamConfig> {
    public static final double DEFAULT_LR = 1e-3;
    public static final double DEFAULT_BETA1 = 0.9;
    public static final double DEFAULT_BETA2 = 0.999;
    public static final double DEFAULT_EPS = 1e-8;
    public static final double DEFAULT_ADAMW_WEIGHT_DECAY = 0.01;

    private static final String NAME = "AdamConfig";
    private static final Set<String> KEYS = Set.of("lr", "beta1", "beta2", "eps", "weight_decay");

    public AdamConfig {
        Checks.nonNegative(NAME, "lr", lr);
        Checks.unitOpen(NAME, "beta1", beta1);
        Checks.unitOpen(NAME, "beta2", beta2);
        Checks.nonNegative(NAME, "eps", eps);
        Checks.nonNegative(NAME, "weightDecay", weightDecay);
    }

    /** torch.optim.Adam's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static AdamConfig adam() {
        return new AdamConfig(DEFAULT_LR, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, 0);
    }

    /** torch.optim.AdamW's defaults: as Adam's but with weight decay 0.01. */
    public static AdamConfig adamW() {
        return adam().withWeightDecay(DEFAULT_ADAMW_WEIGHT_DECAY);
    }

    @Override
    public AdamConfig withLr(double v) {
        return new AdamConfig(v, beta1, beta2, eps, weightDecay);
    }

    public AdamConfig withBeta1(double v) {
        return new AdamConfig(lr, v, beta2, eps, weightDecay);
    }

    public AdamConfig withBeta2(double v) {
        return new AdamConfig(lr, beta1, v, eps, weightDecay);
    }

    public AdamConfig withEps(double v) {
        return new AdamConfig(lr, beta1, beta2, v, weightDecay);
    }

    public AdamConfig withWeightDecay(double v) {
        return new AdamConfig(lr, beta1, beta2, eps, v);
    }

    @Override
    public Map<String, Double> toScalars() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
        return m;
    }

    /** The inverse of {@link #toScalars()}; the keys must be exactly those it writes. */
    public static AdamConfig fromScalars(Map<String, Double> s) {
        Scalars.requireKeys(NAME, s, KEYS);
        return new AdamConfig(s.get("lr"), s.get("beta1"), s.get("beta2"), s.get("eps"), s.get("weight_decay"));
    }
}
