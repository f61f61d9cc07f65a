package org.learnedlr.rl.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnedlr.rl.env.Observation;

class WindowShuffleTest {
    private static final int P = 6;
    private static final int F = 3;

    /** Patch i holds the values i*10 + feature; the last two patches are empty (mask 0, zeros). */
    private static Observation window() {
        float[] patches = new float[P * F];
        float[] mask = new float[P];
        for (int i = 0; i < 4; i++) {
            mask[i] = 1;
            for (int f = 0; f < F; f++) {
                patches[i * F + f] = i * 10 + f;
            }
        }
        return new Observation(patches, mask, new float[]{7, 8}, F);
    }

    private static List<String> rows(Observation o) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < o.patchCount(); i++) {
            out.add(Arrays.toString(Arrays.copyOfRange(o.patches(), i * F, (i + 1) * F)));
        }
        return out;
    }

    @Test
    void permutesWholePatchesAmongTheFilledOnesOnly() {
        Observation in = window();
        boolean reordered = false;
        WindowShuffle shuffle = new WindowShuffle(3);
        for (int trial = 0; trial < 20; trial++) {
            Observation out = shuffle.apply(in);
            List<String> before = rows(in);
            List<String> after = rows(out);
            assertEquals(before.subList(4, 6), after.subList(4, 6), "empty patches stay where they are");
            List<String> a = new ArrayList<>(before.subList(0, 4));
            List<String> b = new ArrayList<>(after.subList(0, 4));
            reordered |= !a.equals(b);
            a.sort(null);
            b.sort(null);
            assertEquals(a, b, "the filled patches are the same patches, whole");
            assertArrayEquals(in.patchMask(), out.patchMask());
            assertArrayEquals(in.globals(), out.globals(), "the summary token is untouched");
        }
        assertTrue(reordered, "20 shuffles of 4 patches never changed the order");
        assertArrayEquals(window().patches(), in.patches(), "the input observation is not modified");
    }

    @Test
    void sameSeedSameShuffles() {
        WindowShuffle a = new WindowShuffle(11);
        WindowShuffle b = new WindowShuffle(11);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(a.apply(window()).patches(), b.apply(window()).patches());
        }
    }
}
