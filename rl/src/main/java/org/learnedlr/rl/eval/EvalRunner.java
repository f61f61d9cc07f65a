package org.learnedlr.rl.eval;

import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.GradBuckets;
import org.learnedlr.rl.env.LossRoughness;
import org.learnedlr.rl.env.SignalHistory;
import org.learnedlr.rl.env.StepSignal;
import org.learnedlr.rl.run.Evaluation;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.StepResult;
import org.learnedlr.rl.run.TrainingRun;

/**
 * Runs one training run under a controller and judges it: the same loop and the same signals as the environment
 * (validation every V steps on held-out mini-batches, G gradient buckets), so closed-loop controllers see exactly
 * what they saw in training; the same divergence rule (a non-finite loss, or a mean train loss over a K-step
 * interval above 3 min(L_ref, ln 10)), after which the run stops and counts with the loss of chance.
 */
public final class EvalRunner {
    private final MnistSplits data;
    private final int validationInterval;
    private final int interval;
    private final int buckets;
    private final double divergenceFactor;

    public EvalRunner(MnistSplits data) {
        this(data, EnvConfig.DEFAULT_V, EnvConfig.DEFAULT_K, EnvConfig.DEFAULT_BUCKETS, 3.0);
    }

    public EvalRunner(MnistSplits data, int validationInterval, int interval, int buckets, double divergenceFactor) {
        this.data = data;
        this.validationInterval = validationInterval;
        this.interval = interval;
        this.buckets = buckets;
        this.divergenceFactor = divergenceFactor;
    }

    /** The judged run and its curves. */
    public record Outcome(RunRecord record, float[] lr, float[] trainLoss, float[] validationLoss) {
    }

    public Outcome run(String method, String setting, Controller controller, RunConfig config) {
        long start = System.nanoTime();
        TrainingRun run = new TrainingRun(config, data);
        SignalHistory history = new SignalHistory(buckets, interval);
        int t = config.steps();
        float[] lrs = new float[t];
        float[] losses = new float[t];
        float[] vals = new float[t];
        double held = run.validationLoss();
        controller.start(held);
        double valSum = 0;
        int valCount = 0;
        long controllerNanos = 0;
        boolean diverged = false;
        LossRoughness roughness = new LossRoughness();
        double windowSum = 0;
        int ran = 0;
        for (int step = 0; step < t; step++) {
            long c0 = System.nanoTime();
            double lr = controller.lr(step, history);
            var momentum = controller.momentum(step);
            controllerNanos += System.nanoTime() - c0;
            StepResult r = run.step(lr, momentum);
            if ((step + 1) % validationInterval == 0) {
                held = run.validationLoss();
                valSum += held;
                valCount++;
            }
            double loss = r.trainLoss();
            history.add(new StepSignal(loss, held, lr, GradBuckets.logBuckets(r.gradNorms(), buckets)));
            lrs[step] = (float) lr;
            losses[step] = (float) loss;
            vals[step] = (float) held;
            ran++;
            if (!Double.isFinite(loss) || !Double.isFinite(held)) {
                diverged = true;
                break;
            }
            roughness.add(loss);
            windowSum += loss;
            if ((step + 1) % interval == 0) {
                if (history.hasReferences() && step + 1 > interval
                        && windowSum / interval > divergenceFactor * history.divergenceReference()) {
                    diverged = true;
                    break;
                }
                windowSum = 0;
            }
        }
        double smooth = roughness.std();
        double testLoss;
        double testAcc;
        if (diverged) {
            testLoss = Math.log(10);
            testAcc = 0.1;
        } else {
            Evaluation test = run.evaluateTest();
            testLoss = test.loss();
            testAcc = test.accuracy();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double auc = valCount > 0 ? valSum / valCount : held;
        RunRecord rec = new RunRecord(method, setting, config.seed(), diverged, testLoss, testAcc, smooth,
                diverged ? Double.NaN : auc, controllerNanos / 1e9 / seconds, seconds, ran);
        return new Outcome(rec, java.util.Arrays.copyOf(lrs, ran), java.util.Arrays.copyOf(losses, ran),
                java.util.Arrays.copyOf(vals, ran));
    }
}
