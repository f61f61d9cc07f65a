package org.learnedlr.rl.run;

/**
 * One training run of a trainee on MNIST: what is trained, how, for how long, and from which seed. The seed fixes
 * everything random in the run (initial weights, the order of training batches, the held-out validation batches).
 *
 * @param trainee             the network
 * @param optimizer           SGD with momentum 0.9, or Adam
 * @param eta0                the base learning rate (what schedules scale; the optimizer starts with it)
 * @param steps               the step budget T
 * @param batchSize           training mini-batch size
 * @param validationBatchSize size of each held-out validation mini-batch
 * @param seed                the run's seed
 */
public record RunConfig(Trainee trainee, OptimizerFamily optimizer, double eta0, int steps, int batchSize,
                        int validationBatchSize, long seed) {

    public static final int DEFAULT_BATCH_SIZE = 128;
    public static final int DEFAULT_VALIDATION_BATCH_SIZE = 128;

    public RunConfig {
        if (trainee == null) {
            throw new IllegalArgumentException("trainee: must be given");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer: must be given");
        }
        if (!(eta0 > 0) || Double.isInfinite(eta0)) {
            throw new IllegalArgumentException("eta0: the base learning rate must be finite and > 0, got " + eta0);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps: the step budget must be at least 1, got " + steps);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: must be at least 1, got " + batchSize);
        }
        if (validationBatchSize < 1) {
            throw new IllegalArgumentException("validationBatchSize: must be at least 1, got " + validationBatchSize);
        }
    }

    /** The defaults of the design: batch 128, validation batches of 128. */
    public static RunConfig of(Trainee trainee, OptimizerFamily optimizer, double eta0, int steps, long seed) {
        return new RunConfig(trainee, optimizer, eta0, steps, DEFAULT_BATCH_SIZE, DEFAULT_VALIDATION_BATCH_SIZE, seed);
    }

    public RunConfig withSeed(long s) {
        return new RunConfig(trainee, optimizer, eta0, steps, batchSize, validationBatchSize, s);
    }

    public RunConfig withSteps(int t) {
        return new RunConfig(trainee, optimizer, eta0, t, batchSize, validationBatchSize, seed);
    }

    public RunConfig withEta0(double lr) {
        return new RunConfig(trainee, optimizer, lr, steps, batchSize, validationBatchSize, seed);
    }

    public RunConfig withBatchSize(int b) {
        return new RunConfig(trainee, optimizer, eta0, steps, b, validationBatchSize, seed);
    }
}
