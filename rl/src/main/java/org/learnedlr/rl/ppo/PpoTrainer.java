package org.learnedlr.rl.ppo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.nn.loss.DiagonalGaussian;
import org.learnedlr.nn.optim.Adam;
import org.learnedlr.nn.optim.AdamConfig;
import org.learnedlr.nn.optim.GradClip;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.policy.Agent;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Seeds;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * PPO over any {@link Agent}, in CleanRL's shape: one linear loop per iteration.
 * <pre>
 *   for iteration:
 *       rollout   draw episodes (setting, training seed, sampling seed) from the iteration's generator; run them on
 *                 threads, each on its own copy of the agent
 *       rewards   optionally scaled by the running std of the discounted return
 *       GAE       values from the critic, advantages and returns per episode (episodes end: no bootstrapping)
 *       update    for epoch, for shuffled minibatch:
 *                     loss = pg_loss - ent_coef * entropy + vf_coef * v_loss + kl_coef * kl(pi || pi_ref)
 *                     backward, clip gradient norms, Adam steps (the actor only after the critic warm-up)
 *                 stop the epochs early when approx_kl > target_kl
 *       statistics  fold the iteration's raw observations into the agent's normaliser (if it has one)
 *       log, validate when asked, checkpoint atomically
 * </pre>
 * Resuming: {@link #train} looks for {@value PpoCheckpoint#FILE} in the run directory and, if it is there, continues
 * after its last complete iteration. Each iteration's random numbers come from a generator seeded by (seed,
 * iteration), so a resumed run gives, bit for bit, the result of an uninterrupted one.
 */
public final class PpoTrainer {
    /** Observations per forward pass where no gradient is needed (values, the reference policy's means). */
    private static final int FORWARD_CHUNK = 256;
    public static final String LOG_FILE = "log.csv";

    private final PpoConfig config;
    private final EpisodeSampler sampler;
    private final MnistSplits data;
    private final List<EnvConfig> validation;
    private final EpisodeFunction episodes;

    /**
     * How one training episode is run: a pure function of (a private copy of the agent, the episode's
     * configuration, the sampling seed). The default is {@link RolloutWorker#sample} on the real environment;
     * tests substitute cheap tasks.
     */
    @FunctionalInterface
    public interface EpisodeFunction {
        Trajectory run(Agent agent, EnvConfig config, long seed);
    }

    public PpoTrainer(PpoConfig config, EpisodeSampler sampler, MnistSplits data) {
        this(config, sampler, data, List.of());
    }

    /**
     * @param validation the episodes (settings with their seeds) run deterministically every
     *                   {@link PpoConfig#validateEvery()} iterations
     */
    public PpoTrainer(PpoConfig config, EpisodeSampler sampler, MnistSplits data, List<EnvConfig> validation) {
        this.config = config;
        this.sampler = sampler;
        this.data = data;
        this.validation = List.copyOf(validation);
        this.episodes = (agent, env, seed) -> RolloutWorker.sample(agent, env, seed, data);
    }

    private PpoTrainer(PpoConfig config, EpisodeSampler sampler, MnistSplits data, List<EnvConfig> validation,
                       EpisodeFunction episodes) {
        this.config = config;
        this.sampler = sampler;
        this.data = data;
        this.validation = validation;
        this.episodes = episodes;
    }

    /** The same trainer with another episode function. */
    public PpoTrainer withEpisodes(EpisodeFunction f) {
        return new PpoTrainer(config, sampler, data, validation, f);
    }

