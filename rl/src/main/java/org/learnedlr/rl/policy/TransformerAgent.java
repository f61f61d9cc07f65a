package org.learnedlr.rl.policy;

import java.util.List;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Module;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.tensor.Rng;

/** The learned scheduler's actor-critic pair: a {@link TransformerPolicy} and a {@link TransformerCritic}. */
public final class TransformerAgent implements Agent {
    public static final String KIND = "transformer";

    private final TransformerPolicy actor;
    private final TransformerCritic critic;

    public TransformerAgent(TransformerPolicy actor, TransformerCritic critic) {
        if (!actor.config().equals(critic.config())) {
            throw new IllegalArgumentException("TransformerAgent: actor and critic configurations differ: "
                    + actor.config() + " vs " + critic.config());
        }
        this.actor = actor;
        this.critic = critic;
    }

    /** A fresh pair (PPO from a random policy, or tests). */
    public static TransformerAgent random(PolicyConfig config, Rng rng) {
        return new TransformerAgent(new TransformerPolicy(config, rng), new TransformerCritic(config, rng));
    }

    /** A BC policy (copied, so the caller's stays as it is) with a freshly initialised critic. */
    public static TransformerAgent fromPolicy(TransformerPolicy policy, Rng criticRng) {
        return new TransformerAgent(copyOf(policy), new TransformerCritic(policy.config(), criticRng));
    }

    /** A deep copy of a policy. */
    public static TransformerPolicy copyOf(TransformerPolicy p) {
        TransformerPolicy q = new TransformerPolicy(p.config(), new Rng(0));
        q.loadStateDict(p.stateDict());
        return q;
    }

    public TransformerPolicy policy() {
        return actor;
    }

    public TransformerCritic transformerCritic() {
        return critic;
    }

    @Override
    public Var actionMean(List<Observation> observations) {
        return actor.mean(observations);
    }

    @Override
    public Var logStd() {
        return actor.logStd();
    }

    @Override
    public Var value(List<Observation> observations) {
        return critic.value(observations);
    }

    @Override
    public Module actor() {
        return actor;
    }

    @Override
    public Module critic() {
        return critic;
    }

    @Override
    public TransformerAgent copy() {
        TransformerCritic c = new TransformerCritic(critic.config(), new Rng(0));
        c.loadStateDict(critic.stateDict());
        return new TransformerAgent(copyOf(actor), c);
    }

    @Override
    public void setLogStd(double value) {
        actor.setLogStd(value);
    }

    @Override
    public String kind() {
        return KIND;
    }
}
