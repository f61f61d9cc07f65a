package org.learnedlr.rl.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * PyTorch's scheduler habits over either kind of schedule: {@code step()}, {@code getLastLr()}, and a state to save
 * and load. It never touches an optimizer: it returns the LR (and momentum) and the caller sets them.
 *
 * <p>As in PyTorch, construction performs the initial step: right after it {@code lastEpoch() == 0} and
 * {@link #getLastLr()} is the LR for the first step (index 0). Each {@link #step()} then moves on by one; call it
 * after the optimizer step, as PyTorch asks. For a {@link Schedule}, {@code getLastLr()} after n steps is
 * {@code schedule.lr(n)}. For an {@link ObservingSchedule} there is no LR without signals: call
 * {@link #step(StepSignals)} with what the step just taken produced (a plain {@code step()} is refused with an
 * explanation). {@code step(signals)} also works for a plain Schedule, which ignores them, so one training loop can
 * drive either kind.
 *
 * <pre>{@code
 * LrScheduler sched = LrScheduler.of(Experts.cosine(0.1, 2000));
 * while (!run.finished()) {
 *     StepResult r = run.step(sched.getLastLr(), sched.getLastMomentum());
 *     sched.step();
 * }
 * }</pre>
 *
 * <p>Differences from PyTorch, on purpose: one LR rather than a list per parameter group; the state is a small map of
 * named scalars ({@code last_epoch}, plus the observing schedule's own keys under {@code schedule.}) that is validated as a whole on load;
 * the schedule itself (its parameters) is not in the state — build it again from its configuration, then load the
 * state, which is PyTorch's usual resume pattern too.
 */
public final class LrScheduler {
    private static final String LAST_EPOCH = "last_epoch";
    private static final String PREFIX = "schedule.";

    private final Schedule schedule;          // exactly one of these two is non-null
    private final ObservingSchedule observing;
    private long lastEpoch;

    private LrScheduler(Schedule schedule, ObservingSchedule observing) {
        this.schedule = schedule;
        this.observing = observing;
    }

    /** An adapter over a pure schedule. */
    public static LrScheduler of(Schedule schedule) {
        return new LrScheduler(Schedules.checkNotNull("schedule", schedule), null);
    }

    /** An adapter over a schedule that observes training. */
    public static LrScheduler of(ObservingSchedule schedule) {
        return new LrScheduler(null, Schedules.checkNotNull("schedule", schedule));
    }

    /** How many steps were taken since construction (0 right after it, as in PyTorch). */
    public long lastEpoch() {
        return lastEpoch;
    }

    /** The LR for the next optimizer step. */
    public double getLastLr() {
        return schedule != null ? schedule.lr(lastEpoch) : observing.lr();
    }

    /** The momentum for the next optimizer step, for schedules that cycle it (OneCycle); empty otherwise. */
    public OptionalDouble getLastMomentum() {
        return schedule != null ? schedule.momentum(lastEpoch) : OptionalDouble.empty();
    }

    /** Moves to the next step of a pure schedule. */
    public void step() {
        if (observing != null) {
            throw new IllegalStateException("step(): " + observing.name() + " observes training and needs the step's "
                    + "signals; call step(StepSignals)");
        }
        lastEpoch++;
    }

    /** Moves to the next step, feeding an observing schedule the signals of the step just taken. */
    public void step(StepSignals signals) {
        Schedules.checkNotNull("signals", signals);
        if (observing != null) {
            observing.observe(signals);
        }
        lastEpoch++;
    }

    /** The name of the schedule underneath. */
    public String name() {
        return schedule != null ? schedule.name() : observing.name();
    }

    /**
     * {@code last_epoch} (a Long); for an observing schedule also its own state, each key prefixed with
     * {@code "schedule."} (e.g. {@code schedule.best}).
     */
    public Map<String, Number> stateDict() {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put(LAST_EPOCH, lastEpoch);
        if (observing != null) {
            observing.stateDict().forEach((k, v) -> m.put(PREFIX + k, v));
        }
        return m;
    }

    /**
     * Restores a state written by {@link #stateDict()} of an adapter over an equal schedule. Validated as a whole
     * before anything changes: missing or unknown keys and wrong kinds of value are rejected.
     */
    public void loadStateDict(Map<String, ? extends Number> state) {
        Schedules.checkNotNull("state", state);
        if (observing == null) {
            StateDicts.requireKeys(state, Set.of(LAST_EPOCH));
            lastEpoch = StateDicts.count(state, LAST_EPOCH);
            return;
        }
        if (!state.containsKey(LAST_EPOCH)) {
            throw new IllegalArgumentException("state: missing the key " + LAST_EPOCH);
        }
        long epoch = StateDicts.count(state, LAST_EPOCH);
        Map<String, Number> inner = new LinkedHashMap<>();
        for (Map.Entry<String, ? extends Number> e : state.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(PREFIX)) {
                inner.put(k.substring(PREFIX.length()), e.getValue());
            } else if (!k.equals(LAST_EPOCH)) {
                throw new IllegalArgumentException("state: unknown key " + k);
            }
        }
        observing.loadStateDict(inner);   // validates all of its keys before changing anything
        lastEpoch = epoch;
    }
}
