package org.learnedlr.rl.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActionSpaceTest {
    private final ActionSpace space = new ActionSpace(Math.log(2), 1e-3, 10);

    @Test
    void actionIsARelativeChangeClampedPerDecision() {
        assertEquals(0.1 * Math.exp(0.5), space.apply(0.1, 0.5, 0.1), 1e-15);
        assertEquals(0.2, space.apply(0.1, 5.0, 0.1), 1e-15);
        assertEquals(0.05, space.apply(0.1, -5.0, 0.1), 1e-15);
        assertEquals(0.1, space.apply(0.1, Double.NaN, 0.1), 0.0);
    }

    @Test
    void learningRateStaysInTheBand() {
        assertEquals(1.0, space.apply(0.9, Math.log(2), 0.1), 1e-15);
        assertEquals(1e-4, space.apply(1.5e-4, -Math.log(2), 0.1), 1e-18);
    }

    @Test
    void actionTowardReachesAReachableTarget() {
        double a = space.actionToward(0.1, 0.15, 0.1);
        assertEquals(0.15, space.apply(0.1, a, 0.1), 1e-15);
        assertEquals(Math.log(2), space.actionToward(0.1, 100, 0.1), 1e-15);
        // A target of 0 is held at the floor, one clamp step at a time.
        assertEquals(-Math.log(2), space.actionToward(0.1, 0.0, 0.1), 1e-15);
    }

    @Test
    void rejectsNonsense() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ActionSpace(0, 1e-3, 10))
                .getMessage().contains("maxLogChange"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ActionSpace(1, 0, 10))
                .getMessage().contains("bandLow"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ActionSpace(1, 1e-3, 0.5))
                .getMessage().contains("bandHigh"));
    }
}
