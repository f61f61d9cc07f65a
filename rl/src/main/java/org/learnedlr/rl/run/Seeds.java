package org.learnedlr.rl.run;

/**
 * The one split of trainee seeds (DESIGN.md section 5), so that no code path can judge on a seed it trained or
 * selected on: training episodes draw from [0, {@link #TRAINING_END}), model selection and PPO monitoring use
 * {@link #VALIDATION}, and judging uses {@link #HELD_OUT}.
 */
public final class Seeds {
    /** One past the last training seed. */
    public static final long TRAINING_END = 1000;

    private static final long[] VALIDATION = {1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009};
    private static final long[] HELD_OUT = {2000, 2001, 2002, 2003, 2004};

    private Seeds() {
    }

    /** Validation seeds: model selection and PPO monitoring. */
    public static long[] validation() {
        return VALIDATION.clone();
    }

    /** Held-out seeds for judging: never used in training or model selection. */
    public static long[] heldOut() {
        return HELD_OUT.clone();
    }
}
