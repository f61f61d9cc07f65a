package org.learnedlr.rl.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * PyTorch's {@code ReduceLROnPlateau} as an {@link ObservingSchedule}: it watches a metric (the validation loss by
 * default) and multiplies the LR by {@code factor} once the metric has not improved for more than {@code patience}
 * observations. Per observation of the metric m (METHODS.md 1.11, PyTorch's source):
 * <pre>
 *   improved = m &lt; best (1 - threshold)   (min, rel)     m &lt; best - threshold   (min, abs)
 *              m &gt; best (1 + threshold)   (max, rel)     m &gt; best + threshold   (max, abs)
 *   if improved: best = m, bad = 0  else bad += 1          (best starts at +inf for min, -inf for max)
 *   if cooldownCounter &gt; 0: cooldownCounter -= 1, bad = 0
 *   if bad &gt; patience: new = max(lr factor, minLr); if lr - new &gt; eps: lr = new
 *                      cooldownCounter = cooldown, bad = 0
 * </pre>
 * A NaN metric is never an improvement (it counts as a bad observation, as in PyTorch). With patience 0 the LR drops
 * on the first observation that does not improve.
 *
 * <p>One departure, forced by being fed every step: PyTorch's {@code step(metric)} is called only when there is a
 * metric (usually once an epoch). Here a step whose signals lack the monitored value (no validation loss was
 * evaluated at that step) changes nothing, so patience and cooldown count observations of the metric, not steps.
 * There is one LR rather than one per parameter group.
 */
public final class ReduceLROnPlateau implements ObservingSchedule {

    /** Whether a smaller or a larger metric is better. */
    public enum Mode { MIN, MAX }

    /** Whether {@code threshold} is relative to the best value or an absolute margin. */
    public enum ThresholdMode { REL, ABS }

    /** Which signal is watched. */
    public enum Monitor {
        VALIDATION_LOSS, TRAIN_LOSS;

        OptionalDouble of(StepSignals s) {
            return this == VALIDATION_LOSS ? s.validationLoss() : OptionalDouble.of(s.trainLoss());
        }
    }

    /**
     * The settings, with PyTorch's defaults in {@link #DEFAULTS}.
     *
     * @param mode          min (default) or max
     * @param factor        the LR's multiplier on a plateau, in [0, 1); default 0.1
     * @param patience      bad observations tolerated before a reduction, >= 0; default 10
     * @param threshold     the margin an observation must beat, finite and >= 0; default 1e-4
     * @param thresholdMode rel (default) or abs
     * @param cooldown      observations after a reduction during which bad ones are not counted, >= 0; default 0
     * @param minLr         the LR's floor, finite and >= 0; default 0
     * @param eps           a reduction smaller than this is skipped, finite and >= 0; default 1e-8
     * @param monitor       the signal watched; default the validation loss
     */
    public record Config(Mode mode, double factor, int patience, double threshold, ThresholdMode thresholdMode,
                         int cooldown, double minLr, double eps, Monitor monitor) {
        public static final Config DEFAULTS = new Config(Mode.MIN, 0.1, 10, 1e-4, ThresholdMode.REL, 0, 0.0, 1e-8,
                Monitor.VALIDATION_LOSS);

        public Config {
            Schedules.checkNotNull("mode", mode);
            if (!(factor >= 0 && factor < 1)) {
                throw new IllegalArgumentException("factor: must be in [0, 1), got " + factor);
            }
            if (patience < 0) {
                throw new IllegalArgumentException("patience: must be >= 0, got " + patience);
            }
            if (!(threshold >= 0) || Double.isInfinite(threshold)) {
                throw new IllegalArgumentException("threshold: must be finite and >= 0, got " + threshold);
            }
            Schedules.checkNotNull("thresholdMode", thresholdMode);
            if (cooldown < 0) {
                throw new IllegalArgumentException("cooldown: must be >= 0, got " + cooldown);
            }
            Schedules.checkFloor("minLr", minLr);
            if (!(eps >= 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("eps: must be finite and >= 0, got " + eps);
            }
            Schedules.checkNotNull("monitor", monitor);
        }

        public Config withMode(Mode m) {
            return new Config(m, factor, patience, threshold, thresholdMode, cooldown, minLr, eps, monitor);
        }

        public Config withFactor(double f) {
            return new Config(mode, f, patience, threshold, thresholdMode, cooldown, minLr, eps, monitor);
        }

        public Config withPatience(int p) {
            return new Config(mode, factor, p, threshold, thresholdMode, cooldown, minLr, eps, monitor);
        }

        public Config withThreshold(double t, ThresholdMode tm) {
            return new Config(mode, factor, patience, t, tm, cooldown, minLr, eps, monitor);
        }

        public Config withCooldown(int c) {
            return new Config(mode, factor, patience, threshold, thresholdMode, c, minLr, eps, monitor);
        }

        public Config withMinLr(double m) {
            return new Config(mode, factor, patience, threshold, thresholdMode, cooldown, m, eps, monitor);
        }

        public Config withEps(double e) {
            return new Config(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, e, monitor);
        }

        public Config withMonitor(Monitor m) {
            return new Config(mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps, m);
        }
    }

    private static final String LR = "lr";
    private static final String BEST = "best";
    private static final String NUM_BAD_EPOCHS = "num_bad_epochs";
    private static final String COOLDOWN_COUNTER = "cooldown_counter";
    private static final String LAST_EPOCH = "last_epoch";
    private static final Set<String> KEYS = Set.of(LR, BEST, NUM_BAD_EPOCHS, COOLDOWN_COUNTER, LAST_EPOCH);

    private final Config config;
    private double lr;
    private double best;
    private long numBadEpochs;
    private long cooldownCounter;
    private long lastEpoch;

    /** Starts at {@code eta0}, with nothing observed. */
    public ReduceLROnPlateau(double eta0, Config config) {
        Schedules.checkLr("eta0", eta0);
        this.config = Schedules.checkNotNull("config", config);
        this.lr = eta0;
        this.best = config.mode() == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** With PyTorch's defaults, watching the validation loss. */
    public ReduceLROnPlateau(double eta0) {
        this(eta0, Config.DEFAULTS);
    }

    public Config config() {
        return config;
    }

    @Override
    public double lr() {
        return lr;
    }

    /** The best metric seen so far (+-inf before the first). */
    public double best() {
        return best;
    }

    /** Observations since the last improvement (reset by a reduction and during cooldown). */
    public long numBadEpochs() {
        return numBadEpochs;
    }

    /** Observations left in the current cooldown. */
    public long cooldownCounter() {
        return cooldownCounter;
    }

    /** How many observations of the metric were made. */
    public long lastEpoch() {
        return lastEpoch;
    }

    @Override
    public void observe(StepSignals signals) {
        Schedules.checkNotNull("signals", signals);
        OptionalDouble metric = config.monitor().of(signals);
        if (metric.isPresent()) {
            step(metric.getAsDouble());
        }
    }

    /** PyTorch's {@code step(metrics)}: one observation of the metric. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric, best)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > config.patience()) {
            double reduced = Math.max(lr * config.factor(), config.minLr());
            if (lr - reduced > config.eps()) {
                lr = reduced;
            }
            cooldownCounter = config.cooldown();
            numBadEpochs = 0;
        }
    }

    private boolean isBetter(double a, double best) {
        double th = config.threshold();
        if (config.mode() == Mode.MIN) {
            return config.thresholdMode() == ThresholdMode.REL ? a < best * (1.0 - th) : a < best - th;
        }
        return config.thresholdMode() == ThresholdMode.REL ? a > best * (th + 1.0) : a > best + th;
    }

    @Override
    public String name() {
        return "plateau";
    }

    @Override
    public Map<String, Number> stateDict() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put(LR, lr);
        m.put(BEST, best);
        m.put(NUM_BAD_EPOCHS, numBadEpochs);
        m.put(COOLDOWN_COUNTER, cooldownCounter);
        m.put(LAST_EPOCH, lastEpoch);
        return m;
    }

    @Override
    public void loadStateDict(Map<String, ? extends Number> state) {
        StateDicts.requireKeys(state, KEYS);
        double newLr = StateDicts.real(state, LR, false);
        if (newLr < 0) {
            throw new IllegalArgumentException("state.lr: must be >= 0, got " + newLr);
        }
        double newBest = StateDicts.real(state, BEST, true);
        long bad = StateDicts.count(state, NUM_BAD_EPOCHS);
        long cool = StateDicts.count(state, COOLDOWN_COUNTER);
        long epoch = StateDicts.count(state, LAST_EPOCH);
        lr = newLr;
        best = newBest;
        numBadEpochs = bad;
        cooldownCounter = cool;
        lastEpoch = epoch;
    }
}
