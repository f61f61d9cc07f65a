package org.learnedlr.rl.schedule;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * PyTorch's {@code OneCycleLR}, with its defaults, as a pure function of the step. With
 * {@code initial = maxLr / divFactor} and {@code min = initial / finalDivFactor}, the phases end at (fractional)
 * steps, exactly as PyTorch computes them:
 * <pre>
 *   two-phase (default):  initial -> maxLr   until e1 = pctStart T - 1
 *                         maxLr   -> min     until T - 1
 *   three-phase:          initial -> maxLr   until e1 = pctStart T - 1
 *                         maxLr   -> initial until e2 = 2 pctStart T - 2
 *                         initial -> min     until T - 1
 * </pre>
 * Within a phase from step a to step b (a = 0 for the first, else the previous phase's end) with q = (t - a)/(b - a),
 * the value goes from {@code start} to {@code end} by cosine, {@code end + (start - end)(1 + cos(pi q))/2}, or
 * linearly, {@code start + (end - start) q}. The momentum (SGD's momentum or Adam's beta1) is cycled inversely with
 * the same q: maxMomentum -> baseMomentum while the LR rises, back to maxMomentum while it falls, and held at
 * maxMomentum in the three-phase schedule's last phase.
 *
 * <p>Deviations from PyTorch, at and past the end: PyTorch raises "Tried to step N times" for steps beyond T and, at
 * step T itself, extrapolates the last phase (q slightly above 1: a little above min with cosine, below it — even
 * negative — with linear). Here every step >= T - 1 gives exactly the final values, lr = min and momentum =
 * maxMomentum (PyTorch's linear anneal computes min at T - 1 as (min - maxLr) 1 + maxLr, a few ulps of maxLr off),
 * so a run that goes on past its planned length keeps training at the floor instead of failing. Phases of zero
 * or negative length, which PyTorch would divide by zero on or skip, are rejected at construction.
 *
 * @param maxLr          the peak LR (the "eta0" of the comparison set)
 * @param totalSteps     T
 * @param pctStart       the fraction of T spent rising, in (0, 1); PyTorch's default 0.3
 * @param anneal         cosine (default) or linear interpolation within a phase
 * @param divFactor      initial = maxLr / divFactor, >= 1; default 25
 * @param finalDivFactor min = initial / finalDivFactor, >= 1; default 1e4
 * @param threePhase     the original Smith and Topin shape (false by default)
 * @param cycleMomentum  whether {@link #momentum} is cycled (true by default); if false it is empty
 * @param baseMomentum   the momentum at the LR's peak, in [0, 1); default 0.85
 * @param maxMomentum    the momentum at the LR's ends, in [0, 1); default 0.95
 */
public record OneCycle(double maxLr, long totalSteps, double pctStart, Anneal anneal, double divFactor,
                       double finalDivFactor, boolean threePhase, boolean cycleMomentum, double baseMomentum,
                       double maxMomentum) implements Schedule {

    public static final double DEFAULT_PCT_START = 0.3;
    public static final double DEFAULT_DIV_FACTOR = 25;
    public static final double DEFAULT_FINAL_DIV_FACTOR = 1e4;
    public static final double DEFAULT_BASE_MOMENTUM = 0.85;
    public static final double DEFAULT_MAX_MOMENTUM = 0.95;

    /** How a phase interpolates between its ends. */
    public enum Anneal {
        COS, LINEAR;

        double at(double start, double end, double q) {
            return switch (this) {
                case COS -> end + (start - end) / 2.0 * (Math.cos(Math.PI * q) + 1);
                case LINEAR -> (end - start) * q + start;
            };
        }

        /** Parses PyTorch's names: cos, linear. */
        public static Anneal parse(String name) {
            return switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "cos", "cosine" -> COS;
                case "linear" -> LINEAR;
                default -> throw new IllegalArgumentException("anneal: unknown anneal strategy '" + name
                        + "' (expected cos or linear)");
            };
        }
    }

    public OneCycle {
        Schedules.checkLr("maxLr", maxLr);
        Schedules.checkSteps("totalSteps", totalSteps);
        if (!(pctStart > 0 && pctStart < 1)) {
            throw new IllegalArgumentException("pctStart: must be in (0, 1), got " + pctStart);
        }
        Schedules.checkNotNull("anneal", anneal);
        checkDiv("divFactor", divFactor);
        checkDiv("finalDivFactor", finalDivFactor);
        checkMomentum("baseMomentum", baseMomentum);
        checkMomentum("maxMomentum", maxMomentum);
        double e1 = pctStart * totalSteps - 1;
        if (!(e1 > 0)) {
            throw new IllegalArgumentException("pctStart: the rising phase must last more than one step, but pctStart * "
                    + "totalSteps = " + pctStart + " * " + totalSteps + " = " + (pctStart * totalSteps) + " <= 1");
        }
        double lastStart = threePhase ? 2 * pctStart * totalSteps - 2 : e1;
        if (!(totalSteps - 1 > lastStart)) {
            throw new IllegalArgumentException("pctStart: the last phase must have positive length, but it would run "
                    + "from step " + lastStart + " to " + (totalSteps - 1) + " (pctStart " + pctStart + ", totalSteps "
                    + totalSteps + (threePhase ? ", three-phase)" : ")"));
        }
    }

    /** PyTorch's defaults: pct_start 0.3, cos, div 25, final div 1e4, two-phase, momentum cycled 0.85-0.95. */
    public OneCycle(double maxLr, long totalSteps) {
        this(maxLr, totalSteps, DEFAULT_PCT_START, Anneal.COS, DEFAULT_DIV_FACTOR, DEFAULT_FINAL_DIV_FACTOR, false,
                true, DEFAULT_BASE_MOMENTUM, DEFAULT_MAX_MOMENTUM);
    }

    private static void checkDiv(String field, double v) {
        if (!(v >= 1) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(field + ": must be finite and >= 1, got " + v);
        }
    }

    private static void checkMomentum(String field, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(field + ": must be in [0, 1), got " + v);
        }
    }

    public OneCycle withThreePhase(boolean on) {
        return new OneCycle(maxLr, totalSteps, pctStart, anneal, divFactor, finalDivFactor, on, cycleMomentum,
                baseMomentum, maxMomentum);
    }

    public OneCycle withAnneal(Anneal a) {
        return new OneCycle(maxLr, totalSteps, pctStart, a, divFactor, finalDivFactor, threePhase, cycleMomentum,
                baseMomentum, maxMomentum);
    }

    public OneCycle withPctStart(double p) {
        return new OneCycle(maxLr, totalSteps, p, anneal, divFactor, finalDivFactor, threePhase, cycleMomentum,
                baseMomentum, maxMomentum);
    }

    public OneCycle withCycleMomentum(boolean on) {
        return new OneCycle(maxLr, totalSteps, pctStart, anneal, divFactor, finalDivFactor, threePhase, on,
                baseMomentum, maxMomentum);
    }

    /** maxLr / divFactor: the LR at step 0. */
    public double initialLr() {
        return maxLr / divFactor;
    }

    /** initialLr / finalDivFactor: the LR from step T - 1 on. */
    public double minLr() {
        return initialLr() / finalDivFactor;
    }

    @Override
    public double lr(long step) {
        Schedules.checkStep(step);
        return evaluate(step, true);
    }

    @Override
    public OptionalDouble momentum(long step) {
        Schedules.checkStep(step);
        return cycleMomentum ? OptionalDouble.of(evaluate(step, false)) : OptionalDouble.empty();
    }

    /** PyTorch's phase walk: the first phase whose end is >= t (the last phase otherwise), then the anneal. */
    private double evaluate(long step, boolean lr) {
        double last = totalSteps - 1;
        if (step >= last) {
            return lr ? minLr() : maxMomentum;   // every last phase ends there; held (PyTorch throws past T)
        }
        double initial = initialLr();
        double min = minLr();
        double e1 = pctStart * totalSteps - 1;
        double t = step;
        if (t <= e1) {
            return lr ? anneal.at(initial, maxLr, t / e1) : anneal.at(maxMomentum, baseMomentum, t / e1);
        }
        if (!threePhase) {
            double q = (t - e1) / (last - e1);
            return lr ? anneal.at(maxLr, min, q) : anneal.at(baseMomentum, maxMomentum, q);
        }
        double e2 = 2 * pctStart * totalSteps - 2;
        if (t <= e2) {
            double q = (t - e1) / (e2 - e1);
            return lr ? anneal.at(maxLr, initial, q) : anneal.at(baseMomentum, maxMomentum, q);
        }
        double q = (t - e2) / (last - e2);
        return lr ? anneal.at(initial, min, q) : anneal.at(maxMomentum, maxMomentum, q);
    }

    @Override
    public String name() {
        return "onecycle";
    }
}
