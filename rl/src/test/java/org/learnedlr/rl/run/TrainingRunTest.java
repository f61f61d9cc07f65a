package org.learnedlr.rl.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnedlr.nn.io.CheckpointException;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.nn.optim.Sgd;
import org.learnedlr.rl.TestData;
import org.learnedlr.rl.schedule.Cosine;

class TrainingRunTest {
    @TempDir
    Path dir;

    @Test
    void aRunRestoredFromItsCheckpointContinuesBitForBit() throws IOException {
        MnistSplits data = TestData.mnist();
        for (OptimizerFamily opt : OptimizerFamily.values()) {
            RunConfig c = new RunConfig(Trainee.MLP, opt, opt == OptimizerFamily.ADAM ? 1e-3 : 0.1, 12, 32, 32, 3);
            TrainingRun straight = new TrainingRun(c, data);
            TrainingRun first = new TrainingRun(c, data);
            for (int i = 0; i < 6; i++) {
                straight.step(c.eta0() * (1 - i / 12.0));
                first.step(c.eta0() * (1 - i / 12.0));
                if (i % 2 == 0) {
                    straight.validationLoss();
                    first.validationLoss();
                }
            }
            Path file = dir.resolve(opt.id() + ".safetensors");
            first.save(file);
            TrainingRun resumed = new TrainingRun(c, data);
            resumed.restore(file);
            assertEquals(6, resumed.stepsDone());
            for (int i = 6; i < 12; i++) {
                StepResult a = straight.step(c.eta0() * (1 - i / 12.0));
                StepResult b = resumed.step(c.eta0() * (1 - i / 12.0));
                assertEquals(a.trainLoss(), b.trainLoss(), 0.0, opt + " step " + i);
                assertEquals(a.gradNorms()[1], b.gradNorms()[1], 0.0, opt + " step " + i);
            }
            assertEquals(straight.validationLoss(), resumed.validationLoss(), 0.0);
            assertTrue(resumed.finished());

            TrainingRun another = new TrainingRun(c.withSeed(4), data);
            CheckpointException e = assertThrows(CheckpointException.class, () -> another.restore(file));
            assertTrue(e.getMessage().contains("saved by a run of"), e.getMessage());
            assertEquals(0, another.stepsDone());
        }
    }

    @Test
    void mlpReaches95PercentTestAccuracyWithin300Steps() {
        MnistSplits data = TestData.mnist();
        TrainingRun run = new TrainingRun(RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 300, 0), data);
        Cosine schedule = new Cosine(0.1, 300);
        double first = Double.NaN;
        StepResult last = null;
        while (!run.finished()) {
            last = run.step(schedule.lr(run.stepsDone()));
            if (Double.isNaN(first)) {
                first = last.trainLoss();
            }
        }
        assertEquals(299, last.step());
        assertEquals(2, last.gradNorms().length);
        assertTrue(first > 2.0, "an untrained 10-class network starts near ln 10: " + first);
        Evaluation test = run.evaluateTest();
        assertEquals(10_000, test.examples());
        assertTrue(test.accuracy() >= 0.95, "test accuracy " + test.accuracy());
    }

    @Test
    void theSameSeedGivesTheSameRunBitForBit() {
        MnistSplits data = TestData.mnist();
        RunConfig c = new RunConfig(Trainee.MLP, OptimizerFamily.ADAM, 1e-3, 20, 32, 32, 5);
        TrainingRun a = new TrainingRun(c, data);
        TrainingRun b = new TrainingRun(c, data);
        TrainingRun other = new TrainingRun(c.withSeed(6), data);
        for (int i = 0; i < 20; i++) {
            StepResult ra = a.step(1e-3);
            StepResult rb = b.step(1e-3);
            assertEquals(ra.trainLoss(), rb.trainLoss(), 0.0);
            assertEquals(ra.gradNorms()[0], rb.gradNorms()[0], 0.0);
            if (i == 19) {
                assertFalse(ra.trainLoss() == other.step(1e-3).trainLoss());
            } else {
                other.step(1e-3);
            }
        }
        assertEquals(a.validationLoss(), b.validationLoss(), 0.0);
    }

    @Test
    void divergenceIsReportedNotThrown() {
        TrainingRun run = new TrainingRun(new RunConfig(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 1e5, 30, 32, 32, 1),
                TestData.mnist());
        boolean sawNonFinite = false;
        while (!run.finished()) {
            sawNonFinite |= !run.step(1e5).finite();
        }
        assertTrue(sawNonFinite);
        assertTrue(Double.isNaN(run.evaluateTest().loss()) || run.evaluateTest().accuracy() < 0.5);
    }

    @Test
    void momentumCanBeScheduledAndBadLearningRatesAreRejected() {
        TrainingRun run = new TrainingRun(new RunConfig(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 5, 16, 16, 2),
                TestData.mnist());
        run.step(0.05, OptionalDouble.of(0.85));
        assertEquals(0.85, ((Sgd) run.optimizer()).momentum(0), 0.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> run.step(Double.NaN));
        assertTrue(e.getMessage().contains("lr"));
    }
}
