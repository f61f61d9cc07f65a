package org.learnedlr.rl.ppo;

import java.util.List;
import org.learnedlr.rl.policy.Agent;

/**
 * What a PPO run ended with.
 *
 * @param agent          the trained actor-critic (the object passed in, updated)
 * @param logs           the diagnostics of the iterations run in this call (a resumed run's earlier iterations are in
 *                       the run directory's log.csv)
 * @param iterationsDone iterations completed in all
 * @param traineeSteps   trainee steps spent in all
 */
public record PpoResult(Agent agent, List<IterationLog> logs, int iterationsDone, long traineeSteps) {
    public PpoResult {
        logs = List.copyOf(logs);
    }
}
