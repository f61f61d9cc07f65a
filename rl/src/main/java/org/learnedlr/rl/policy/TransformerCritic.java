package org.learnedlr.rl.policy;

import java.util.List;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Module;
import org.learnedlr.nn.layers.Linear;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.tensor.Rng;

/**
 * The critic: V(o) = value_head(trunk(o)), a trunk of the actor's shape with its own weights. The value head is
 * initialised orthogonal with gain 1 and zero bias (CleanRL).
 *
 * <p>Parameters: {@code trunk.*} ({@link TransformerTrunk}), {@code value_head.weight} [1, d], {@code value_head.bias}.
 */
public final class TransformerCritic extends Module {
    private final PolicyConfig config;
    private final TransformerTrunk trunk;
    private final Linear valueHead;

    public TransformerCritic(PolicyConfig config, Rng rng) {
        this.config = config;
        this.trunk = child("trunk", new TransformerTrunk(config, rng));
        this.valueHead = child("value_head", new Linear(config.dModel(), 1, rng));
        TransformerTrunk.orthogonal(valueHead, 1.0, rng);
    }

    public PolicyConfig config() {
        return config;
    }

    /** Values: (B observations) -> (B). */
    public Var value(ObservationBatch batch) {
        return valueHead.forward(trunk.forward(batch)).reshape(batch.size());   // (B)
    }

    /** Values: (B observations) -> (B). */
    public Var value(List<Observation> observations) {
        return value(ObservationBatch.of(observations, config));
    }
}
