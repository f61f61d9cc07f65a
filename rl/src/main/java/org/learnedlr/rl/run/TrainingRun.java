package org.learnedlr.rl.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalDouble;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.mnist.Batch;
import org.learnedlr.mnist.BatchConfig;
import org.learnedlr.mnist.BatchTensors;
import org.learnedlr.mnist.Batches;
import org.learnedlr.mnist.MnistDataset;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.nn.GradNorms;
import org.learnedlr.nn.Layer;
import org.learnedlr.nn.io.Checkpoint;
import org.learnedlr.nn.io.CheckpointException;
import org.learnedlr.nn.io.SafeTensors;
import org.learnedlr.nn.loss.Losses;
import org.learnedlr.nn.optim.HasMomentum;
import org.learnedlr.nn.optim.Optimizer;
import org.learnedlr.tensor.MemoryScope;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * One real training run, driven one step at a time from outside: the caller chooses each step's learning rate (a
 * schedule, a policy), and each step reports the train loss, the LR used and the per-module gradient norms. A
 * held-out validation mini-batch can be evaluated between steps, and whole splits at any time.
 *
 * <p>A diverging run is not an error: the step reports a NaN or infinite loss and the caller decides what to do.
 * Each step runs in a {@link MemoryScope}, so on a device backend its temporaries are freed when it ends.
 *
 * <pre>{@code
 * TrainingRun run = new TrainingRun(RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 2000, seed), data);
 * while (!run.finished()) {
 *     StepResult r = run.step(schedule.lr(run.stepsDone()));
 * }
 * Evaluation test = run.evaluate(data.test());
 * }</pre>
 */
public final class TrainingRun {
    private static final String CONFIG_KEY = "run.config";
    private static final String STEP_KEY = "run.step";
    private static final String VALIDATIONS_KEY = "run.validations";

    /** Examples per forward pass when evaluating a whole split. */
    private static final int EVAL_BATCH = 1000;

    private final RunConfig config;
    private final MnistSplits data;
    private final Layer model;
    private final Optimizer<?> optimizer;
    private final Batches trainBatches;
    private final Batches validationBatches;
    private long step;
    private long validations;

    public TrainingRun(RunConfig config, MnistSplits data) {
        this.config = config;
        this.data = data;
        Rng rng = new Rng(config.seed());
        this.model = config.trainee().build(rng.split());
        this.optimizer = config.optimizer().build(model.parameters(), config.eta0());
        this.trainBatches = new Batches(data.train(), BatchConfig.training(config.batchSize(), rng.nextLong()));
        this.validationBatches = new Batches(data.validation(),
                BatchConfig.training(Math.min(config.validationBatchSize(), data.validation().size()), rng.nextLong()));
    }

    public RunConfig config() {
        return config;
    }

    public Layer model() {
        return model;
    }

    public Optimizer<?> optimizer() {
        return optimizer;
    }

    /** Steps taken so far. */
    public long stepsDone() {
        return step;
    }

    /** True once the step budget is spent. */
    public boolean finished() {
        return step >= config.steps();
    }

    /** One optimizer step on the next training mini-batch at learning rate {@code lr}. */
    public StepResult step(double lr) {
        return step(lr, OptionalDouble.empty());
    }

