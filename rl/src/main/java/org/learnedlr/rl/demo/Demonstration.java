package org.learnedlr.rl.demo;

import java.util.List;
import org.learnedlr.rl.env.SignalHistory;
import org.learnedlr.rl.env.StepSignal;

/**
 * One expert episode as stored: who acted, on what run, every step's raw signals, and every decision. Windows are
 * not stored; {@link org.learnedlr.rl.env.ObservationBuilder} rebuilds them from the signals (about 11 floats a
 * step instead of 22 KB a decision).
 *
 * @param key       identifies the episode in its grid (expert, optimizer, eta0, budget, seed)
 * @param expert    the expert schedule's name
 * @param episode   the episode's configuration (the environment's settings)
 * @param signals   the raw signals of every step, in order
 * @param decisions the decisions, in order
 * @param outcome   how the run ended
 */
public record Demonstration(String key, String expert, EpisodeSpec episode, List<StepSignal> signals,
                            List<Decision> decisions, Outcome outcome) {

    /**
     * One decision.
     *
     * @param step   the step at which it was taken (0, K, 2K, ...)
     * @param action the action taken (log of the LR ratio, clamped)
     * @param lr     the LR it set, used until the next decision
     */
    public record Decision(long step, double action, double lr) {
    }

    /**
     * How the episode ended.
     *
     * @param diverged     whether the run diverged
     * @param testLoss     test-set loss (ln 10 for a diverged run, the loss of chance)
     * @param testAccuracy test-set accuracy (0.1 for a diverged run)
     * @param seconds      wall time of the episode
     */
    public record Outcome(boolean diverged, double testLoss, double testAccuracy, double seconds) {
    }

    /**
     * This episode as a policy without the absolute globals would have seen it: the signals and decisions are the
     * same, only the observation's log10(eta0) and optimizer family are left out (the ablation of DESIGN.md section 3).
     */
    public Demonstration withoutAbsoluteGlobals() {
        return new Demonstration(key, expert, episode.withAbsoluteGlobals(false), signals, decisions, outcome);
    }

    /** The signals as a history, for the ObservationBuilder. */
    public SignalHistory history() {
        SignalHistory h = new SignalHistory(episode.buckets(), episode.decisionInterval());
        for (StepSignal s : signals) {
            h.add(s);
        }
        return h;
    }
}
