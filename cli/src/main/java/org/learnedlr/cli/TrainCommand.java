package org.learnedlr.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.rl.run.Evaluation;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.StepResult;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.rl.run.TrainingRun;
import org.learnedlr.rl.schedule.Catalog;
import org.learnedlr.rl.schedule.Schedule;
import org.learnedlr.tensor.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code learnedlr train}: trains a trainee on MNIST with a hand-made schedule and reports test loss and accuracy. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network on MNIST with a learning-rate schedule; print the test loss and accuracy.")
public final class TrainCommand implements Callable<Integer> {
    static final String CHECKPOINT = "checkpoint.safetensors";
    static final String RESULT = "result.json";

    @Option(names = "--trainee", defaultValue = "mlp", description = "mlp, resnet18 or resnet18-small-stem (default: ${DEFAULT-VALUE}).")
    String trainee;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd (momentum 0.9) or adam (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.1", description = "Base learning rate eta0 (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--steps", defaultValue = "2000", description = "Step budget T (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--batch-size", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--schedule", defaultValue = "cosine", description = "constant, step, onecycle, linear-warmup, "
            + "cosine, polynomial, rex or wsd, in their default shapes (docs/schedules.md) (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--log-every", defaultValue = "100", description = "Print progress every N steps (default: ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--run-dir", description = "Write a run directory: run.json (the exact configuration and "
            + "versions), steps.csv (every step), a checkpoint and result.json; resume the run if it exists.")
    Path runDir;

    @Option(names = "--checkpoint-every", defaultValue = "500",
            description = "With --run-dir, checkpoint every N steps (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Spec
    CommandSpec spec;

    @Mixin
    Output output;

    @Mixin
    DataOptions data;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws IOException {
        Backend backend = backendOptions.apply();
        RunConfig config = new RunConfig(Trainee.parse(trainee), OptimizerFamily.parse(optimizer), lr, steps, batchSize,
                RunConfig.DEFAULT_VALIDATION_BATCH_SIZE, seed);
        Schedule s;
        try {
            s = Catalog.byName(schedule, lr, steps);
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();   // "schedule: unknown ... (known: ...)", or a shape that T cannot fit
            throw new IllegalArgumentException(m.startsWith("schedule: ") ? "--" + m
                    : "--schedule " + schedule + ": " + m, e);
        }
        if (logEvery < 1) {
            throw new IllegalArgumentException("--log-every: must be at least 1, got " + logEvery);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("--checkpoint-every: must be at least 1, got " + checkpointEvery);
        }
        MnistSplits splits = data.load();
        TrainingRun run = new TrainingRun(config, splits);
        Path checkpoint = runDir == null ? null : runDir.resolve(CHECKPOINT);
        if (runDir != null && RunManifest.claim(runDir, spec, Set.of("--log-every", "--checkpoint-every"))
                && Files.exists(checkpoint)) {
            run.restore(checkpoint);
            output.detail(String.format(Locale.ROOT, "resuming %s at step %d", runDir, run.stepsDone()));
        }
        output.detail(String.format(Locale.ROOT,
                "training %s with %s, %s schedule from lr %g, %d steps, batch %d, seed %d, backend %s",
                config.trainee().id(), config.optimizer().id(), s.name(), lr, steps, batchSize, seed, backend.name()));
        Progress progress = output.progress("train", "steps", steps, run.stepsDone());
        boolean diverged = false;
        long start = System.nanoTime();
        long startStep = run.stepsDone();
        double lossSum = 0;
        int lossCount = 0;
        try (StepLog log = runDir == null ? null
                : StepLog.open(runDir, run.stepsDone(), run.model().parameterOwners().size())) {
            while (!run.finished()) {
                long t = run.stepsDone();
                StepResult r = run.step(s.lr(t), s.momentum(t));   // OneCycle also cycles the momentum
                if (!r.finite()) {
                    output.summary(String.format(Locale.ROOT,
                            "step %d: the loss is %s — training diverged; stopping", r.step(), r.trainLoss()));
                    diverged = true;
                    if (log != null) {
                        log.add(r, OptionalDouble.empty());
                    }
                    break;
                }
                lossSum += r.trainLoss();
                lossCount++;
                boolean report = (r.step() + 1) % logEvery == 0 || run.finished();
                OptionalDouble validation = report ? OptionalDouble.of(run.validationLoss()) : OptionalDouble.empty();
                if (log != null) {
                    log.add(r, validation);
                    if (run.stepsDone() % checkpointEvery == 0 || run.finished()) {
                        log.flush();
                        run.save(checkpoint);
                    }
                }
                if (report) {
                    double msPerStep = (System.nanoTime() - start) / 1e6 / (run.stepsDone() - startStep);
                    progress.step(r.step() + 1, String.format(Locale.ROOT,
                            "step %5d  lr %.5f  train loss %.4f  validation loss %.4f  %.1f ms/step", r.step() + 1,
                            r.lr(), lossSum / lossCount, validation.getAsDouble(), msPerStep), Map.of("lr", r.lr(),
                            "train_loss", lossSum / lossCount, "validation_loss", validation.getAsDouble(),
                            "ms_per_step", msPerStep));
                    lossSum = 0;
                    lossCount = 0;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation test = run.evaluateTest();
        output.summary(String.format(Locale.ROOT,
                "test loss %.4f, test accuracy %.2f%% (%d images); %.1f s of training", test.loss(),
                100 * test.accuracy(), test.examples(), seconds));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("steps", run.stepsDone());
        result.put("diverged", diverged);
        result.put("test_loss", test.loss());
        result.put("test_accuracy", test.accuracy());
        result.put("test_images", test.examples());
        result.put("seconds", seconds);
        output.result(result);
        if (runDir != null) {
            RunManifest.writeJson(runDir.resolve(RESULT), result);
        }
        return 0;
    }
}
