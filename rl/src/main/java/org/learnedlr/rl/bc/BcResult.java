package org.learnedlr.rl.bc;

import java.util.List;
import org.learnedlr.rl.env.ActionSpace;
import org.learnedlr.rl.policy.ObservationLayout;
import org.learnedlr.rl.policy.SavedPolicy;
import org.learnedlr.rl.policy.TransformerPolicy;

/**
 * What behavioural cloning produced.
 *
 * @param policy             the actor, with the weights of its best held-out epoch (of the last epoch without a
 *                           held-out split)
 * @param trainLoss          mean squared action error over the training decisions, per epoch run
 * @param heldOutError       root-mean-square action error over the held-out decisions, per epoch run (empty
 *                           without a held-out split); index 0 is epoch 1
 * @param heldOutActionError the best held-out RMS action error (in units of the action, log LR ratio); NaN without
 *                           a held-out split
 * @param initialHeldOutError the held-out RMS action error of the untrained policy (NaN without a split)
 * @param bestEpoch          the epoch (from 1) whose weights were kept
 * @param trainEpisodes      keys of the episodes trained on
 * @param heldOutEpisodes    keys of the held-out episodes
 * @param layout             the observation layout of the demonstrations
 * @param actions            their action space
 */
public record BcResult(TransformerPolicy policy, List<Double> trainLoss, List<Double> heldOutError,
                       double heldOutActionError, double initialHeldOutError, int bestEpoch,
                       List<String> trainEpisodes, List<String> heldOutEpisodes, ObservationLayout layout,
                       ActionSpace actions) {

    public BcResult {
        trainLoss = List.copyOf(trainLoss);
        heldOutError = List.copyOf(heldOutError);
        trainEpisodes = List.copyOf(trainEpisodes);
        heldOutEpisodes = List.copyOf(heldOutEpisodes);
    }

    /** The policy with its description, ready for {@link org.learnedlr.rl.policy.PolicyIO#save}. */
    public SavedPolicy saved(String commit, String trainedBy) {
        return new SavedPolicy(policy, layout, actions, commit, trainedBy);
    }
}
