package org.learnedlr.rl.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The PyTorch-habits adapter: the initial step, step()/getLastLr(), both kinds of schedule, the state round trip. */
class LrSchedulerTest {

    private static StepSignals signals(long step, double validation) {
        return new StepSignals(step, 1.0, OptionalDouble.of(validation), 0.1, new double[] {0.5, 0.25});
    }

    @Test
    void constructionIsTheInitialStep() {
        Schedule s = Experts.linearWarmup(0.1, 200);
        LrScheduler sched = LrScheduler.of(s);
        assertEquals(0, sched.lastEpoch());
        assertEquals(s.lr(0), sched.getLastLr());
        for (int n = 1; n <= 250; n++) {
            sched.step();
            assertEquals(n, sched.lastEpoch());
            assertEquals(s.lr(n), sched.getLastLr(), "after " + n + " steps");
        }
        assertEquals("linear-warmup", sched.name());
    }

    @Test
    void momentumComesThroughForOneCycle() {
        OneCycle oc = new OneCycle(0.1, 50);
        LrScheduler sched = LrScheduler.of(oc);
        for (int n = 0; n < 60; n++) {
            assertEquals(oc.momentum(n), sched.getLastMomentum());
            sched.step();
        }
        assertTrue(LrScheduler.of(new Constant(0.1)).getLastMomentum().isEmpty());
    }

    @Test
    void pureSchedulesIgnoreSignals() {
        LrScheduler a = LrScheduler.of(new Cosine(0.1, 10));
        LrScheduler b = LrScheduler.of(new Cosine(0.1, 10));
        for (int n = 0; n < 12; n++) {
            a.step();
            b.step(signals(n, 100.0 * n));
            assertEquals(a.getLastLr(), b.getLastLr());
        }
    }

    @Test
    void observingSchedulesNeedSignals() {
        ReduceLROnPlateau plateau = new ReduceLROnPlateau(0.1, ReduceLROnPlateau.Config.DEFAULTS.withPatience(0));
        LrScheduler sched = LrScheduler.of(plateau);
        assertEquals(0.1, sched.getLastLr());
        IllegalStateException e = assertThrows(IllegalStateException.class, sched::step);
        assertTrue(e.getMessage().contains("step(StepSignals)"), e.getMessage());
        sched.step(signals(0, 1.0));
        sched.step(signals(1, 2.0));
        assertEquals(0.01, sched.getLastLr(), 1e-17);
        assertEquals(2, sched.lastEpoch());
        assertTrue(sched.getLastMomentum().isEmpty());
        assertEquals("plateau", sched.name());
    }

    @Test
    void pureStateRoundTrip() {
        Schedule s = new OneCycle(0.1, 100);
        LrScheduler a = LrScheduler.of(s);
        for (int n = 0; n < 37; n++) {
            a.step();
        }
        Map<String, Number> state = a.stateDict();
        assertEquals(Map.of("last_epoch", 37L), state);
        LrScheduler b = LrScheduler.of(s);
        b.loadStateDict(state);
        for (int n = 0; n < 80; n++) {
            assertEquals(a.getLastLr(), b.getLastLr());
            assertEquals(a.getLastMomentum(), b.getLastMomentum());
            a.step();
            b.step();
        }
    }

    @Test
    void observingStateRoundTrip() {
        double[] v = {1, 0.9, 0.95, 0.97, 0.96, 0.89, 0.9, 0.91, 0.92, 0.93, 0.94, 0.95, 0.96};
        ReduceLROnPlateau.Config c = ReduceLROnPlateau.Config.DEFAULTS.withPatience(1).withCooldown(1);
        LrScheduler a = LrScheduler.of(new ReduceLROnPlateau(0.1, c));
        for (int n = 0; n < 6; n++) {
            a.step(signals(n, v[n]));
        }
        Map<String, Number> state = a.stateDict();
        assertEquals(6L, state.get("last_epoch"));
        assertEquals(0.89, state.get("schedule.best"));
        assertEquals(6, state.size());
        LrScheduler b = LrScheduler.of(new ReduceLROnPlateau(0.1, c));
        b.loadStateDict(state);
        assertEquals(state, b.stateDict());
        for (int n = 6; n < v.length; n++) {
            a.step(signals(n, v[n]));
            b.step(signals(n, v[n]));
            assertEquals(a.getLastLr(), b.getLastLr(), "after step " + n);
            assertEquals(a.stateDict(), b.stateDict());
        }
    }

    @Test
    void badStatesAreRejectedWhole() {
        LrScheduler pure = LrScheduler.of(new Cosine(0.1, 10));
        pure.step();
        Check.rejects("state", () -> pure.loadStateDict(Map.of()));
        Check.rejects("state", () -> pure.loadStateDict(Map.of("last_epoch", 3L, "lr", 0.1)));
        Check.rejects("state.last_epoch", () -> pure.loadStateDict(Map.of("last_epoch", 3.0)));
        Check.rejects("state.last_epoch", () -> pure.loadStateDict(Map.of("last_epoch", -3L)));
        Check.rejects("state", () -> pure.loadStateDict(null));
        assertEquals(1, pure.lastEpoch());

        LrScheduler obs = LrScheduler.of(new ReduceLROnPlateau(0.1));
        obs.step(signals(0, 1.0));
        Map<String, Number> good = obs.stateDict();
        Map<String, Number> badInner = new HashMap<>(good);
        badInner.put("last_epoch", 40L);
        badInner.put("schedule.num_bad_epochs", -1L);
        Check.rejects("state.num_bad_epochs", () -> obs.loadStateDict(badInner));
        Map<String, Number> unknown = new HashMap<>(good);
        unknown.put("momentum", 0.9);
        Check.rejects("state", () -> obs.loadStateDict(unknown));
        Map<String, Number> missing = new HashMap<>(good);
        missing.remove("last_epoch");
        Check.rejects("state", () -> obs.loadStateDict(missing));
        assertEquals(good, obs.stateDict(), "a rejected state changes nothing, last_epoch included");
    }
}
