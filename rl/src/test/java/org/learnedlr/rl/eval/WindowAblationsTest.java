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
    void stepShuffleMovesWholeRecordedStepsAcrossPatchesAndLeavesMissingStepsInPlace() {
        int sf = 3;                                // features per step: [exists, value, value + 0.5]
        int steps = 8;                             // two patches of 4 steps
        float[] patches = new float[steps * sf];
        for (int s = 2; s < steps; s++) {          // steps 0 and 1 are before the run: all zeros
            patches[s * sf] = 1;
            patches[s * sf + 1] = s;
            patches[s * sf + 2] = s + 0.5f;
        }
        Observation in = new Observation(patches, new float[]{1, 1}, new float[]{9}, 4 * sf);
        WindowStepShuffle shuffle = new WindowStepShuffle(5, sf);
        boolean crossedPatches = false;
        for (int trial = 0; trial < 20; trial++) {
            float[] out = shuffle.apply(in).patches();
            java.util.List<Float> seen = new java.util.ArrayList<>();
            for (int s = 0; s < steps; s++) {
                if (s < 2) {
                    assertArrayEquals(new float[]{0, 0, 0}, java.util.Arrays.copyOfRange(out, s * sf, s * sf + sf),
                            "a step before the run stays empty");
                    continue;
                }
                assertEquals(1f, out[s * sf], "a recorded step stays recorded");
                assertEquals(out[s * sf + 1] + 0.5f, out[s * sf + 2], "a step's features stay together");
                seen.add(out[s * sf + 1]);
                crossedPatches |= s < 4 && out[s * sf + 1] >= 4;
            }
            java.util.Collections.sort(seen);
            assertEquals(java.util.List.of(2f, 3f, 4f, 5f, 6f, 7f), seen, "the same steps, each once");
        }
        assertTrue(crossedPatches, "20 shuffles never moved a newer step into the older patch");
        assertArrayEquals(new float[]{9}, shuffle.apply(in).globals());
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