    /**
     * A small fixed set for monitoring PPO as it trains: SGD at 0.1 and 1.0 and Adam at 1e-3 (a safe, a
     * near-divergent and an adaptive setting), 2,000 steps, on the first two validation seeds — six episodes, a
     * few percent of an iteration's cost when run every few iterations.
     */
    public static List<EnvConfig> monitoringEpisodes(EnvConfig template) {
        List<EnvConfig> out = new ArrayList<>();
        RunConfig[] settings = {
                RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 2000, 0),
                RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 1.0, 2000, 0),
                RunConfig.of(Trainee.MLP, OptimizerFamily.ADAM, 1e-3, 2000, 0)};
        long[] seeds = Seeds.validation();
        for (RunConfig r : settings) {
            for (int i = 0; i < 2; i++) {
                out.add(template.withRun(r.withSeed(seeds[i])));
            }
        }
        return out;
    }

    /** The validation episodes for some settings: each on every seed of {@link Seeds#validation()}. */
    public static List<EnvConfig> validationEpisodes(List<EnvConfig> settings) {
        List<EnvConfig> out = new ArrayList<>();
        for (EnvConfig s : settings) {
            for (long seed : Seeds.validation()) {
                out.add(s.withRun(s.run().withSeed(seed)));
            }
        }
        return out;
    }

    /** The generator of iteration {@code it}: a pure function of (seed, it). */
    static Rng iterationRng(long seed, int it) {
        return new Rng(new Rng(seed).nextLong() + it);
    }

    /**
     * Trains {@code agent} (updated in place), checkpointing into {@code runDir}; resumes from a checkpoint there.
     *
     * @param log hears each iteration's diagnostics after its checkpoint is written
     */
    public PpoResult train(Agent agent, Path runDir, Consumer<IterationLog> log) throws IOException {
        Files.createDirectories(runDir);
        Path ckpt = runDir.resolve(PpoCheckpoint.FILE);
        Adam actorOpt = new Adam(agent.actor().parameters(),
                AdamConfig.adam().withLr(Math.max(config.actorLr(), 0)).withEps(config.adamEps()));
        Adam criticOpt = new Adam(agent.critic().parameters(),
                AdamConfig.adam().withLr(config.criticLr()).withEps(config.adamEps()));
        Agent reference;
        int start;
        long steps;
        RunningMeanStd rewardStats;
        if (Files.exists(ckpt)) {
            reference = agent.copy();
            PpoCheckpoint.Progress p = PpoCheckpoint.load(ckpt, config, agent, reference, actorOpt, criticOpt);
            start = p.iterationsDone();
            steps = p.traineeSteps();
            rewardStats = p.rewardStats();
        } else {
            if (!Double.isNaN(config.initialLogStd())) {
                agent.setLogStd(config.initialLogStd());
            }
            reference = agent.copy();
            start = 0;
            steps = 0;
            rewardStats = new RunningMeanStd(1);
        }
        rewriteLog(runDir.resolve(LOG_FILE), start);
        agent.actor().train(false);
        agent.critic().train(false);
        reference.actor().train(false);

        List<IterationLog> logs = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "ppo-rollout");
            t.setDaemon(true);
            return t;
        });
        try {
            int it = start;
            while (it < config.maxIterations()
                    && (config.maxTraineeSteps() == 0 || steps < config.maxTraineeSteps())) {
                IterationLog l = iteration(it, agent, reference, actorOpt, criticOpt, rewardStats, steps, pool);
                steps = l.traineeSteps();
                it++;
                boolean last = it >= config.maxIterations()
                        || (config.maxTraineeSteps() > 0 && steps >= config.maxTraineeSteps());
                appendLog(runDir.resolve(LOG_FILE), l);
                if (it % config.checkpointEvery() == 0 || last) {
                    PpoCheckpoint.save(ckpt, config, agent, reference, actorOpt, criticOpt,
                            new PpoCheckpoint.Progress(it, steps, rewardStats));
                }
                logs.add(l);
                log.accept(l);
            }
            return new PpoResult(agent, logs, it, steps);
        } finally {
            pool.shutdownNow();
        }
    }

    private IterationLog iteration(int it, Agent agent, Agent reference, Adam actorOpt, Adam criticOpt,
                                   RunningMeanStd rewardStats, long stepsBefore, ExecutorService pool)
            throws IOException {
        Rng rng = iterationRng(config.seed(), it);

        // ---- rollout ------------------------------------------------------------------------------------------
        long t0 = System.nanoTime();
        long remaining = config.maxTraineeSteps() == 0 ? Long.MAX_VALUE : config.maxTraineeSteps() - stepsBefore;
        List<Callable<Trajectory>> tasks = new ArrayList<>();
        long planned = 0;
        for (int e = 0; e < config.episodesPerIteration(); e++) {
            EnvConfig env = sampler.sample(rng);
            long seed = rng.nextLong();
            if (e > 0 && planned + env.run().steps() > remaining) {
                break;
            }
            planned += env.run().steps();
            Agent snapshot = agent.copy();
            tasks.add(() -> episodes.run(snapshot, env, seed));
        }
        List<Trajectory> trajectories = runAll(pool, tasks);
        double rolloutSeconds = (System.nanoTime() - t0) / 1e9;

        // ---- flatten, rewards, values, GAE --------------------------------------------------------------------
        long t1 = System.nanoTime();
        List<Observation> obs = new ArrayList<>();
        int n = 0;
        for (Trajectory tr : trajectories) {
            obs.addAll(tr.observations());
            n += tr.length();
        }
        double[] oldValues = values(agent, obs);
        double[] actions = new double[n];
        double[] oldLogProbs = new double[n];
        double[] advantages = new double[n];
        double[] returns = new double[n];
        double[][] scaledRewards = scaledRewards(trajectories, rewardStats);
        long steps = stepsBefore;
        double retSum = 0;
        double valSum = 0;
        int valCount = 0;
        int divergedCount = 0;
        int at = 0;
        for (int k = 0; k < trajectories.size(); k++) {
            Trajectory tr = trajectories.get(k);
            int len = tr.length();
            double[] v = java.util.Arrays.copyOfRange(oldValues, at, at + len);
            boolean[] terminal = new boolean[len];
            terminal[len - 1] = tr.terminated();
            double bootstrap = tr.terminated() ? 0.0 : values(agent, List.of(tr.finalObservation()))[0];
            double[] adv = Gae.advantages(scaledRewards[k], v, terminal, bootstrap, config.gamma(),
                    config.gaeLambda());
            double[] ret = Gae.returns(adv, v);
            System.arraycopy(adv, 0, advantages, at, len);
            System.arraycopy(ret, 0, returns, at, len);
            System.arraycopy(tr.actions(), 0, actions, at, len);
            System.arraycopy(tr.logProbs(), 0, oldLogProbs, at, len);
            at += len;
            steps += tr.traineeSteps();
            retSum += tr.episodeReturn();
            if (tr.diverged()) {
                divergedCount++;
            } else {
                valSum += tr.finalValidationLoss();
                valCount++;
            }
        }

        // ---- update -------------------------------------------------------------------------------------------
        boolean actorMoves = config.actorMovesAt(it);
        double actorLr = config.actorLrAt(it);
        double klCoef = actorMoves ? config.klCoefAt(it) : 0.0;
        actorOpt.setLr(actorLr);
        double[] refMean = klCoef > 0 ? means(reference, obs) : null;
        double refLogStd = reference.logStd().item();
        int mb = (n + config.minibatches() - 1) / config.minibatches();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        double pgSum = 0;
        double vSum = 0;
        double klSum = 0;
        int batches = 0;
        long clipped = 0;
        long seen = 0;
        double lastEpochKl = 0;
        int epochs = 0;
        for (int epoch = 0; epoch < config.updateEpochs(); epoch++) {
            rng.shuffle(idx);
            double epochKl = 0;
            int epochBatches = 0;
            for (int s = 0; s < n; s += mb) {
                int b = Math.min(mb, n - s);
                int[] sel = java.util.Arrays.copyOfRange(idx, s, s + b);
                List<Observation> mo = new ArrayList<>(b);
                for (int i : sel) {
                    mo.add(obs.get(i));
                }
                actorOpt.zeroGrad();
                criticOpt.zeroGrad();
                Var newValue = agent.value(mo);                                              // (b)
                Var vLoss = PpoLosses.vLoss(newValue, pick(oldValues, sel), pick(returns, sel), config.clipCoef(),
                        config.clipValueLoss());
                Var loss = vLoss.mul(config.vfCoef());
                if (actorMoves) {
                    Var mean = agent.actionMean(mo);                                         // (b, 1)
                    Var logStd = agent.logStd();                                             // (1)
                    Var a = Var.constant(Tensor.of(toFloat(pick(actions, sel)), b, 1));      // (b, 1)
                    Var newLogProb = DiagonalGaussian.logProb(mean, logStd, a);              // (b)
                    double[] mbAdv = pick(advantages, sel);
                    if (config.normalizeAdvantages()) {
                        mbAdv = PpoLosses.normalize(mbAdv);
                    }
                    double[] oldLp = pick(oldLogProbs, sel);
                    Var pgLoss = PpoLosses.pgLoss(newLogProb, oldLp, mbAdv, config.clipCoef());
                    Var entropy = DiagonalGaussian.entropy(logStd);                          // ()
                    loss = pgLoss.sub(entropy.mul(config.entCoef())).add(loss);
                    if (klCoef > 0) {
                        Var kl = PpoLosses.klToReference(mean, logStd, pick(refMean, sel), refLogStd);
                        loss = loss.add(kl.mul(klCoef));
                        klSum += kl.item();
                    }
                    float[] lp = newLogProb.value().toFloatArray();
                    double[] logRatio = new double[b];
                    for (int i = 0; i < b; i++) {
                        logRatio[i] = lp[i] - oldLp[i];
                    }
                    double approx = PpoLosses.approxKl(logRatio);
                    epochKl += approx;
                    clipped += Math.round(PpoLosses.clipFraction(logRatio, config.clipCoef()) * b);
                    pgSum += pgLoss.item();
                }
                seen += b;
                vSum += vLoss.item();
                batches++;
                epochBatches++;
                loss.backward();
                if (config.jointGradClip()) {
                    List<Var> all = new ArrayList<>(agent.critic().parameters());
                    if (actorMoves) {
                        all.addAll(agent.actor().parameters());
                    }
                    GradClip.clipGlobalNorm(all, config.maxGradNorm());
                } else {
                    GradClip.clipGlobalNorm(agent.critic().parameters(), config.maxGradNorm());
                    if (actorMoves) {
                        GradClip.clipGlobalNorm(agent.actor().parameters(), config.maxGradNorm());
                    }
                }
                criticOpt.step();
                if (actorMoves) {
                    actorOpt.step();
                }
            }
            epochs++;
            lastEpochKl = epochKl / epochBatches;
            if (actorMoves && config.targetKl() > 0 && lastEpochKl > config.targetKl()) {
                break;
            }
        }
        agent.actor().zeroGrad();
        agent.critic().zeroGrad();
        agent.updateObservationStatistics(obs);
        double updateSeconds = (System.nanoTime() - t1) / 1e9;
        double entropyNow;
        try (NoGrad ignored = NoGrad.enter()) {
            entropyNow = DiagonalGaussian.entropy(agent.logStd()).item();
        }
        double validationLoss = Double.NaN;
        if (config.validateEvery() > 0 && (it + 1) % config.validateEvery() == 0 && !validation.isEmpty()) {
            validationLoss = validate(agent, validation, pool);
        }
        int episodes = trajectories.size();
        return new IterationLog(it, episodes, n, steps, retSum / episodes, (double) divergedCount / episodes,
                valCount == 0 ? Double.NaN : valSum / valCount, actorMoves ? pgSum / batches : Double.NaN,
                vSum / batches, entropyNow, actorMoves && klCoef > 0 ? klSum / batches : 0.0,
                actorMoves ? lastEpochKl : 0.0, seen == 0 || !actorMoves ? 0.0 : (double) clipped / seen,
                PpoLosses.explainedVariance(oldValues, returns), epochs, actorLr, klCoef, agent.logStd().item(),
                rolloutSeconds, updateSeconds, validationLoss);
    }

    /** Rewards, scaled by the running std of the discounted return when configured (CleanRL's NormalizeReward). */
    private double[][] scaledRewards(List<Trajectory> trajectories, RunningMeanStd stats) {
        double[][] out = new double[trajectories.size()][];
        if (!config.normalizeRewards()) {
            for (int k = 0; k < out.length; k++) {
                out[k] = trajectories.get(k).rewards();
            }
            return out;
        }
        List<double[]> discounted = new ArrayList<>();
        for (Trajectory tr : trajectories) {
            double g = 0;
            for (double r : tr.rewards()) {
                g = g * config.gamma() + r;
                discounted.add(new double[]{g});
            }
        }
        stats.update(discounted.toArray(new double[0][]));
        double std = Math.sqrt(stats.var()[0] + 1e-8);
        for (int k = 0; k < out.length; k++) {
            double[] r = trajectories.get(k).rewards();
            out[k] = new double[r.length];
            for (int t = 0; t < r.length; t++) {
                out[k][t] = Math.max(-10, Math.min(10, r[t] / std));
            }
        }
        return out;
    }

    /** Mean validation-split loss of deterministic episodes, one per configuration, run on the pool. */
    private double validate(Agent agent, List<EnvConfig> episodes, ExecutorService pool) throws IOException {
        List<Callable<RolloutWorker.Outcome>> tasks = new ArrayList<>();
        for (EnvConfig e : episodes) {
            Agent snapshot = agent.copy();
            tasks.add(() -> RolloutWorker.evaluate(snapshot, e, data));
        }
        double s = 0;
        List<RolloutWorker.Outcome> outs = runAll(pool, tasks);
        for (RolloutWorker.Outcome o : outs) {
            s += o.validationLoss();
        }
        return s / outs.size();
    }

    private static <T> List<T> runAll(ExecutorService pool, List<Callable<T>> tasks) throws IOException {
        try {
            List<Future<T>> fs = new ArrayList<>();
            for (Callable<T> t : tasks) {
                fs.add(pool.submit(t));
            }
            List<T> out = new ArrayList<>(fs.size());
            for (Future<T> f : fs) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("PPO: interrupted while running episodes", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IOException("PPO: an episode failed: " + c, c);
        }
    }

    private static double[] values(Agent agent, List<Observation> obs) {
        double[] out = new double[obs.size()];
        try (NoGrad ignored = NoGrad.enter()) {
            for (int s = 0; s < obs.size(); s += FORWARD_CHUNK) {
                List<Observation> part = obs.subList(s, Math.min(obs.size(), s + FORWARD_CHUNK));
                float[] v = agent.value(part).value().toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    out[s + i] = v[i];
                }
            }
        }
        return out;
    }

    private static double[] means(Agent agent, List<Observation> obs) {
        double[] out = new double[obs.size()];
        try (NoGrad ignored = NoGrad.enter()) {
            for (int s = 0; s < obs.size(); s += FORWARD_CHUNK) {
                List<Observation> part = obs.subList(s, Math.min(obs.size(), s + FORWARD_CHUNK));
                float[] v = agent.actionMean(part).value().toFloatArray();
                for (int i = 0; i < v.length; i++) {
                    out[s + i] = v[i];
                }
            }
        }
        return out;
    }

    private static double[] pick(double[] a, int[] sel) {
        double[] out = new double[sel.length];
        for (int i = 0; i < sel.length; i++) {
            out[i] = a[sel[i]];
        }
        return out;
    }

    private static float[] toFloat(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }

    /** Keeps the header and the rows of iterations before {@code keepBefore} (a resumed run redoes the rest). */
    private static void rewriteLog(Path file, int keepBefore) throws IOException {
        StringBuilder b = new StringBuilder(IterationLog.HEADER).append('\n');
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                int comma = line.indexOf(',');
                if (comma > 0) {
                    try {
                        if (Integer.parseInt(line.substring(0, comma)) < keepBefore) {
                            b.append(line).append('\n');
                        }
                    } catch (NumberFormatException e) {
                        // a torn row: dropped
                    }
                }
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void appendLog(Path file, IterationLog l) throws IOException {
        Files.writeString(file, l.toCsv() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
