package org.learnedlr.rl.eval;

import java.util.function.UnaryOperator;
import org.learnedlr.rl.LearnedScheduler;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.env.SignalHistory;
import org.learnedlr.rl.policy.SavedPolicy;
import org.learnedlr.rl.run.RunConfig;

/**
 * A learned policy as a controller: exactly the embedded {@link LearnedScheduler}, fed the run's signals step by
 * step (the runner's held validation loss every step, as the environment records it).
 */
public final class PolicyController implements Controller {
    private final LearnedScheduler scheduler;

    public PolicyController(SavedPolicy policy, RunConfig run) {
        this(policy, run, UnaryOperator.identity());
    }

    /** A controller whose policy sees {@code view(observation)} (ablations; see {@link WindowShuffle}). */
    public PolicyController(SavedPolicy policy, RunConfig run, UnaryOperator<Observation> view) {
        this.scheduler = new LearnedScheduler(policy, run.eta0(), run.steps(), run.optimizer(), view);
    }

    @Override
    public double lr(long step, SignalHistory history) {
        while (scheduler.stepsSeen() < history.size()) {
            scheduler.step(history.get((int) scheduler.stepsSeen()));
        }
        return scheduler.lr();
    }
}
