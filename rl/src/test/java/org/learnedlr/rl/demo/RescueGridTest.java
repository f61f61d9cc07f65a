package org.learnedlr.rl.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnedlr.rl.TestData;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;

class RescueGridTest {
    @TempDir
    Path dir;

    /** A stored episode with only what the rescue grid reads: its settings and outcome. */
    private static Demonstration episode(String expert, OptimizerFamily opt, double eta0, int steps, long seed,
                                         boolean diverged, double testLoss, double accuracy) {
        EnvConfig c = EnvConfig.learned(new RunConfig(Trainee.MLP, opt, eta0, steps, 32, 32, seed));
        DemoGrid.Entry e = new DemoGrid.Entry(expert, c);
        return new Demonstration(e.key(), expert, EpisodeSpec.of(c), List.of(), List.of(),
                new Demonstration.Outcome(diverged, testLoss, accuracy, 1.0));
    }

    @Test
    void failingBaseLrsAndOneBeyondAreRescuedToTheBestBaseLrOnEverySeed() {
        List<Demonstration> demos = new ArrayList<>();
        for (long seed = 0; seed < 2; seed++) {
            demos.add(episode("cosine", OptimizerFamily.SGD_MOMENTUM, 0.03, 100, seed, false, 0.09, 0.97));
            demos.add(episode("cosine", OptimizerFamily.SGD_MOMENTUM, 0.1, 100, seed, false, 0.06, 0.98));
            demos.add(episode("cosine", OptimizerFamily.SGD_MOMENTUM, 0.3, 100, seed, false, 0.5, 0.85));
            demos.add(episode("cosine", OptimizerFamily.SGD_MOMENTUM, 1.0, 100, seed, seed == 1, 2.3, 0.1));
            // Adam trains everywhere: nothing to rescue.
            demos.add(episode("cosine", OptimizerFamily.ADAM, 1e-3, 100, seed, false, 0.07, 0.98));
        }
        List<DemoGrid.Entry> rescues = RescueGrid.of(demos);
        // 0.3 fails on accuracy (85% < 90%), 1.0 on a divergence, 3.0 lies beyond: 3 base LRs x 2 seeds.
        assertEquals(6, rescues.size());
        Set<Double> eta0s = new TreeSet<>();
        for (DemoGrid.Entry e : rescues) {
            assertTrue(e.rescue());
            assertEquals(0.1, e.scheduleEta0());
            assertEquals(OptimizerFamily.SGD_MOMENTUM, e.config().run().optimizer());
            assertTrue(e.key().startsWith("cosine@0.1/sgd/"), e.key());
            eta0s.add(e.config().run().eta0());
        }
        assertEquals(Set.of(0.3, 1.0, 3.0), eta0s);
    }

    @Test
    void aGroupWithNothingThatTrainsOrNothingFailingGetsNoRescue() {
        List<Demonstration> demos = List.of(
                episode("cosine", OptimizerFamily.SGD_MOMENTUM, 1.0, 100, 0, true, 2.3, 0.1),
                episode("polynomial", OptimizerFamily.SGD_MOMENTUM, 0.1, 100, 0, false, 0.06, 0.98));
        assertEquals(List.of(), RescueGrid.of(demos));
    }

    @Test
    void aCollectedRescueRunsAtTheFailingBaseLrWithTheScheduleOfTheBestOneAndResumesByKey() throws IOException {
        RunConfig run = new RunConfig(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 1.0, 48, 32, 32, 0);
        DemoGrid.Entry rescue = new DemoGrid.Entry("cosine", EnvConfig.learned(run), 0.1);
        Path file = dir.resolve("demos.bin");
        DemoCollector collector = new DemoCollector(TestData.mnist(), 1);
        assertEquals(1, collector.collect(file, List.of(rescue), d -> { }));
        assertEquals(0, collector.collect(file, List.of(rescue), d -> { }));
        Demonstration d = DemoFile.readAll(file).get(0);
        assertEquals("cosine@0.1/sgd/1.0/48/0", d.key());
        assertEquals(1.0, d.episode().eta0());
        // The first decision cuts the LR from eta0 = 1.0 to the cosine schedule's start at 0.1.
        assertEquals(Math.log(0.1), d.decisions().get(0).action(), 1e-9);
        assertEquals(0.1, d.decisions().get(0).lr(), 1e-9);
    }
}
