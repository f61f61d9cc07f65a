package org.learnedlr.rl.eval;

import java.util.OptionalDouble;
import org.learnedlr.rl.env.SignalHistory;

/**
 * Whatever sets a training run's learning rate during evaluation: a hand-made schedule, the Subramanian baseline, a
 * BC or BC+PPO policy. Asked before every step; it sees the raw signals of the steps so far (the same
 * {@link SignalHistory} the environment records), so closed-loop controllers react to the run.
 */
public interface Controller {

    /** Called once before step 0 with the held-out validation loss of the untrained network (V_start). */
    default void start(double initialValidationLoss) {
    }

    /** The learning rate for step {@code step} (= history.size()). */
    double lr(long step, SignalHistory history);

    /** The momentum for step {@code step}, for schedules that cycle it (OneCycle); empty otherwise. */
    default OptionalDouble momentum(long step) {
        return OptionalDouble.empty();
    }
}
