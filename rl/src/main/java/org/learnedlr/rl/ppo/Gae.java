package org.learnedlr.rl.ppo;

/**
 * Generalised advantage estimation (Schulman et al. 2016), as CleanRL computes it, backwards over one sequence of
 * decisions:
 * <pre>
 *   delta_t = r_t + gamma * V_{t+1} * (1 - terminal_t) - V_t
 *   A_t     = delta_t + gamma * lambda * (1 - terminal_t) * A_{t+1}
 *   R_t     = A_t + V_t                                   (the value target, "returns")
 * </pre>
 * terminal_t is true when the episode ended after action t (nothing is bootstrapped through it); V_{n} for the last
 * decision is {@code bootstrapValue}, the value of the observation after it, used only if that step is not terminal
 * (an episode cut short rather than ended). The sequence may hold several episodes back to back.
 */
public final class Gae {
    private Gae() {
    }

    /**
     * @param rewards        r_t, n values
     * @param values         V(o_t), n values
     * @param terminal       whether the episode ended after step t, n values
     * @param bootstrapValue V of the observation after the last step (ignored when the last step is terminal)
     * @return the advantages A_t
     */
    public static double[] advantages(double[] rewards, double[] values, boolean[] terminal, double bootstrapValue,
                                      double gamma, double lambda) {
        int n = rewards.length;
        if (values.length != n || terminal.length != n) {
            throw new IllegalArgumentException("Gae: " + n + " rewards, " + values.length + " values and "
                    + terminal.length + " terminal flags");
        }
        double[] adv = new double[n];
        double next = 0;
        for (int t = n - 1; t >= 0; t--) {
            double nextValue = t == n - 1 ? bootstrapValue : values[t + 1];
            double notDone = terminal[t] ? 0.0 : 1.0;
            double delta = rewards[t] + gamma * nextValue * notDone - values[t];
            next = delta + gamma * lambda * notDone * next;
            adv[t] = next;
        }
        return adv;
    }

    /** R_t = A_t + V_t. */
    public static double[] returns(double[] advantages, double[] values) {
        double[] out = new double[advantages.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = advantages[i] + values[i];
        }
        return out;
    }
}
