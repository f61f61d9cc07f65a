package org.learnedlr.rl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import org.learnedlr.nn.GradNorms;
import org.learnedlr.nn.Module;
import org.learnedlr.nn.optim.Optimizer;
import org.learnedlr.rl.env.ActionSpace;
import org.learnedlr.rl.env.GradBuckets;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.env.ObservationBuilder;
import org.learnedlr.rl.env.SignalHistory;
import org.learnedlr.rl.env.StepSignal;
import org.learnedlr.rl.policy.PolicyIO;
import org.learnedlr.rl.policy.SavedPolicy;
import org.learnedlr.rl.run.OptimizerFamily;

/**
 * A learned learning-rate scheduler for any training loop. Give it each step's train loss, the validation loss when
 * there is one, and the per-module gradient norms (or the model, to read them); ask it for the learning rate of the
 * next step. It uses the policy's mean action (deterministic), decides at step 0 and then every K steps, and keeps
 * the LR constant in between. Observations come from the same {@link ObservationBuilder} the policy was trained on,
 * so, fed the signals of an environment episode, it gives that episode's learning rates bit for bit.
 *
 * <pre>{@code
 * LearnedScheduler lrs = new LearnedScheduler(LearnedScheduler.shippedPolicy(), 0.1, 2000, OptimizerFamily.SGD_MOMENTUM);
 * for (int t = 0; t < 2000; t++) {
 *     optimizer.setLr(lrs.lr());
 *     double loss = trainStep();                              // forward, backward, optimizer.step()
 *     lrs.step(loss, OptionalDouble.empty(), model);          // or the norms as a double[]
 * }
 * }</pre>
 *
 * <p>Defined behaviour at the edges:
 * <ul>
 *   <li><b>Past the budget</b>: it keeps deciding every K steps with a left-step fraction of 0, the end-of-run
 *       state the policy was trained to finish in; the LR stays inside the policy's band.</li>
 *   <li><b>Unknown budget</b> ({@code totalSteps <= 0}): the left-step fraction is 0 throughout.</li>
 *   <li><b>No validation loss</b> at a step: the last one is held; before the first, the step's train loss stands
 *       in for it.</li>
 *   <li><b>No gradient norms</b> ({@code null} or empty): the previous step's buckets are repeated; before any, the
 *       buckets are 0 (a norm of 1).</li>
 *   <li><b>A non-finite loss</b>: recorded as it is; the observation reads it as "very large" and the policy reacts.
 *       Nothing throws.</li>
 * </ul>
 * Not thread-safe; one scheduler per training run. State: {@link #saveState()} / {@link #restoreState(byte[])}.
 */
public final class LearnedScheduler {
    /** Classpath directory of the policy shipped in the jar. */
    public static final String SHIPPED_POLICY = "/org/learnedlr/rl/shipped-policy/";

    private static final int STATE_VERSION = 1;

    private final SavedPolicy policy;
    private final double eta0;
    private final long totalSteps;
    private final OptimizerFamily family;
    private final ObservationBuilder builder;
    private final ActionSpace actions;
    private final int interval;
    private final UnaryOperator<Observation> view;
    private SignalHistory history;
    private double lr;
    private double heldValidation = Double.NaN;
    private double[] lastBuckets;

    /**
     * @param policy     the policy (see {@link #shippedPolicy()})
     * @param eta0       the base learning rate of the run
     * @param totalSteps the step budget T, or <= 0 if unknown
     * @param family     the optimizer in use (one of the policy's observations)
     */
    public LearnedScheduler(SavedPolicy policy, double eta0, long totalSteps, OptimizerFamily family) {
        this(policy, eta0, totalSteps, family, UnaryOperator.identity());
    }

    /**
     * A scheduler whose policy sees {@code view(observation)} instead of the observation itself: for ablations
     * that ask what the policy uses (e.g. its windows shuffled). Everything else is as for the plain scheduler.
     */
    public LearnedScheduler(SavedPolicy policy, double eta0, long totalSteps, OptimizerFamily family,
                            UnaryOperator<Observation> view) {
        if (view == null) {
            throw new IllegalArgumentException("view: give UnaryOperator.identity() for the plain scheduler");
        }
        this.view = view;
        if (!(eta0 > 0) || Double.isInfinite(eta0)) {
            throw new IllegalArgumentException("eta0: the base learning rate must be finite and > 0, got " + eta0);
        }
        if (family == null) {
            throw new IllegalArgumentException("family: the optimizer family must be given");
        }
        this.policy = policy;
        this.eta0 = eta0;
        this.totalSteps = totalSteps;
        this.family = family;
        this.builder = policy.layout().builder();
        this.actions = policy.actions();
        this.interval = policy.layout().decisionInterval();
        this.history = new SignalHistory(builder.buckets(), interval);
        this.lr = eta0;
        decide();
    }

    /** The policy shipped in the jar: the best BC+PPO policy of the evaluation (docs/shipped-policy.md). */
    public static SavedPolicy shippedPolicy() {
        try {
            return loadResource(SHIPPED_POLICY);
        } catch (IOException e) {
            throw new UncheckedIOException("the shipped policy could not be read from the jar", e);
        }
    }

