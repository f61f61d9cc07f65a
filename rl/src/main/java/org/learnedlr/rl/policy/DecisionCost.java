package org.learnedlr.rl.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.rl.env.EnvConfig;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.run.Trainee;
import org.learnedlr.tensor.Rng;

/**
 * Measures what a decision costs: one actor forward at B = 1 (what evaluation and the embedded scheduler pay every K
 * steps), the actor + critic forwards of a PPO rollout decision, and a forward + backward of the actor at a PPO
 * minibatch size. Prints medians over repeated runs after a warm-up.
 *
 * <pre>java -cp ... org.learnedlr.rl.policy.DecisionCost [repeats] [minibatch]</pre>
 */
public final class DecisionCost {
    private DecisionCost() {
    }

    /** Median and 10th/90th percentiles in milliseconds. */
    public record Timing(double p10, double median, double p90) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "median %.3f ms (p10 %.3f, p90 %.3f)", median, p10, p90);
        }
    }

    public static void main(String[] args) {
        int repeats = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int minibatch = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        EnvConfig env = EnvConfig.learned(RunConfig.of(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.1, 2000, 0));
        ObservationLayout layout = ObservationLayout.of(env);
        PolicyConfig config = PolicyConfig.defaults(layout);
        Rng rng = new Rng(1);
        TransformerAgent agent = TransformerAgent.random(config, rng);
        Observation o = randomObservation(layout, rng, true);
        System.out.printf(Locale.ROOT, "policy: %s, actor parameters %d, critic parameters %d%n", config,
                agent.actor().parameterCount(), agent.critic().parameterCount());
        System.out.println("actor forward, B=1:            " + time(repeats, () -> agent.policy().meanAction(o)));
        System.out.println("actor forward, B=1, step 0:    "
                + time(repeats, () -> agent.policy().meanAction(randomObservation(layout, new Rng(2), false))));
        System.out.println("actor + critic forward, B=1:   " + time(repeats, () -> {
            try (NoGrad ignored = NoGrad.enter()) {
                agent.actionMean(List.of(o)).item();
                agent.value(List.of(o)).item();
            }
        }));
        List<Observation> batch = new ArrayList<>();
        for (int i = 0; i < minibatch; i++) {
            batch.add(randomObservation(layout, rng, true));
        }
        System.out.println("actor fwd+bwd, B=" + minibatch + ":        " + time(Math.max(5, repeats / 20), () -> {
            agent.actor().zeroGrad();
            Var m = agent.actionMean(batch);
            m.square().mean().backward();
        }));
    }

    /** A plausible observation: values in [-1, 1], every patch present (or none, for the step-0 decision). */
    public static Observation randomObservation(ObservationLayout layout, Rng rng, boolean full) {
        float[] patches = new float[layout.patches() * layout.patchFeatures()];
        float[] mask = new float[layout.patches()];
        if (full) {
            for (int i = 0; i < patches.length; i++) {
                patches[i] = (float) (2 * rng.nextDouble() - 1);
            }
            Arrays.fill(mask, 1f);
        }
        float[] globals = new float[layout.globals()];
        for (int i = 0; i < globals.length; i++) {
            globals[i] = (float) (2 * rng.nextDouble() - 1);
        }
        return new Observation(patches, mask, globals, layout.patchFeatures());
    }

    /** Runs {@code task} {@code repeats} times after a warm-up of the same length; returns its timing. */
    public static Timing time(int repeats, Runnable task) {
        for (int i = 0; i < repeats; i++) {
            task.run();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            task.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new Timing(ms[repeats / 10], ms[repeats / 2], ms[Math.min(repeats - 1, repeats * 9 / 10)]);
    }
}
