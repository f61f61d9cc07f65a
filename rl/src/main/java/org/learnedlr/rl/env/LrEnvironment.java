package org.learnedlr.rl.env;

import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.StepResult;
import org.learnedlr.rl.run.TrainingRun;
import org.learnedlr.tensor.Rng;

/**
 * The POMDP over one real training run (DESIGN.md section 3). {@link #reset()} starts a fresh run and returns the
 * observation for the first decision, at step 0, on an empty window; each {@link #act(double)} sets the learning
 * rate for the next K steps, runs them (validating every V steps on a held-out mini-batch), and returns the reward,
 * whether the episode is over, and the next observation.
 *
 * <p>An episode is a pure function of the configuration (its seed included) and the actions: the environment holds
 * no shared mutable state, so environments run in parallel on threads. Divergence never throws: it ends the episode
 * with the penalty and {@link IntervalInfo#diverged()} set, and the next {@link #reset()} starts clean.
 */
public final class LrEnvironment {
    private final EnvConfig config;
    private final MnistSplits data;
    private final ObservationBuilder builder;
    private final int k;

    private TrainingRun run;
    private SignalHistory history;
    private Rng episodeRng;
    private double lrNow;
    private double heldValidation;
    private double bestValidation;
    private IntervalTerms terms;
    private int decision;
    private boolean done = true;

    public LrEnvironment(EnvConfig config, MnistSplits data) {
        this.config = config;
        this.data = data;
        this.builder = config.observationBuilder();
        this.k = config.effectiveDecisionInterval();
    }

    public EnvConfig config() {
        return config;
    }

    /** The training run of the current episode (for evaluating it on the test set when the episode ends). */
    public TrainingRun run() {
        if (run == null) {
            throw new IllegalStateException("LrEnvironment: reset() has not been called");
        }
        return run;
    }

    /** The raw signals recorded so far in this episode. */
    public SignalHistory history() {
        return history;
    }

    /** The learning rate the next interval would use without a change. */
    public double lr() {
        return lrNow;
    }

    public boolean done() {
        return done;
    }

    /** Starts a new episode: a fresh training run from the configuration's seed. */
    public Observation reset() {
        RunConfig rc = config.run();
        run = new TrainingRun(rc, data);
        history = new SignalHistory(config.buckets(), k);
        episodeRng = new Rng(rc.seed() ^ 0x5DEECE66DL);
        lrNow = rc.eta0();
        heldValidation = run.validationLoss();
        bestValidation = heldValidation;
        terms = new IntervalTerms(heldValidation);
        decision = 0;
        done = false;
        return observe();
    }

    /** The observation at the current step. */
    public Observation observe() {
        if (config.formulation() == Formulation.SUBRAMANIAN) {
            double[] meanLog = new double[config.buckets()];
            int n = history.size();
            int from = Math.max(0, n - k);
            for (int t = from; t < n; t++) {
                for (int b = 0; b < meanLog.length; b++) {
                    meanLog[b] += history.logGrad(t, b) / (n - from);
                }
            }
            return Subramanian.observe(heldValidation, config.decisions() - decision, meanLog);
        }
        return builder.build(history, config.run().eta0(), config.run().steps(), lrNow, config.run().optimizer());
    }

    /**
     * Applies one decision: for LEARNED, {@code action} = log(eta_next / eta_now) (clamped, banded); for
     * SUBRAMANIAN, {@code action} = log10(eta_next) in [-6, 0]. Runs the interval and returns its outcome.
     */
    public StepOutcome act(double action) {
        if (done) {
            throw new IllegalStateException("LrEnvironment: the episode is over; call reset()");
        }
        long t0 = System.nanoTime();
        RunConfig rc = config.run();
        lrNow = config.formulation() == Formulation.SUBRAMANIAN
                ? Subramanian.lr(action)
                : config.actions().apply(lrNow, action, rc.eta0());
        long firstStep = run.stepsDone();
        int steps = (int) Math.min(k, rc.steps() - firstStep);
        terms.begin();
        boolean diverged = false;
        long trainNanos = 0;
        int ran = 0;
        for (int i = 0; i < steps; i++) {
            long s0 = System.nanoTime();
            StepResult r = run.step(lrNow);
            long stepIndex = r.step();
            boolean validated = (stepIndex + 1) % config.validationInterval() == 0;
            if (validated) {
                heldValidation = run.validationLoss();
            }
            trainNanos += System.nanoTime() - s0;
            ran++;
            double loss = r.trainLoss();
            history.add(new StepSignal(loss, heldValidation, lrNow,
                    GradBuckets.logBuckets(r.gradNorms(), config.buckets())));
            terms.add(loss, validated, heldValidation);
            if (!Double.isFinite(loss) || !Double.isFinite(heldValidation)) {
                diverged = true;
                break;
            }
        }
        double meanTrain = terms.meanTrain();
        double meanVal = terms.meanValidation();
        if (!diverged && history.hasReferences()
                && meanTrain > config.reward().divergenceFactor() * history.divergenceReference()) {
            diverged = true;
        }
        double improvement = 0;
        double smooth = 0;
        double gen = 0;
        double reward;
        int remaining = config.decisions() - decision - 1;
        if (diverged) {
            reward = config.formulation() == Formulation.SUBRAMANIAN
                    ? Subramanian.divergencePenalty(episodeRng)
                    : config.reward().divergencePenalty();
            done = true;
        } else {
            IntervalTerms.Terms t = terms.end();
            smooth = t.smoothness();
            gen = t.generalisation();
            if (config.formulation() == Formulation.SUBRAMANIAN) {
                reward = Subramanian.reward(bestValidation, meanVal, remaining);
            } else {
                improvement = t.improvement();
                reward = config.reward().reward(t);
            }
            bestValidation = Math.min(bestValidation, meanVal);
            done = run.finished();
        }
        IntervalInfo info = new IntervalInfo(decision, firstStep, ran, lrNow, meanTrain, meanVal, improvement, smooth,
                gen, diverged, trainNanos, 0);
        decision++;
        Observation next = observe();
        long envNanos = System.nanoTime() - t0 - trainNanos;
        info = new IntervalInfo(info.decision(), info.firstStep(), info.steps(), info.lr(), info.meanTrainLoss(),
                info.meanValidationLoss(), improvement, smooth, gen, diverged, trainNanos, envNanos);
        return new StepOutcome(next, reward, done, info);
    }
}
