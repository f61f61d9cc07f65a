package org.learnedlr.rl.ppo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of PPO, in one place (CleanRL's {@code Args}; METHODS.md sections 3.1 and 3.2). {@link #defaults()}
 * is the BC -> PPO recipe of docs/ppo.md; {@link #subramanian()} the baseline's settings.
 *
 * @param seed                    seeds everything: episode choice, action sampling, minibatch shuffles
 * @param episodesPerIteration    episodes collected per iteration, each a whole training run (default 8)
 * @param workers                 threads that run episodes (default 2); the result does not depend on it
 * @param maxIterations           iterations to run (default 50)
 * @param maxTraineeSteps         stop once the episodes have spent this many trainee steps (0: no limit); the
 *                                last iteration plans only as many episodes as fit, at least one
 * @param gamma                   discount (default 0.99)
 * @param gaeLambda               GAE's lambda (default 0.95)
 * @param updateEpochs            passes over an iteration's decisions (default 4)
 * @param minibatches             minibatches per pass (default 4)
 * @param normalizeAdvantages     normalise advantages per minibatch: (A - mean) / (std + 1e-8) (default true)
 * @param clipCoef                the surrogate's clip epsilon, also the value clip (default 0.2)
 * @param clipValueLoss           clip the value loss as CleanRL does (default true)
 * @param entCoef                 entropy bonus coefficient (default 0.01, as GNS, LHOPT and PIRLNav)
 * @param vfCoef                  value-loss coefficient (default 0.5)
 * @param maxGradNorm             gradient-norm clip (default 0.5)
 * @param jointGradClip           clip actor and critic gradients together, as CleanRL's single optimizer does
 *                                (default false: each network separately, so the critic's large early gradients
 *                                do not shrink the actor's step)
 * @param actorLr                 the actor's Adam learning rate (default 1e-5: 30x below the critic's; see
 *                                docs/ppo.md for the measurement behind it)
 * @param criticLr                the critic's Adam learning rate (default 3e-4)
 * @param adamEps                 Adam's epsilon (default 1e-5, CleanRL's)
 * @param criticWarmupIterations  iterations in which only the critic learns (default 5); the actor is frozen
 * @param actorLrWarmupIterations iterations over which the actor's LR then ramps linearly from 0 (default 5)
 * @param klCoef                  coefficient of KL(pi_theta || pi_ref) to the frozen starting (BC) policy
 *                                (default 0.2, PIRLNav's VPT-style value; 0 disables)
 * @param klDecay                 the KL coefficient's decay per iteration once the actor moves (default 0.99)
 * @param targetKl                stop an iteration's epochs when the epoch's mean approx_kl exceeds it (default 0.02;
 *                                0 disables)
 * @param initialLogStd           the log-std PPO starts from (default ln 0.1); NaN keeps the agent's
 * @param normalizeRewards        scale rewards by the running std of the discounted return, clipped to [-10, 10]
 *                                (CleanRL's NormalizeReward; default false: the shaped reward is already small)
 * @param checkpointEvery         write a checkpoint every this many iterations (default 1) and at the end
 * @param validateEvery           run the validation episodes every this many iterations (default 0: never)
 */
public record PpoConfig(long seed, int episodesPerIteration, int workers, int maxIterations, long maxTraineeSteps,
                        double gamma, double gaeLambda, int updateEpochs, int minibatches,
                        boolean normalizeAdvantages, double clipCoef, boolean clipValueLoss, double entCoef,
                        double vfCoef, double maxGradNorm, boolean jointGradClip, double actorLr, double criticLr,
                        double adamEps, int criticWarmupIterations, int actorLrWarmupIterations, double klCoef,
                        double klDecay, double targetKl, double initialLogStd, boolean normalizeRewards,
                        int checkpointEvery, int validateEvery) {

    public PpoConfig {
        atLeast("episodesPerIteration", episodesPerIteration, 1);
        atLeast("workers", workers, 1);
        atLeast("maxIterations", maxIterations, 0);
        if (maxTraineeSteps < 0) {
            throw new IllegalArgumentException("maxTraineeSteps: must be >= 0, got " + maxTraineeSteps);
        }
        unit("gamma", gamma);
        unit("gaeLambda", gaeLambda);
        atLeast("updateEpochs", updateEpochs, 1);
        atLeast("minibatches", minibatches, 1);
        positive("clipCoef", clipCoef);
        nonNegative("entCoef", entCoef);
        nonNegative("vfCoef", vfCoef);
        positive("maxGradNorm", maxGradNorm);
        nonNegative("actorLr", actorLr);
        positive("criticLr", criticLr);
        positive("adamEps", adamEps);
        atLeast("criticWarmupIterations", criticWarmupIterations, 0);
        atLeast("actorLrWarmupIterations", actorLrWarmupIterations, 0);
        nonNegative("klCoef", klCoef);
        if (!(klDecay > 0 && klDecay <= 1)) {
            throw new IllegalArgumentException("klDecay: must be in (0, 1], got " + klDecay);
        }
        nonNegative("targetKl", targetKl);
        if (Double.isInfinite(initialLogStd)) {
            throw new IllegalArgumentException("initialLogStd: must be finite (or NaN to keep), got " + initialLogStd);
        }
        atLeast("checkpointEvery", checkpointEvery, 1);
        atLeast("validateEvery", validateEvery, 0);
    }

    private static void atLeast(String name, long v, long min) {
        if (v < min) {
            throw new IllegalArgumentException(name + ": must be >= " + min + ", got " + v);
        }
    }

    private static void unit(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + ": must be in [0, 1], got " + v);
        }
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + ": must be finite and > 0, got " + v);
        }
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + ": must be finite and >= 0, got " + v);
        }
    }

    /** The BC -> PPO recipe (docs/ppo.md). */
    public static PpoConfig defaults() {
        return new PpoConfig(0, 8, 2, 50, 0, 0.99, 0.95, 4, 4, true, 0.2, true, 0.01, 0.5, 0.5, false, 1e-5, 3e-4,
                1e-5, 5, 5, 0.2, 0.99, 0.02, Math.log(0.1), false, 1, 0);
    }

    /**
     * The Subramanian et al. baseline: PPO from a random policy with CleanRL's defaults where the paper is silent
     * (10 epochs, no KL term, no warm-up, no target KL, entropy 0, joint clipping, reward normalisation) and the
     * paper's own PPO learning rate 1e-3 for both networks; the log-std starts at 0 (sigma = 1, CleanRL's).
     */
    public static PpoConfig subramanian() {
        return new PpoConfig(0, 8, 2, 1000, 0, 0.99, 0.95, 10, 4, true, 0.2, true, 0.0, 0.5, 0.5, true, 1e-3, 1e-3,
                1e-5, 0, 0, 0.0, 1.0, 0.0, 0.0, true, 1, 0);
    }

    /** The actor's learning rate at iteration {@code it} (from 0): 0 during the critic warm-up, then a linear ramp. */
    public double actorLrAt(int it) {
        if (it < criticWarmupIterations) {
            return 0.0;
        }
        if (actorLrWarmupIterations == 0) {
            return actorLr;
        }
        return actorLr * Math.min(1.0, (double) (it - criticWarmupIterations + 1) / actorLrWarmupIterations);
    }

    /** Whether the actor is updated at iteration {@code it}. */
    public boolean actorMovesAt(int it) {
        return it >= criticWarmupIterations && actorLr > 0;
    }

    /** The KL coefficient at iteration {@code it}: klCoef * klDecay^(iterations since the actor started moving). */
    public double klCoefAt(int it) {
        return klCoef * Math.pow(klDecay, Math.max(0, it - criticWarmupIterations));
    }

    /**
     * The settings that determine a run's result, by name (all but the run length, the thread count and the
     * checkpoint and validation cadence): a checkpoint can be resumed only under the same ones.
     */
    public Map<String, String> identity() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("seed", Long.toString(seed));
        m.put("episodesPerIteration", Integer.toString(episodesPerIteration));
        m.put("gamma", Double.toString(gamma));
        m.put("gaeLambda", Double.toString(gaeLambda));
        m.put("updateEpochs", Integer.toString(updateEpochs));
        m.put("minibatches", Integer.toString(minibatches));
        m.put("normalizeAdvantages", Boolean.toString(normalizeAdvantages));
        m.put("clipCoef", Double.toString(clipCoef));
        m.put("clipValueLoss", Boolean.toString(clipValueLoss));
        m.put("entCoef", Double.toString(entCoef));
        m.put("vfCoef", Double.toString(vfCoef));
        m.put("maxGradNorm", Double.toString(maxGradNorm));
        m.put("jointGradClip", Boolean.toString(jointGradClip));
        m.put("actorLr", Double.toString(actorLr));
        m.put("criticLr", Double.toString(criticLr));
        m.put("adamEps", Double.toString(adamEps));
        m.put("criticWarmupIterations", Integer.toString(criticWarmupIterations));
        m.put("actorLrWarmupIterations", Integer.toString(actorLrWarmupIterations));
        m.put("klCoef", Double.toString(klCoef));
        m.put("klDecay", Double.toString(klDecay));
        m.put("targetKl", Double.toString(targetKl));
        m.put("initialLogStd", Double.toString(initialLogStd));
        m.put("normalizeRewards", Boolean.toString(normalizeRewards));
        return m;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A mutable copy for changing a few fields: {@code PpoConfig.defaults().toBuilder().seed(3).build()}. */
    public static final class Builder {
        private long seed;
        private int episodesPerIteration;
        private int workers;
        private int maxIterations;
        private long maxTraineeSteps;
        private double gamma;
        private double gaeLambda;
        private int updateEpochs;
        private int minibatches;
        private boolean normalizeAdvantages;
        private double clipCoef;
        private boolean clipValueLoss;
        private double entCoef;
        private double vfCoef;
        private double maxGradNorm;
        private boolean jointGradClip;
        private double actorLr;
        private double criticLr;
        private double adamEps;
        private int criticWarmupIterations;
        private int actorLrWarmupIterations;
        private double klCoef;
        private double klDecay;
        private double targetKl;
        private double initialLogStd;
        private boolean normalizeRewards;
        private int checkpointEvery;
        private int validateEvery;

        private Builder(PpoConfig c) {
            seed = c.seed;
            episodesPerIteration = c.episodesPerIteration;
            workers = c.workers;
            maxIterations = c.maxIterations;
            maxTraineeSteps = c.maxTraineeSteps;
            gamma = c.gamma;
            gaeLambda = c.gaeLambda;
            updateEpochs = c.updateEpochs;
            minibatches = c.minibatches;
            normalizeAdvantages = c.normalizeAdvantages;
            clipCoef = c.clipCoef;
            clipValueLoss = c.clipValueLoss;
            entCoef = c.entCoef;
            vfCoef = c.vfCoef;
            maxGradNorm = c.maxGradNorm;
            jointGradClip = c.jointGradClip;
            actorLr = c.actorLr;
            criticLr = c.criticLr;
            adamEps = c.adamEps;
            criticWarmupIterations = c.criticWarmupIterations;
            actorLrWarmupIterations = c.actorLrWarmupIterations;
            klCoef = c.klCoef;
            klDecay = c.klDecay;
            targetKl = c.targetKl;
            initialLogStd = c.initialLogStd;
            normalizeRewards = c.normalizeRewards;
            checkpointEvery = c.checkpointEvery;
            validateEvery = c.validateEvery;
        }

        public Builder seed(long v) { seed = v; return this; }
        public Builder episodesPerIteration(int v) { episodesPerIteration = v; return this; }
        public Builder workers(int v) { workers = v; return this; }
        public Builder maxIterations(int v) { maxIterations = v; return this; }
        public Builder maxTraineeSteps(long v) { maxTraineeSteps = v; return this; }
        public Builder gamma(double v) { gamma = v; return this; }
        public Builder gaeLambda(double v) { gaeLambda = v; return this; }
        public Builder updateEpochs(int v) { updateEpochs = v; return this; }
        public Builder minibatches(int v) { minibatches = v; return this; }
        public Builder normalizeAdvantages(boolean v) { normalizeAdvantages = v; return this; }
        public Builder clipCoef(double v) { clipCoef = v; return this; }
        public Builder clipValueLoss(boolean v) { clipValueLoss = v; return this; }
        public Builder entCoef(double v) { entCoef = v; return this; }
        public Builder vfCoef(double v) { vfCoef = v; return this; }
        public Builder maxGradNorm(double v) { maxGradNorm = v; return this; }
        public Builder jointGradClip(boolean v) { jointGradClip = v; return this; }
        public Builder actorLr(double v) { actorLr = v; return this; }
        public Builder criticLr(double v) { criticLr = v; return this; }
        public Builder adamEps(double v) { adamEps = v; return this; }
        public Builder criticWarmupIterations(int v) { criticWarmupIterations = v; return this; }
        public Builder actorLrWarmupIterations(int v) { actorLrWarmupIterations = v; return this; }
        public Builder klCoef(double v) { klCoef = v; return this; }
        public Builder klDecay(double v) { klDecay = v; return this; }
        public Builder targetKl(double v) { targetKl = v; return this; }
        public Builder initialLogStd(double v) { initialLogStd = v; return this; }
        public Builder normalizeRewards(boolean v) { normalizeRewards = v; return this; }
        public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }
        public Builder validateEvery(int v) { validateEvery = v; return this; }

        public PpoConfig build() {
            return new PpoConfig(seed, episodesPerIteration, workers, maxIterations, maxTraineeSteps, gamma,
                    gaeLambda, updateEpochs, minibatches, normalizeAdvantages, clipCoef, clipValueLoss, entCoef,
                    vfCoef, maxGradNorm, jointGradClip, actorLr, criticLr, adamEps, criticWarmupIterations,
                    actorLrWarmupIterations, klCoef, klDecay, targetKl, initialLogStd, normalizeRewards,
                    checkpointEvery, validateEvery);
        }
    }
}
