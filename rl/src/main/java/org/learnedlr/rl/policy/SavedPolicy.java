package org.learnedlr.rl.policy;

import java.util.Objects;
import org.learnedlr.rl.env.ActionSpace;

/**
 * A policy with everything needed to use it correctly elsewhere: what it observes, how its actions map to
 * learning rates, and where it came from.
 *
 * @param policy    the actor (its {@link PolicyConfig} is {@code policy.config()})
 * @param layout    the observation layout it was trained on
 * @param actions   the action's clamp and band it was trained with
 * @param commit    the commit of the code that trained it ({@code git rev-parse HEAD}), or "unknown"
 * @param trainedBy a free-form note on how it was made (e.g. "bc experts=[cosine]", "ppo from bc-cosine")
 */
public record SavedPolicy(TransformerPolicy policy, ObservationLayout layout, ActionSpace actions, String commit,
                          String trainedBy) {
    public SavedPolicy {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(actions, "actions");
        commit = commit == null || commit.isBlank() ? "unknown" : commit;
        trainedBy = trainedBy == null ? "" : trainedBy;
        if (!policy.config().fits(layout)) {
            throw new IllegalArgumentException("layout: " + layout + " gives " + layout.patches() + " patches of "
                    + layout.patchFeatures() + " features and " + layout.globals() + " globals, but the policy has "
                    + policy.config());
        }
    }

    /** The deterministic action (log(eta_next / eta_now), before the clamp) for an observation. */
    public double meanAction(org.learnedlr.rl.env.Observation observation) {
        return policy.meanAction(observation);
    }
}
