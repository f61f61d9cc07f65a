package org.learnedlr.rl.demo;

import java.util.List;
import org.learnedlr.rl.env.IntervalTerms;
import org.learnedlr.rl.env.RewardConfig;
import org.learnedlr.rl.env.SignalHistory;
import org.learnedlr.rl.env.StepSignal;

/**
 * A recorded episode's reward terms, recomputed from its signals exactly as the environment computed them live
 * (the same {@link IntervalTerms}, the same divergence test), summed over the episode. Because the return is linear
 * in the constants, one replay gives the return under any {@link RewardConfig} with the same divergence factor.
 *
 * @param improvement    sum of the intervals' improvement terms
 * @param smoothness     sum of the smoothness terms
 * @param generalisation sum of the generalisation terms
 * @param diverged       whether an interval diverged (the episode ended there with the penalty)
 */
public record RewardReplay(double improvement, double smoothness, double generalisation, boolean diverged) {

    /** The return under the given constants. */
    public double episodeReturn(RewardConfig c) {
        return improvement - c.smoothness() * smoothness - c.generalisation() * generalisation
                + (diverged ? c.divergencePenalty() : 0);
    }

    /** Replays a demonstration with the given divergence factor (the environment's default is 3). */
    public static RewardReplay of(Demonstration d, double divergenceFactor) {
        EpisodeSpec e = d.episode();
        List<StepSignal> signals = d.signals();
        if (signals.isEmpty()) {
            throw new IllegalArgumentException("demonstration " + d.key() + ": no recorded steps");
        }
        int k = e.decisionInterval();
        int v = e.validationInterval();
        // Before the first validation at step V-1 every step holds the validation loss measured before training.
        IntervalTerms terms = new IntervalTerms(signals.get(0).validationLoss());
        SignalHistory history = new SignalHistory(e.buckets(), k);
        double imp = 0;
        double smooth = 0;
        double gen = 0;
        for (int start = 0; start < signals.size(); start += k) {
            terms.begin();
            boolean diverged = false;
            int end = Math.min(signals.size(), start + k);
            for (int t = start; t < end; t++) {
                StepSignal s = signals.get(t);
                history.add(s);
                terms.add(s.trainLoss(), (t + 1) % v == 0, s.validationLoss());
                if (!Double.isFinite(s.trainLoss()) || !Double.isFinite(s.validationLoss())) {
                    diverged = true;
                    break;
                }
            }
            if (!diverged && history.hasReferences()
                    && terms.meanTrain() > divergenceFactor * history.divergenceReference()) {
                diverged = true;
            }
            if (diverged) {
                return new RewardReplay(imp, smooth, gen, true);
            }
            IntervalTerms.Terms it = terms.end();
            imp += it.improvement();
            smooth += it.smoothness();
            gen += it.generalisation();
        }
        return new RewardReplay(imp, smooth, gen, false);
    }
}
