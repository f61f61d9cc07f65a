package org.learnedlr.rl.eval;

import java.util.function.UnaryOperator;
import org.learnedlr.rl.env.Observation;

/**
 * The blind-window ablation: every decision sees an empty, fully masked window — exactly what the policy sees at
 * step 0 — and the true summary token (left-step fraction, current LR, base LR, optimizer). What is left is an
 * open-loop schedule computed from the globals alone, so the gap between the policy and its blind self measures
 * how much it acts on what happened in the run (its losses, gradient norms and past LRs) at all.
 */
public final class WindowBlind implements UnaryOperator<Observation> {
    @Override
    public Observation apply(Observation o) {
        return new Observation(new float[o.patches().length], new float[o.patchCount()], o.globals().clone(),
                o.patchFeatures());
    }
}
