package org.learnedlr.rl.schedule;

import java.util.Map;

/**
 * A schedule that observes training: it is fed each step's {@link StepSignals} and asked for the LR of the next step.
 * Unlike a {@link Schedule} it has state, so it can save and restore it. Like a Schedule it never touches an
 * optimizer: it returns the LR, and the training run sets it.
 *
 * <p>The protocol, one call of each per step: {@link #lr()} gives the LR for the next step (before any observation:
 * the initial LR); the step is taken with it; {@link #observe} is given that step's signals and updates the state;
 * then {@code lr()} gives the LR for the following step.
 *
 * <pre>{@code
 * ObservingSchedule plateau = new ReduceLROnPlateau(0.1, ReduceLROnPlateau.Config.DEFAULTS);
 * while (!run.finished()) {
 *     StepResult r = run.step(plateau.lr());
 *     plateau.observe(new StepSignals(r.step(), r.trainLoss(), validation(r), r.lr(), r.gradNorms()));
 * }
 * }</pre>
 */
public interface ObservingSchedule {

    /** The LR to use for the next step. */
    double lr();

    /** Takes the signals of the step just taken (with the LR of {@link #lr()}) and updates the state. */
    void observe(StepSignals signals);

    /** A short, stable name for tables and plots. */
    String name();

    /** The state as a small map of named scalars ({@link Double} or {@link Long} values), enough to resume. */
    Map<String, Number> stateDict();

    /**
     * Restores a state written by {@link #stateDict()}; validated as a whole before anything changes, so a bad map
     * leaves the schedule as it was. Unknown or missing keys, and values of the wrong kind, are rejected.
     */
    void loadStateDict(Map<String, ? extends Number> state);
}
