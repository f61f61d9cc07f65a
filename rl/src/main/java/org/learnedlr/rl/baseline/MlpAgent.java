package org.learnedlr.rl.baseline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.Layer;
import org.learnedlr.nn.Module;
import org.learnedlr.nn.init.Init;
import org.learnedlr.nn.io.Checkpoint;
import org.learnedlr.nn.io.SafeTensors;
import org.learnedlr.nn.layers.Linear;
import org.learnedlr.nn.layers.Sequential;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.env.Subramanian;
import org.learnedlr.rl.policy.Agent;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;

/**
 * The Subramanian et al. baseline's actor-critic, CleanRL's {@code ppo_continuous_action} agent: separate 64-64 tanh
 * MLPs, orthogonal initialisation (gain sqrt 2 on hidden layers, 0.01 on the actor's output, 1 on the critic's;
 * biases 0), a state-independent log-std starting at 0, and running observation normalisation in front of both.
 * <pre>
 *   x      = normalise(o)                                    o: the Subramanian observation vector (2 + G values)
 *   mu(o)  = actor_mean(x)      Linear(D, 64) tanh Linear(64, 64) tanh Linear(64, 1)
 *   V(o)   = critic(x)          Linear(D, 64) tanh Linear(64, 64) tanh Linear(64, 1)
 *   log10(eta) = -3 + 3 a,  a ~ N(mu, exp(actor_logstd)^2)   then clipped by the environment to [-6, 0]
 * </pre>
 * The action is rescaled so that a in [-1, 1] spans the paper's range [1e-6, 1] on a log scale (the usual practice
 * for a Box action space); a fresh policy's mean, close to 0, asks for 1e-3, the range's geometric middle, and its
 * sigma = 1 explores three decades either side.
 *
 * <p>Parameters as CleanRL names them: actor {@code actor_logstd} [1], {@code actor_mean.0/2/4.weight|bias}, buffers
 * {@code obs_rms.mean|var|count}; critic {@code critic.0/2/4.weight|bias}.
 */
public final class MlpAgent implements Agent {
    public static final String KIND = "mlp";
    public static final int HIDDEN = 64;
    /** log10(eta) = ACTION_CENTRE + ACTION_SCALE * a. */
    public static final double ACTION_CENTRE = -3.0;
    public static final double ACTION_SCALE = 3.0;

    private final int dims;
    private final Actor actor;
    private final Critic critic;

    /** A fresh agent for observations of {@code dims} values. */
    public MlpAgent(int dims, Rng rng) {
        this.dims = dims;
        this.actor = new Actor(dims, rng);
        this.critic = new Critic(dims, rng);
    }

    /** tanh as a layer, so the MLPs are Sequentials with CleanRL's indices. */
    static final class Tanh extends Layer {
        @Override
        public Var forward(Var x) {
            return x.tanh();
        }
    }

    static Sequential mlp(int in, double outGain, Rng rng) {
        Linear l0 = new Linear(in, HIDDEN, rng);
        Linear l2 = new Linear(HIDDEN, HIDDEN, rng);
        Linear l4 = new Linear(HIDDEN, 1, rng);
        orthogonal(l0, Math.sqrt(2), rng);
        orthogonal(l2, Math.sqrt(2), rng);
        orthogonal(l4, outGain, rng);
        return new Sequential(l0, new Tanh(), l2, new Tanh(), l4);
    }

    private static void orthogonal(Linear l, double gain, Rng rng) {
        l.weight().value().copyFrom(Init.orthogonal(rng, gain, DType.FLOAT32, l.outFeatures(), l.inFeatures()));
        l.bias().value().fill(0.0);
    }

    /** The actor: normaliser, mean network and log-std. */
    public static final class Actor extends Module {
        private final ObservationNormalizer obsRms;
        private final Sequential actorMean;
        private final Var logStd;

        Actor(int dims, Rng rng) {
            this.logStd = param("actor_logstd", Init.zeros(DType.FLOAT32, 1));
            this.obsRms = child("obs_rms", new ObservationNormalizer(dims));
            this.actorMean = child("actor_mean", mlp(dims, 0.01, rng));
        }

        public ObservationNormalizer normalizer() {
            return obsRms;
        }
    }

    /** The critic: the value network (it reads observations through the actor's normaliser). */
    public static final class Critic extends Module {
        private final Sequential net;

        Critic(int dims, Rng rng) {
            this.net = child("critic", mlp(dims, 1.0, rng));
        }
    }

    public int dims() {
        return dims;
    }

    public ObservationNormalizer normalizer() {
        return actor.obsRms;
    }

    @Override
    public Var actionMean(List<Observation> observations) {
        return actor.actorMean.forward(Var.constant(actor.obsRms.normalize(observations)));   // (B, 1)
    }

    @Override
    public Var logStd() {
        return actor.logStd;
    }

    @Override
    public Var value(List<Observation> observations) {
        Var x = Var.constant(actor.obsRms.normalize(observations));                          // (B, D)
        return critic.net.forward(x).reshape(observations.size());                            // (B)
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
    public MlpAgent copy() {
        MlpAgent c = new MlpAgent(dims, new Rng(0));
        c.actor.loadStateDict(actor.stateDict());
        c.critic.loadStateDict(critic.stateDict());
        return c;
    }

    @Override
    public void setLogStd(double value) {
        actor.logStd.value().fill(value);
    }

    /** log10(eta) = -3 + 3 a (the environment clips it to [-6, 0]). */
    @Override
    public double toEnvAction(double action) {
        return ACTION_CENTRE + ACTION_SCALE * action;
    }

    @Override
    public void updateObservationStatistics(List<Observation> raw) {
        actor.obsRms.update(raw);
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** The learning rate the deterministic policy sets for an observation. */
    public double lr(Observation observation) {
        return Subramanian.lr(toEnvAction(meanAction(observation)));
    }

    /** Saves the actor (weights and normalisation statistics) with a note on how it was made. */
    public void save(Path file, String commit, String trainedBy) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("baseline.kind", "subramanian-ppo-" + KIND);
        meta.put("baseline.dims", Integer.toString(dims));
        meta.put("baseline.commit", commit == null ? "unknown" : commit);
        meta.put("baseline.trained_by", trainedBy == null ? "" : trainedBy);
        Checkpoint.save(file, actor, meta);
    }

    /** Loads an actor saved by {@link #save} into a fresh agent (its critic is untrained). */
    public static MlpAgent load(Path file) throws IOException {
        Map<String, String> meta = SafeTensors.readHeader(file).metadata();
        String d = meta.get("baseline.dims");
        if (d == null || !d.matches("[1-9][0-9]{0,5}")) {
            throw new IOException(file + ": not a saved Subramanian baseline (baseline.dims is " + d + ")");
        }
        MlpAgent a = new MlpAgent(Integer.parseInt(d), new Rng(0));
        Checkpoint.load(file, a.actor);
        return a;
    }
}
