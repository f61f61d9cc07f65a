package org.learnedlr.rl.env;

/**
 * What the policy sees at one decision.
 *
 * <p>For the learned scheduler: {@code patches} holds P patch tokens of {@code patchFeatures} values each (the
 * window's steps, oldest first, each step's features in {@link ObservationBuilder}'s order), {@code patchMask[p]}
 * is 1 where patch p holds at least one recorded step, and {@code globals} the summary token's values. For the
 * Subramanian baseline, only {@code globals} is used (its whole observation vector) and there are no patches.
 *
 * @param patches       P * patchFeatures values, row-major (patch, feature)
 * @param patchMask     P values in {0, 1}
 * @param globals       the summary values
 * @param patchFeatures features per patch token
 */
public record Observation(float[] patches, float[] patchMask, float[] globals, int patchFeatures) {
    public int patchCount() {
        return patchMask.length;
    }
}
