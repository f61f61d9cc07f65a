package org.learnedlr.rl.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnedlr.rl.TestData;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.LrEnvironment;
import org.learnedlr.rl.env.RewardConfig;
import org.learnedlr.rl.env.StepOutcome;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.rl.schedule.Catalog;

class RewardReplayTest {
    private static final RewardConfig SHAPED = new RewardConfig(0.3, 0.7, -11, 3);

    /** The live return: the demonstration's actions played again in a fresh environment, rewards summed. */
    private static double liveReturn(Demonstration d, EnvConfig config) {
        LrEnvironment env = new LrEnvironment(config, TestData.mnist());
        env.reset();
        double sum = 0;
        for (Demonstration.Decision decision : d.decisions()) {
            StepOutcome o = env.act(decision.action());
            sum += o.reward();
            if (o.done()) {
                break;
            }
        }
        return sum;
    }

    private static Demonstration demo(String expert, double eta0, EnvConfig config) {
        RunConfig r = config.run();
        return ExpertEpisode.run(expert + "/" + eta0, expert, Catalog.byName(expert, eta0, r.steps()), config,
                TestData.mnist());
    }

    @Test
    void replayedReturnEqualsTheEnvironmentsLiveReturn() {
        EnvConfig config = EnvConfig.learned(new RunConfig(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 80, 32, 32,
                5)).withReward(SHAPED);
        Demonstration d = demo("cosine", 0.1, config);
        RewardReplay replay = RewardReplay.of(d, SHAPED.divergenceFactor());
        assertTrue(!replay.diverged() && replay.smoothness() > 0 && replay.generalisation() >= 0, replay.toString());
        assertEquals(liveReturn(d, config), replay.episodeReturn(SHAPED), 1e-9);
    }

    @Test
    void aDivergingEpisodeReplaysWithItsPenalty() {
        EnvConfig config = EnvConfig.learned(new RunConfig(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 30.0, 80, 32, 32,
                5)).withReward(SHAPED);
        Demonstration d = demo("constant", 30.0, config);
        assertTrue(d.outcome().diverged(), "SGD at 30 should diverge");
        RewardReplay replay = RewardReplay.of(d, SHAPED.divergenceFactor());
        assertTrue(replay.diverged());
        assertEquals(liveReturn(d, config), replay.episodeReturn(SHAPED), 1e-9);
    }

    @Test
    void agreementCountsPairsOfOneCellOrderedLikeTheTestLoss() {
        EnvConfig config = EnvConfig.learned(new RunConfig(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 48, 32, 32,
                5));
        List<Demonstration> cell = List.of(demo("cosine", 0.1, config), demo("constant", 0.1, config));
        List<RewardAblation.Row> rows = RewardAblation.run(cell, List.of(RewardConfig.DEFAULT));
        assertEquals(1, rows.get(0).pairs());
        double ra = RewardReplay.of(cell.get(0), 3).episodeReturn(RewardConfig.DEFAULT);
        double rb = RewardReplay.of(cell.get(1), 3).episodeReturn(RewardConfig.DEFAULT);
        boolean concordant = (ra - rb) * (cell.get(0).outcome().testLoss() - cell.get(1).outcome().testLoss()) < 0;
        assertEquals(concordant ? 1 : 0, rows.get(0).concordant());
    }
}
