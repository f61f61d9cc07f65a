package org.learnedlr.rl.ppo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.learnedlr.nn.Module;
import org.learnedlr.nn.io.Checkpoint;
import org.learnedlr.nn.io.SafeTensors;
import org.learnedlr.nn.optim.Optimizer;
import org.learnedlr.nn.optim.OptimizerState;
import org.learnedlr.rl.policy.Agent;
import org.learnedlr.tensor.Backends;
import org.learnedlr.tensor.Tensor;

/**
 * A PPO run's whole state in one safetensors file, written atomically (temporary file, fsync, rename), so a kill
 * leaves the previous checkpoint or the new one, never half of either:
 * <ul>
 *   <li>tensors {@code actor.*}, {@code critic.*}, {@code reference.*} (the frozen starting policy the KL term
 *       pulls toward): the modules' state dicts (normalisation statistics included, as buffers);</li>
 *   <li>tensors and metadata {@code actor_optimizer.*}, {@code critic_optimizer.*}: the Adam states;</li>
 *   <li>metadata {@code ppo.iterations_done}, {@code ppo.trainee_steps}, {@code ppo.agent}, the reward
 *       normaliser's statistics, and every result-determining setting ({@link PpoConfig#identity()}) under
 *       {@code ppo.config.*}.</li>
 * </ul>
 * There is no generator state to save: every iteration's random numbers come from a generator seeded by (the
 * run's seed, the iteration), so the iteration count is the RNG state.
 */
public final class PpoCheckpoint {
    public static final String FILE = "checkpoint.safetensors";
    public static final String FORMAT_KEY = "learnedlr.format";
    public static final String FORMAT = "ppo-checkpoint-1";
    private static final String ACTOR = "actor.";
    private static final String CRITIC = "critic.";
    private static final String REFERENCE = "reference.";
    private static final String ACTOR_OPT = "actor_optimizer.";
    private static final String CRITIC_OPT = "critic_optimizer.";

    private PpoCheckpoint() {
    }

    /** Counters saved beside the weights. */
    public record Progress(int iterationsDone, long traineeSteps, RunningMeanStd rewardStats) {
    }

