package org.learnedlr.rl.eval;

import org.learnedlr.rl.baseline.MlpAgent;
import org.learnedlr.rl.env.SignalHistory;
import org.learnedlr.rl.env.Subramanian;
import org.learnedlr.rl.run.RunConfig;

/**
 * The Subramanian et al. baseline as a controller: every ceil(T/10) steps it observes what its environment showed it
 * in training (the held validation loss, the decisions remaining, the interval's mean log-norm buckets) and sets the
 * LR to the agent's mean action; constant in between.
 */
public final class SubramanianController implements Controller {
    private final MlpAgent agent;
    private final int interval;
    private final int decisions;
    private double held = Double.NaN;
    private double lr = Double.NaN;

    public SubramanianController(MlpAgent agent, RunConfig run) {
        this.agent = agent;
        this.interval = (run.steps() + 9) / 10;
        this.decisions = (run.steps() + interval - 1) / interval;
    }

    @Override
    public void start(double initialValidationLoss) {
        held = initialValidationLoss;
    }

    @Override
    public double lr(long step, SignalHistory history) {
        if (step % interval == 0) {
            int n = history.size();
            if (n > 0) {
                held = history.validationLoss(n - 1);
            }
            int from = Math.max(0, n - interval);
            double[] meanLog = new double[history.buckets()];
            for (int t = from; t < n; t++) {
                for (int b = 0; b < meanLog.length; b++) {
                    meanLog[b] += history.logGrad(t, b) / (n - from);
                }
            }
            int decision = (int) (step / interval);
            lr = agent.lr(Subramanian.observe(held, decisions - decision, meanLog));
        }
        return lr;
    }
}
