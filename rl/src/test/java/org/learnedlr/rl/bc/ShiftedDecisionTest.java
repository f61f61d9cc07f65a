package org.learnedlr.rl.bc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnedlr.rl.TestData;
import org.learnedlr.rl.demo.Demonstration;
import org.learnedlr.rl.demo.ExpertEpisode;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.env.ObservationBuilder;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.rl.schedule.Catalog;

class ShiftedDecisionTest {
    private static DemoDecisions cosineDecisions() {
        RunConfig run = new RunConfig(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 64, 32, 32, 3);
        Demonstration d = ExpertEpisode.run("c", "cosine", Catalog.byName("cosine", 0.1, 64), EnvConfig.learned(run),
                TestData.mnist());
        return new DemoDecisions(List.of(d));
    }

    @Test
    void shiftingMovesOnlyTheLrFeaturesOfRecordedStepsAndLabelsTheCorrection() {
        DemoDecisions data = cosineDecisions();
        DemoDecisions.Item item = data.items().get(3);                 // step 48: three intervals recorded
        ObservationBuilder b = data.layout().builder();
        int sf = b.stepFeatures();
        Observation plain = data.observation(item);
        DemoDecisions.Example ex = data.shifted(item, 0.7);
        Observation shifted = ex.observation();
        int moved = 0;
        for (int i = 0; i < plain.patches().length; i++) {
            boolean lrOfRecordedStep = i % sf == 3 && plain.patches()[i - 3] == 1f;
            if (lrOfRecordedStep) {
                assertEquals(plain.patches()[i] + 0.7f, shifted.patches()[i], 1e-6f, "LR feature at " + i);
                moved++;
            } else {
                assertEquals(plain.patches()[i], shifted.patches()[i], "feature " + i + " must not move");
            }
        }
        assertEquals(48, moved, "one LR feature per recorded step");
        assertEquals(plain.globals()[1] + 0.7f, shifted.globals()[1], 1e-6f);
        assertEquals(plain.globals()[0], shifted.globals()[0]);
        assertEquals(plain.globals()[2], shifted.globals()[2], "log10(eta0) is absolute: it stays");
        assertArrayEquals(plain.patchMask(), shifted.patchMask());
        // From an LR e^0.7 too high, the expert's correction is its own action minus 0.7.
        assertEquals(item.action() - 0.7, ex.action(), 1e-12);
        assertEquals(item.action(), data.shifted(item, 0).action());
    }

    @Test
    void withoutTheAbsoluteGlobalsOnlyLog10Eta0AndTheFamilyAreLeftOut() {
        DemoDecisions with = cosineDecisions();
        DemoDecisions without = new DemoDecisions(with.episodes().stream()
                .map(Demonstration::withoutAbsoluteGlobals).toList());
        assertTrue(with.layout().absoluteGlobals());
        assertEquals(false, without.layout().absoluteGlobals());
        for (int i = 0; i < with.items().size(); i++) {
            Observation a = with.observation(with.items().get(i));
            Observation b = without.observation(without.items().get(i));
            assertArrayEquals(a.patches(), b.patches());
            assertEquals(a.globals()[0], b.globals()[0]);
            assertEquals(a.globals()[1], b.globals()[1]);
            assertEquals((float) Math.log10(0.1), a.globals()[2], 1e-6f);
            assertEquals(1f, a.globals()[3], "SGD");
            assertEquals(0f, b.globals()[2]);
            assertEquals(0f, b.globals()[3]);
            assertEquals(with.items().get(i).action(), without.items().get(i).action());
        }
    }

    @Test
    void theCorrectionRespectsTheClamp() {
        DemoDecisions data = cosineDecisions();
        DemoDecisions.Item item = data.items().get(2);
        double clamp = data.actions().maxLogChange();
        assertTrue(data.shifted(item, -(clamp + 3)).action() <= clamp + 1e-12);
        assertEquals(clamp, data.shifted(item, -(clamp + 3)).action(), 1e-12);
    }
}