    /** A policy directory on the class path (policy.json and policy.safetensors), e.g. inside a jar. */
    public static SavedPolicy loadResource(String directory) throws IOException {
        java.nio.file.Path tmp = java.nio.file.Files.createTempDirectory("learnedlr-policy");
        try {
            for (String name : new String[]{PolicyIO.DESCRIPTION, PolicyIO.WEIGHTS}) {
                try (java.io.InputStream in = LearnedScheduler.class.getResourceAsStream(directory + name)) {
                    if (in == null) {
                        throw new IOException("no resource " + directory + name + " on the class path");
                    }
                    java.nio.file.Files.copy(in, tmp.resolve(name));
                }
            }
            return PolicyIO.load(tmp);
        } finally {
            for (String name : new String[]{PolicyIO.DESCRIPTION, PolicyIO.WEIGHTS}) {
                java.nio.file.Files.deleteIfExists(tmp.resolve(name));
            }
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }

    /** The learning rate for the next step. */
    public double lr() {
        return lr;
    }

    /** Steps recorded so far. */
    public long stepsSeen() {
        return history.size();
    }

    /** Sets the learning rate of every parameter group of a learnedlr optimizer to {@link #lr()}. */
    public void applyTo(Optimizer<?> optimizer) {
        optimizer.setLr(lr);
    }

    /**
     * Records the step just taken (at {@link #lr()}) and returns the learning rate for the next one.
     *
     * @param trainLoss      the step's mini-batch loss
     * @param validationLoss a held-out loss if one was measured at this step
     * @param gradNorms      per-module gradient norms (weight and bias of a layer together) in depth order, or null
     */
    public double step(double trainLoss, OptionalDouble validationLoss, double[] gradNorms) {
        if (validationLoss.isPresent()) {
            heldValidation = validationLoss.getAsDouble();
        } else if (Double.isNaN(heldValidation)) {
            heldValidation = trainLoss;
        }
        double[] buckets;
        if (gradNorms != null && gradNorms.length > 0) {
            buckets = GradBuckets.logBuckets(gradNorms, builder.buckets());
        } else {
            buckets = lastBuckets != null ? lastBuckets : new double[builder.buckets()];
        }
        return record(trainLoss, buckets);
    }

    /**
     * Records a step whose signals are already reduced (the held validation loss and the G log-norm buckets, as
     * the environment and the evaluation record them); the LR recorded is this scheduler's. Returns the next LR.
     */
    public double step(StepSignal reduced) {
        heldValidation = reduced.validationLoss();
        return record(reduced.trainLoss(), reduced.logGradBuckets());
    }

    private double record(double trainLoss, double[] buckets) {
        lastBuckets = buckets;
        history.add(new StepSignal(trainLoss, heldValidation, lr, buckets));
        if (history.size() % interval == 0) {
            decide();
        }
        return lr;
    }

    /** As {@link #step(double, OptionalDouble, double[])}, reading the norms from the model's gradients. */
    public double step(double trainLoss, OptionalDouble validationLoss, Module model) {
        return step(trainLoss, validationLoss, GradNorms.perModule(model));
    }

    private void decide() {
        double a = policy.meanAction(view.apply(builder.build(history, eta0, totalSteps, lr, family)));
        lr = actions.apply(lr, a, eta0);
    }

    /** The scheduler's state (everything it has seen), to resume a run with {@link #restoreState}. */
    public byte[] saveState() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(STATE_VERSION);
            out.writeDouble(eta0);
            out.writeLong(totalSteps);
            out.writeDouble(lr);
            out.writeDouble(heldValidation);
            out.writeInt(history.size());
            out.writeInt(history.buckets());
            for (int t = 0; t < history.size(); t++) {
                StepSignal s = history.get(t);
                out.writeFloat((float) s.trainLoss());
                out.writeFloat((float) s.validationLoss());
                out.writeFloat((float) s.lr());
                for (double g : s.logGradBuckets()) {
                    out.writeFloat((float) g);
                }
            }
            out.writeBoolean(lastBuckets != null);
            if (lastBuckets != null) {
                for (double g : lastBuckets) {
                    out.writeDouble(g);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Restores a state written by {@link #saveState()} of a scheduler with the same base LR and budget; a state of
     * another run or a damaged one is rejected and leaves this scheduler unchanged.
     */
    public void restoreState(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            int version = in.readInt();
            if (version != STATE_VERSION) {
                throw new IllegalArgumentException("state: unknown version " + version);
            }
            double e = in.readDouble();
            long t = in.readLong();
            if (e != eta0 || t != totalSteps) {
                throw new IllegalArgumentException("state: saved for eta0 " + e + " and budget " + t
                        + ", this scheduler has eta0 " + eta0 + " and budget " + totalSteps);
            }
            double savedLr = in.readDouble();
            double savedHeld = in.readDouble();
            int n = in.readInt();
            int g = in.readInt();
            if (g != builder.buckets() || n < 0 || (long) n * (3 + g) * 4 > state.length) {
                throw new IllegalArgumentException("state: damaged (" + n + " steps of " + g + " buckets)");
            }
            SignalHistory h = new SignalHistory(g, interval);
            for (int i = 0; i < n; i++) {
                double loss = in.readFloat();
                double val = in.readFloat();
                double l = in.readFloat();
                double[] b = new double[g];
                for (int j = 0; j < g; j++) {
                    b[j] = in.readFloat();
                }
                h.add(new StepSignal(loss, val, l, b));
            }
            double[] last = null;
            if (in.readBoolean()) {
                last = new double[g];
                for (int j = 0; j < g; j++) {
                    last[j] = in.readDouble();
                }
            }
            history = h;
            lr = savedLr;
            heldValidation = savedHeld;
            lastBuckets = last;
        } catch (IOException e) {
            throw new IllegalArgumentException("state: damaged (" + e.getMessage() + ")", e);
        }
    }
}
