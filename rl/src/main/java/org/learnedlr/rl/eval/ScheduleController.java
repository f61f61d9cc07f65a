package org.learnedlr.rl.eval;

import java.util.OptionalDouble;
import org.learnedlr.rl.env.SignalHistory;
import org.learnedlr.rl.schedule.Schedule;

/** A hand-made schedule as a controller: open loop, a pure function of the step, evaluated every step. */
public record ScheduleController(Schedule schedule) implements Controller {
    @Override
    public double lr(long step, SignalHistory history) {
        return schedule.lr(step);
    }

    @Override
    public OptionalDouble momentum(long step) {
        return schedule.momentum(step);
    }
}
