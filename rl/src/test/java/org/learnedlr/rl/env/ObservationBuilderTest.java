package org.learnedlr.rl.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.learnedlr.rl.run.OptimizerFamily;

class ObservationBuilderTest {
    private static final int G = 2;
    private final ObservationBuilder builder = new ObservationBuilder(64, 16, G, true);

    private static SignalHistory history(int steps) {
        SignalHistory h = new SignalHistory(G, 16);
        for (int t = 0; t < steps; t++) {
            h.add(new StepSignal(2.0 / (1 + t), 1.5, 0.1 * (1 + t % 3), new double[]{-0.1 * t, 0.1 * t}));
        }
        return h;
    }

    @Test
    void firstDecisionSeesAnEmptyMaskedWindowAndTheGlobals() {
        Observation o = builder.build(history(0), 0.1, 1000, 0.1, OptimizerFamily.ADAM);
        assertEquals(4, o.patchCount());
        assertEquals(16 * (4 + G), o.patchFeatures());
        assertArrayEquals(new float[4], o.patchMask());
        assertArrayEquals(new float[o.patches().length], o.patches());
        assertArrayEquals(new float[]{1f, 0f, (float) Math.log10(0.1), -1f}, o.globals(), 1e-7f);
    }

    @Test
    void windowIsRightAlignedAndScaleFree() {
        SignalHistory h = history(20);
        Observation o = builder.build(h, 0.1, 100, 0.2, OptimizerFamily.SGD_MOMENTUM);
        // 20 steps fill the last patch (steps 4..19) and the last 4 slots of the one before (steps 0..3).
        assertArrayEquals(new float[]{0, 0, 1, 1}, o.patchMask());
        double lref = 0;
        for (int t = 0; t < 16; t++) {
            lref += 2.0 / (1 + t);
        }
        lref /= 16;
        double gref0 = 0;
        for (int t = 0; t < 16; t++) {
            gref0 += -0.1 * t;
        }
        gref0 /= 16;
        int sf = 4 + G;
        int slotOfStep19 = 63;
        int at = slotOfStep19 * sf;
        float[] p = o.patches();
        assertEquals(1f, p[at]);
        assertEquals((float) (Math.log(2.0 / 20) - Math.log(lref)), p[at + 1], 1e-6f);
        assertEquals((float) (Math.log(1.5) - Math.log(lref)), p[at + 2], 1e-6f);
        assertEquals((float) Math.log(0.1 * (1 + 19 % 3) / 0.1), p[at + 3], 1e-6f);
        assertEquals((float) (-1.9 - gref0), p[at + 4], 1e-5f);
        // Slot of a step before the run started is all zero.
        int slotBefore = (63 - 20) * sf;
        for (int f = 0; f < sf; f++) {
            assertEquals(0f, p[slotBefore + f]);
        }
        assertArrayEquals(new float[]{0.8f, (float) Math.log(2), (float) Math.log10(0.1), 1f}, o.globals(), 1e-6f);
    }

    @Test
    void windowWithoutAbsoluteGlobalsHidesBaseLrAndOptimizer() {
        ObservationBuilder ablation = new ObservationBuilder(64, 16, G, false);
        Observation o = ablation.build(history(0), 3.0, 100, 3.0, OptimizerFamily.SGD_MOMENTUM);
        assertEquals(0f, o.globals()[2]);
        assertEquals(0f, o.globals()[3]);
    }

    @Test
    void nonFiniteValuesAreClipped() {
        SignalHistory h = history(16);
        h.add(new StepSignal(Double.NaN, Double.POSITIVE_INFINITY, 1e-30, new double[]{0, 0}));
        Observation o = builder.build(h, 0.1, 100, 0.1, OptimizerFamily.SGD_MOMENTUM);
        int at = 63 * (4 + G);
        assertEquals((float) ObservationBuilder.CLIP, o.patches()[at + 1]);
        assertEquals((float) ObservationBuilder.CLIP, o.patches()[at + 2]);
        assertEquals((float) -ObservationBuilder.CLIP, o.patches()[at + 3]);
    }

    @Test
    void rebuildingFromStoredSignalsIsBitForBit() {
        SignalHistory live = history(40);
        SignalHistory replay = new SignalHistory(G, 16);
        for (int t = 0; t < live.size(); t++) {
            replay.add(live.get(t));
        }
        Observation a = builder.build(live, 0.1, 100, 0.05, OptimizerFamily.ADAM);
        Observation b = builder.build(replay, 0.1, 100, 0.05, OptimizerFamily.ADAM);
        assertArrayEquals(a.patches(), b.patches());
        assertArrayEquals(a.patchMask(), b.patchMask());
        assertArrayEquals(a.globals(), b.globals());
    }

    @Test
    void rejectsAWindowThatIsNotWholePatches() {
        assertThrows(IllegalArgumentException.class, () -> new ObservationBuilder(60, 16, G, true));
    }
}