    /**
     * One optimizer step at learning rate {@code lr}, and with the given momentum (SGD's momentum, Adam's beta1) if
     * present — for schedules such as OneCycle that cycle it.
     */
    public StepResult step(double lr, OptionalDouble momentum) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr: must be finite and >= 0, got " + lr + " at step " + step);
        }
        long start = System.nanoTime();
        Batch batch = trainBatches.batch(step);
        double loss;
        double[] norms;
        try (MemoryScope scope = MemoryScope.open()) {
            model.train(true);
            optimizer.zeroGrad();
            Var logits = model.forward(Var.constant(BatchTensors.images(batch)));   // (B, 10)
            Var lossVar = Losses.crossEntropy(logits, BatchTensors.labels(batch));  // ()
            lossVar.backward();
            loss = lossVar.item();
            norms = GradNorms.perModule(model);
            optimizer.setLr(lr);
            if (momentum.isPresent()) {
                if (!(optimizer instanceof HasMomentum m)) {
                    throw new IllegalArgumentException("momentum: optimizer " + optimizer.type() + " has none");
                }
                m.setMomentum(momentum.getAsDouble());
            }
            optimizer.step();
            optimizer.zeroGrad();
        }
        return new StepResult(step++, loss, lr, norms, System.nanoTime() - start);
    }

    /**
     * Saves the run's state — the model, the optimizer (its buffers, LR and momentum), the steps and validation
     * mini-batches done — to {@code file}, atomically. A run of the same configuration restored from it continues
     * exactly as this one would: the batches are a function of the step, the validation batches of their count.
     */
    public void save(Path file) throws IOException {
        Checkpoint.save(file, model, optimizer, Map.of(CONFIG_KEY, config.toString(), STEP_KEY, Long.toString(step),
                VALIDATIONS_KEY, Long.toString(validations)));
    }

    /**
     * Restores a state written by {@link #save} for the same configuration.
     *
     * @throws CheckpointException when the file was saved by a run of another configuration, or does not fit the
     *                             model and optimizer (nothing is changed then)
     */
    public void restore(Path file) throws IOException {
        Map<String, String> meta = SafeTensors.readHeader(file).metadata();
        if (!config.toString().equals(meta.get(CONFIG_KEY))) {
            throw new CheckpointException(file, "saved by a run of " + meta.get(CONFIG_KEY) + ", not " + config);
        }
        long savedStep;
        long savedValidations;
        try {
            savedStep = Long.parseLong(meta.get(STEP_KEY));
            savedValidations = Long.parseLong(meta.get(VALIDATIONS_KEY));
        } catch (NumberFormatException e) {
            throw new CheckpointException(file, "bad " + STEP_KEY + " or " + VALIDATIONS_KEY + " in its metadata");
        }
        Checkpoint.load(file, model, optimizer);
        step = savedStep;
        validations = savedValidations;
    }

    /** Mean loss on the next held-out validation mini-batch (eval mode, no gradient). */
    public double validationLoss() {
        Batch batch = validationBatches.batch(validations++);
        try (MemoryScope scope = MemoryScope.open(); NoGrad ignored = NoGrad.enter()) {
            model.train(false);
            Var logits = model.forward(Var.constant(BatchTensors.images(batch)));
            return Losses.crossEntropy(logits, BatchTensors.labels(batch)).item();
        } finally {
            model.train(true);
        }
    }

    /** Loss and accuracy over a whole split (eval mode, no gradient). */
    public Evaluation evaluate(MnistDataset split) {
        Batches all = new Batches(split, BatchConfig.evaluation(EVAL_BATCH));
        double lossSum = 0;
        long correct = 0;
        int n = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            model.train(false);
            for (int b = 0; b < all.batchesPerEpoch(); b++) {
                Batch batch = all.batch(b);
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor labels = BatchTensors.labels(batch);
                    Var logits = model.forward(Var.constant(BatchTensors.images(batch)));
                    lossSum += Losses.crossEntropy(logits, labels).item() * batch.size();
                    int[] predicted = logits.value().argmax(1, false).toIntArray();
                    int[] truth = batch.labels();
                    for (int i = 0; i < predicted.length; i++) {
                        if (predicted[i] == truth[i]) {
                            correct++;
                        }
                    }
                    n += batch.size();
                }
            }
        } finally {
            model.train(true);
        }
        return new Evaluation(lossSum / n, (double) correct / n, n);
    }

    /** The test split's loss and accuracy. */
    public Evaluation evaluateTest() {
        return evaluate(data.test());
    }
}
