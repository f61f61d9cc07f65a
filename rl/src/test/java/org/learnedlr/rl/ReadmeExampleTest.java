package org.learnedlr.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.mnist.BatchConfig;
import org.learnedlr.mnist.BatchTensors;
import org.learnedlr.mnist.Batches;
import org.learnedlr.nn.Layer;
import org.learnedlr.nn.loss.Losses;
import org.learnedlr.nn.optim.Optimizer;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.tensor.Rng;

/** The README's "your own training loop" example, run as written: the shipped policy in a plain loop. */
class ReadmeExampleTest {
    @Test
    void theShippedPolicyDrivesAPlainTrainingLoop() {
        int steps = 96;
        Layer model = Trainee.MLP.build(new Rng(0));
        Optimizer<?> optimizer = OptimizerFamily.SGD_MOMENTUM.build(model.parameters(), 0.1);
        Batches batches = new Batches(TestData.mnist().train(), BatchConfig.training(64, 0));
        List<Double> lrs = new ArrayList<>();
        List<Double> losses = new ArrayList<>();

        // --- the README's lines ---
        LearnedScheduler scheduler = new LearnedScheduler(LearnedScheduler.shippedPolicy(), 0.1, steps,
                OptimizerFamily.SGD_MOMENTUM);
        for (int step = 0; step < steps; step++) {
            optimizer.setLr(scheduler.lr());
            double loss = trainStep(model, optimizer, batches, step);   // forward, backward, optimizer.step()
            scheduler.step(loss, OptionalDouble.empty(), model);             // reads the gradient norms from the model
            // --- end ---
            lrs.add(optimizer.paramGroups().get(0).config().lr());
            losses.add(loss);
        }
        for (int t = 0; t < steps; t++) {
            double lr = lrs.get(t);
            assertTrue(lr >= 0.1 * 1e-3 && lr <= 0.1 * 10, "LR " + lr + " at step " + t + " outside the band");
            if (t % 16 != 0) {
                assertEquals(lrs.get(t - 1), lr, 0.0, "the LR changes only at decisions (every 16 steps)");
            }
        }
        double first = losses.subList(0, 16).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = losses.subList(steps - 16, steps).stream().mapToDouble(Double::doubleValue).average()
                .orElseThrow();
        assertTrue(last < 0.5 * first, "training under the shipped policy should learn: " + first + " -> " + last);
    }

    private static double trainStep(Layer model, Optimizer<?> optimizer, Batches batches, int step) {
        // No MemoryScope here: the scheduler reads the gradients after this returns.
        var batch = batches.batch(step);
        optimizer.zeroGrad();
        Var loss = Losses.crossEntropy(model.forward(Var.constant(BatchTensors.images(batch))),
                BatchTensors.labels(batch));
        loss.backward();
        optimizer.step();
        return loss.item();
    }
}
