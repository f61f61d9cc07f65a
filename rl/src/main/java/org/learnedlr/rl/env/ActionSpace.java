package org.learnedlr.rl.env;

/**
 * The learned scheduler's action: a relative change of the learning rate, a = log(eta_next / eta_now), clamped to
 * [-maxLogChange, maxLogChange] per decision, with eta kept inside a band relative to the base LR:
 * [bandLow * eta0, bandHigh * eta0]. Relative actions are what worked in every published controller; the band
 * leaves room above eta0 (a too-low base LR can be corrected) and a floor above 0 (a schedule that decays "to 0"
 * holds the floor).
 *
 * <p>Defaults (chosen by measurement, see docs/environment.md): maxLogChange = ln 100, so the first decision can
 * start a warm-up at eta0 / 100 or cut a dangerous base LR a hundredfold at once; band [1e-3, 10] x eta0.
 *
 * @param maxLogChange the largest |a| per decision
 * @param bandLow      the floor, as a fraction of eta0
 * @param bandHigh     the ceiling, as a multiple of eta0
 */
public record ActionSpace(double maxLogChange, double bandLow, double bandHigh) {
    public static final ActionSpace DEFAULT = new ActionSpace(Math.log(100), 1e-3, 10.0);

    public ActionSpace {
        if (!(maxLogChange > 0) || Double.isInfinite(maxLogChange)) {
            throw new IllegalArgumentException("maxLogChange: must be finite and > 0, got " + maxLogChange);
        }
        if (!(bandLow > 0 && bandLow <= 1)) {
            throw new IllegalArgumentException("bandLow: must be in (0, 1], got " + bandLow);
        }
        if (!(bandHigh >= 1) || Double.isInfinite(bandHigh)) {
            throw new IllegalArgumentException("bandHigh: must be finite and >= 1, got " + bandHigh);
        }
    }

    /** The action clamped to the per-decision limit; NaN counts as 0 (keep the LR). */
    public double clampAction(double a) {
        if (a != a) {
            return 0.0;
        }
        return Math.max(-maxLogChange, Math.min(maxLogChange, a));
    }

    /** eta kept inside the band. */
    public double clampToBand(double lr, double eta0) {
        return Math.max(bandLow * eta0, Math.min(bandHigh * eta0, lr));
    }

    /** The LR after action {@code a} from {@code lrNow}. */
    public double apply(double lrNow, double a, double eta0) {
        return clampToBand(lrNow * Math.exp(clampAction(a)), eta0);
    }

    /** The action that moves {@code lrNow} as close to {@code target} as the clamp and band allow. */
    public double actionToward(double lrNow, double target, double eta0) {
        return clampAction(Math.log(clampToBand(target, eta0) / lrNow));
    }
}
