package org.learnedlr.rl.policy;

import java.util.List;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Module;
import org.learnedlr.nn.init.Init;
import org.learnedlr.nn.layers.Linear;
import org.learnedlr.nn.loss.DiagonalGaussian;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * The actor: a Gaussian policy over the 1-d action a = log(eta_next / eta_now).
 * <pre>
 *   mu(o)   = mean_head(trunk(o))           (B, 1)
 *   sigma   = exp(log_std)                  a learned, state-independent scalar
 *   pi(a|o) = N(a; mu(o), sigma^2)
 * </pre>
 * Evaluation and the embedded scheduler use the mean ({@link #meanAction}); PPO samples. The mean head is
 * initialised orthogonal with gain 0.01 and zero bias (CleanRL), so a fresh policy's mean is close to 0: it keeps
 * the learning rate.
 *
 * <p>Parameters: {@code trunk.*} ({@link TransformerTrunk}), {@code mean_head.weight} [1, d], {@code mean_head.bias},
 * {@code log_std} [1].
 */
public final class TransformerPolicy extends Module {
    /** Gain of the mean head's orthogonal initialisation. */
    public static final double MEAN_HEAD_GAIN = 0.01;

    private final PolicyConfig config;
    private final TransformerTrunk trunk;
    private final Linear meanHead;
    private final Var logStd;

    public TransformerPolicy(PolicyConfig config, Rng rng) {
        this.config = config;
        this.trunk = child("trunk", new TransformerTrunk(config, rng));
        this.meanHead = child("mean_head", new Linear(config.dModel(), 1, rng));
        this.logStd = param("log_std", Init.constant(config.initialLogStd(), DType.FLOAT32, 1));
        TransformerTrunk.orthogonal(meanHead, MEAN_HEAD_GAIN, rng);
    }

    public PolicyConfig config() {
        return config;
    }

    /**
     * Means of the action distribution: (B observations) -> (B, 1). With a level head, the head's output is the
     * LR level to move to and the current level is subtracted (see {@link PolicyConfig#levelHead()}).
     */
    public Var mean(ObservationBatch batch) {
        Var head = meanHead.forward(trunk.forward(batch));                // (B, 1)
        if (!config.levelHead()) {
            return head;
        }
        Tensor current = batch.globals().narrow(1, PolicyConfig.CURRENT_LR_GLOBAL, 1);   // (B, 1)
        return head.sub(Var.constant(current));
    }

    /** Means of the action distribution: (B observations) -> (B, 1). */
    public Var mean(List<Observation> observations) {
        return mean(ObservationBatch.of(observations, config));
    }

    /** The learned log-std: (1). */
    public Var logStd() {
        return logStd;
    }

    /** Sets the log-std (BC holds it fixed; PPO resets it to its exploration level). */
    public void setLogStd(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("logStd: must be finite, got " + value);
        }
        logStd.value().fill(value);
    }

    /** The deterministic action for one observation (eval mode, no gradient). */
    public double meanAction(Observation observation) {
        boolean was = isTraining();
        train(false);
        try (NoGrad ignored = NoGrad.enter()) {
            return mean(List.of(observation)).item();
        } finally {
            train(was);
        }
    }

    /**
     * log pi(a | o) for each observation and its action, through {@link DiagonalGaussian}: (B).
     *
     * @param actions one action per observation
     */
    public Var logProb(List<Observation> observations, double[] actions) {
        if (actions.length != observations.size()) {
            throw new IllegalArgumentException("logProb: " + observations.size() + " observations but "
                    + actions.length + " actions");
        }
        Var a = Var.constant(Tensor.of(actions, actions.length, 1).cast(DType.FLOAT32));   // (B, 1)
        return DiagonalGaussian.logProb(mean(observations), logStd, a);                 // (B)
    }

    /** The policy's entropy (the same for every observation): 0-d. */
    public Var entropy() {
        return DiagonalGaussian.entropy(logStd);
    }
}
