package org.learnedlr.rl.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.tensor.Rng;

/**
 * The time-shuffle ablation: each decision, the policy is shown one of the windows its run has produced so far,
 * drawn uniformly (the current one included), with the true summary token. The windows are real windows of this
 * very run — same trainee, same optimizer, same scales — only their order in time is shuffled, so a policy that
 * reacts to the current state of training (a loss spike, a plateau, growing gradient norms) is fed a stale state,
 * while one that follows the clock in its globals is not affected.
 *
 * <p>One instance per run (it keeps the run's windows); seeded, so the ablation is reproducible.
 */
public final class WindowReplay implements UnaryOperator<Observation> {
    private final Rng rng;
    private final List<Observation> seen = new ArrayList<>();

    public WindowReplay(long seed) {
        this.rng = new Rng(seed);
    }

    @Override
    public Observation apply(Observation o) {
        seen.add(o);
        Observation shown = seen.get(rng.nextInt(seen.size()));
        return new Observation(shown.patches().clone(), shown.patchMask().clone(), o.globals().clone(),
                o.patchFeatures());
    }
}
