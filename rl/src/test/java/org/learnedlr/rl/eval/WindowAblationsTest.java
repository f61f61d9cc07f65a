package org.learnedlr.rl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.learnedlr.rl.env.Observation;

class WindowAblationsTest {
    private static final int P = 4;
    private static final int F = 2;

    /** Decision d's window: every value is d + 1, all patches filled; the globals hold d. */
    private static Observation decision(int d) {
        float[] patches = new float[P * F];
        java.util.Arrays.fill(patches, d + 1);
        float[] mask = new float[P];
        java.util.Arrays.fill(mask, 1);
        return new Observation(patches, mask, new float[]{d, -d}, F);
    }

    @Test
    void blindWindowIsTheEmptyMaskedWindowWithTheTrueGlobals() {
        Observation out = new WindowBlind().apply(decision(5));
        assertArrayEquals(new float[P * F], out.patches());
        assertArrayEquals(new float[P], out.patchMask(), "every patch masked, as at step 0");
        assertArrayEquals(new float[]{5, -5}, out.globals());
        assertEquals(F, out.patchFeatures());
    }

    @Test
    void replayShowsOnlyWindowsAlreadySeenAndKeepsTheCurrentGlobals() {
        WindowReplay replay = new WindowReplay(7);
        Set<Float> shownEarlier = new HashSet<>();
        for (int d = 0; d < 40; d++) {
            Observation out = replay.apply(decision(d));
            float shown = out.patches()[0];
            assertTrue(shown >= 1 && shown <= d + 1, "decision " + d + " was shown a future window " + shown);
            assertArrayEquals(new float[]{d, -d}, out.globals(), "the summary token stays the current one");
            if (shown < d + 1) {
                shownEarlier.add(shown);
            }
        }
        assertTrue(shownEarlier.size() > 10, "40 decisions were shown only " + shownEarlier.size()
                + " distinct stale windows");
    }

    @Test
    void replaySameSeedSameDraws() {
        WindowReplay a = new WindowReplay(3);
        WindowReplay b = new WindowReplay(3);
        for (int d = 0; d < 10; d++) {
            assertArrayEquals(a.apply(decision(d)).patches(), b.apply(decision(d)).patches());
        }
    }
}