    /** Writes the state atomically. */
    public static void save(Path file, PpoConfig config, Agent agent, Agent reference, Optimizer<?> actorOptimizer,
                            Optimizer<?> criticOptimizer, Progress progress) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT_KEY, FORMAT);
        put(tensors, ACTOR, agent.actor());
        put(tensors, CRITIC, agent.critic());
        put(tensors, REFERENCE, reference.actor());
        Checkpoint.putOptimizer(ACTOR_OPT, actorOptimizer.stateDict(), tensors, meta);
        Checkpoint.putOptimizer(CRITIC_OPT, criticOptimizer.stateDict(), tensors, meta);
        meta.put("ppo.agent", agent.kind());
        meta.put("ppo.iterations_done", Integer.toString(progress.iterationsDone()));
        meta.put("ppo.trainee_steps", Long.toString(progress.traineeSteps()));
        RunningMeanStd r = progress.rewardStats();
        meta.put("ppo.reward_stats.mean", Double.toString(r.mean()[0]));
        meta.put("ppo.reward_stats.var", Double.toString(r.var()[0]));
        meta.put("ppo.reward_stats.count", Double.toString(r.count()));
        config.identity().forEach((k, v) -> meta.put("ppo.config." + k, v));
        SafeTensors.write(file, tensors, meta);
    }

    /** The trainee steps a run has spent so far, read from its checkpoint's header alone. */
    public static long traineeSteps(Path file) throws IOException {
        Map<String, String> meta = SafeTensors.readHeader(file).metadata();
        if (!FORMAT.equals(meta.get(FORMAT_KEY))) {
            throw new IOException(file + ": not a PPO checkpoint (" + FORMAT_KEY + " is " + meta.get(FORMAT_KEY) + ")");
        }
        String s = meta.get("ppo.trainee_steps");
        if (s == null) {
            throw new IOException(file + ": no ppo.trainee_steps in the checkpoint");
        }
        return Long.parseLong(s);
    }

    private static void put(Map<String, Tensor> out, String prefix, Module m) {
        m.stateDict().forEach((k, v) -> out.put(prefix + k, v));
    }

    /**
     * Loads a checkpoint into the agent, the reference and both optimizers. Everything is checked first (the
     * format, the agent's kind, the configuration, every tensor's name, shape and dtype, the optimizer states);
     * on any mismatch nothing is modified and the error names it.
     */
    public static Progress load(Path file, PpoConfig config, Agent agent, Agent reference,
                                Optimizer<?> actorOptimizer, Optimizer<?> criticOptimizer) throws IOException {
        SafeTensors.Contents c = read(file, agent);
        Map<String, String> meta = c.metadata();
        Map<String, String> want = config.identity();
        List<String> differ = new ArrayList<>();
        want.forEach((k, v) -> {
            if (!v.equals(meta.get("ppo.config." + k))) {
                differ.add(k + " (checkpoint " + meta.get("ppo.config." + k) + ", now " + v + ")");
            }
        });
        if (!differ.isEmpty()) {
            throw new IOException(file + ": written under other PPO settings: " + String.join(", ", differ));
        }
        Map<String, Tensor> actor = part(c.tensors(), ACTOR);
        Map<String, Tensor> critic = part(c.tensors(), CRITIC);
        Map<String, Tensor> ref = part(c.tensors(), REFERENCE);
        check(file, "actor", agent.actor(), actor);
        check(file, "critic", agent.critic(), critic);
        check(file, "reference", reference.actor(), ref);
        OptimizerState a = Checkpoint.getOptimizer(file, ACTOR_OPT, c.tensors(), meta);
        OptimizerState b = Checkpoint.getOptimizer(file, CRITIC_OPT, c.tensors(), meta);
        try {
            actorOptimizer.checkStateDict(a);
            criticOptimizer.checkStateDict(b);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": optimizer state does not fit: " + e.getMessage(), e);
        }
        Progress p;
        try {
            p = new Progress(Integer.parseInt(meta.get("ppo.iterations_done")),
                    Long.parseLong(meta.get("ppo.trainee_steps")),
                    new RunningMeanStd(new double[]{Double.parseDouble(meta.get("ppo.reward_stats.mean"))},
                            new double[]{Double.parseDouble(meta.get("ppo.reward_stats.var"))},
                            Double.parseDouble(meta.get("ppo.reward_stats.count"))));
        } catch (RuntimeException e) {
            throw new IOException(file + ": progress metadata is missing or malformed: " + e.getMessage(), e);
        }
        agent.actor().loadStateDict(actor);
        agent.critic().loadStateDict(critic);
        reference.actor().loadStateDict(ref);
        actorOptimizer.loadStateDict(a);
        criticOptimizer.loadStateDict(b);
        return p;
    }

    /** Loads only the actor and critic of a checkpoint into {@code agent} (to use or inspect a run's result). */
    public static void loadAgent(Path file, Agent agent) throws IOException {
        SafeTensors.Contents c = read(file, agent);
        Map<String, Tensor> actor = part(c.tensors(), ACTOR);
        Map<String, Tensor> critic = part(c.tensors(), CRITIC);
        check(file, "actor", agent.actor(), actor);
        check(file, "critic", agent.critic(), critic);
        agent.actor().loadStateDict(actor);
        agent.critic().loadStateDict(critic);
    }

    private static SafeTensors.Contents read(Path file, Agent agent) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file, Backends.defaultBackend());
        if (!FORMAT.equals(c.metadata().get(FORMAT_KEY))) {
            throw new IOException(file + ": not a PPO checkpoint (" + FORMAT_KEY + " is "
                    + c.metadata().get(FORMAT_KEY) + ")");
        }
        if (!agent.kind().equals(c.metadata().get("ppo.agent"))) {
            throw new IOException(file + ": holds a '" + c.metadata().get("ppo.agent") + "' agent, not '"
                    + agent.kind() + "'");
        }
        return c;
    }

    private static Map<String, Tensor> part(Map<String, Tensor> all, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    private static void check(Path file, String what, Module m, Map<String, Tensor> given) throws IOException {
        Map<String, Tensor> mine = m.stateDict();
        List<String> missing = new ArrayList<>();
        for (String k : mine.keySet()) {
            if (!given.containsKey(k)) {
                missing.add(k);
            }
        }
        List<String> unexpected = new ArrayList<>();
        for (String k : given.keySet()) {
            if (!mine.containsKey(k)) {
                unexpected.add(k);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new IOException(file + ": the " + what + " does not match"
                    + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (unexpected.isEmpty() ? "" : "; unexpected " + unexpected));
        }
        for (Map.Entry<String, Tensor> e : mine.entrySet()) {
            Tensor t = given.get(e.getKey());
            if (!Arrays.equals(t.shape(), e.getValue().shape()) || t.dtype() != e.getValue().dtype()) {
                throw new IOException(file + ": " + what + " tensor '" + e.getKey() + "' is "
                        + Arrays.toString(t.shape()) + " " + t.dtype() + ", expected "
                        + Arrays.toString(e.getValue().shape()) + " " + e.getValue().dtype());
            }
        }
    }
}
