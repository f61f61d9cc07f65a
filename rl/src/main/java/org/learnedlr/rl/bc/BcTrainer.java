package org.learnedlr.rl.bc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.optim.Adam;
import org.learnedlr.nn.optim.AdamConfig;
import org.learnedlr.nn.optim.GradClip;
import org.learnedlr.rl.demo.Demonstration;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.policy.PolicyConfig;
import org.learnedlr.rl.policy.TransformerPolicy;
import org.learnedlr.rl.schedule.Experts;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/**
 * Behavioural cloning of the actor's mean on expert demonstrations (DESIGN.md section 4):
 * <pre>
 *   split episodes into train / held-out (seeded shuffle)
 *   for epoch in 1..epochs:
 *       for each shuffled minibatch of training decisions (o_i, a_i):
 *           loss = mean_i (mu(o_i) - a_i)^2          MSE; the log-std is not trained
 *           backward, clip the global gradient norm, Adam step
 *       held-out error = sqrt(mean over held-out decisions of (mu(o) - a)^2)
 *       keep the weights of the best held-out error; stop after `patience` epochs without improvement
 * </pre>
 * Everything is seeded by {@link BcConfig#seed()}: the same demonstrations and configuration give the same policy.
 */
public final class BcTrainer {
    /** The name of the policy trained on every expert's demonstrations. */
    public static final String ALL = "all";
    /** Decisions per forward pass when measuring the held-out error. */
    private static final int EVAL_BATCH = 128;

    private BcTrainer() {
    }

    /** Trains with the design's architecture ({@link PolicyConfig#defaults}) for the demonstrations' layout. */
    public static BcResult train(List<Demonstration> demonstrations, BcConfig config) {
        return train(demonstrations, config, null, epoch -> { });
    }

    /**
     * Trains a policy.
     *
     * @param policyConfig the architecture, or null for the design's defaults for the demonstrations' layout
     * @param log          hears of each finished epoch
     * @throws IllegalArgumentException when no demonstration passes the expert filter, when a held-out split is
     *                                  asked for with fewer than two episodes, or when the architecture does not fit
     *                                  the demonstrations' observations
     */
    public static BcResult train(List<Demonstration> demonstrations, BcConfig config, PolicyConfig policyConfig,
                                 Consumer<BcEpoch> log) {
        String name = config.experts().isEmpty() ? ALL : String.join("+", config.experts());
        List<Demonstration> chosen = filter(demonstrations, config.experts());
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("experts: no demonstration of " + (config.experts().isEmpty()
                    ? "any expert" : config.experts()) + " among " + demonstrations.size());
        }
        Rng rng = new Rng(config.seed());
        int[] order = new int[chosen.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        rng.shuffle(order);
        int heldOutCount = 0;
        if (config.heldOutFraction() > 0) {
            if (chosen.size() < 2) {
                throw new IllegalArgumentException("heldOutFraction: a held-out split needs at least 2 episodes, got "
                        + chosen.size());
            }
            heldOutCount = Math.max(1, Math.min(chosen.size() - 1,
                    (int) Math.round(chosen.size() * config.heldOutFraction())));
        }
        List<Demonstration> heldOut = new ArrayList<>();
        List<Demonstration> training = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            (i < heldOutCount ? heldOut : training).add(chosen.get(order[i]));
        }
        DemoDecisions train = new DemoDecisions(training);
        DemoDecisions valid = heldOut.isEmpty() ? null : new DemoDecisions(heldOut);
        if (valid != null && (!valid.layout().equals(train.layout()) || !valid.actions().equals(train.actions()))) {
            throw new IllegalArgumentException("demonstrations: held-out and training episodes differ in layout or "
                    + "action space");
        }
        PolicyConfig pc = policyConfig != null ? policyConfig : PolicyConfig.defaults(train.layout());
        if (!pc.fits(train.layout())) {
            throw new IllegalArgumentException("policyConfig: " + pc + " does not fit the demonstrations' layout "
                    + train.layout());
        }

        TransformerPolicy policy = new TransformerPolicy(pc, rng.split());
        List<Var> meanParams = new ArrayList<>(policy.parameters());
        meanParams.remove(policy.logStd());
        Adam adam = new Adam(meanParams, AdamConfig.adam().withLr(config.lr()).withWeightDecay(config.weightDecay()));

        List<Double> trainLoss = new ArrayList<>();
        List<Double> heldOutError = new ArrayList<>();
        double initial = valid == null ? Double.NaN : rmsError(policy, valid);
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        Map<String, Tensor> bestState = null;
        int[] idx = new int[train.size()];
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            rng.shuffle(idx);
            policy.train(true);
            double sum = 0;
            for (int start = 0; start < idx.length; start += config.batchSize()) {
                int n = Math.min(config.batchSize(), idx.length - start);
                List<Observation> observations = new ArrayList<>(n);
                float[] target = new float[n];
                for (int j = 0; j < n; j++) {
                    DemoDecisions.Item it = train.items().get(idx[start + j]);
                    double delta = config.lrShift() > 0 && rng.nextDouble() < 0.5
                            ? (2 * rng.nextDouble() - 1) * config.lrShift() : 0;
                    DemoDecisions.Example ex = train.shifted(it, delta);
                    observations.add(ex.observation());
                    target[j] = (float) ex.action();
                }
                adam.zeroGrad();
                Var mean = policy.mean(observations);                                // (n, 1)
                Var loss = mean.sub(Var.constant(Tensor.of(target, n, 1))).square().mean();  // ()
                loss.backward();
                GradClip.clipGlobalNorm(meanParams, config.maxGradNorm());
                adam.step();
                sum += loss.item() * n;
            }
            policy.zeroGrad();
            trainLoss.add(sum / idx.length);
            if (valid == null) {
                bestEpoch = epoch;
                log.accept(new BcEpoch(name, epoch, config.epochs(), sum / idx.length, Double.NaN));
                continue;
            }
            double err = rmsError(policy, valid);
            heldOutError.add(err);
            log.accept(new BcEpoch(name, epoch, config.epochs(), sum / idx.length, err));
            if (err < best) {
                best = err;
                bestEpoch = epoch;
                bestState = copy(policy.stateDict());
            } else if (epoch - bestEpoch >= config.patience()) {
                break;
            }
        }
        if (bestState != null) {
            policy.loadStateDict(bestState);
        }
        policy.train(false);
        return new BcResult(policy, trainLoss, heldOutError, valid == null ? Double.NaN : best, initial, bestEpoch,
                keys(training), keys(heldOut), train.layout(), train.actions());
    }

    /**
     * The four policies of the design: one per expert ({@link Experts#NAMES}) and one on all of them, keyed by the
     * expert's name and {@value #ALL}.
     */
    public static Map<String, BcResult> trainFour(List<Demonstration> demonstrations, BcConfig config,
                                                  PolicyConfig policyConfig, Consumer<BcEpoch> log) {
        return trainSome(demonstrations, fourNames(), config, policyConfig, log);
    }

    /** The names of the design's four policies, in training order: the experts', then {@value #ALL}. */
    public static List<String> fourNames() {
        List<String> names = new ArrayList<>(Experts.NAMES);
        names.add(ALL);
        return List.copyOf(names);
    }

    /**
     * Some of the four policies, by name (an expert's or {@value #ALL}), so that they can be trained in separate
     * processes; each is trained exactly as {@link #trainFour} would train it.
     */
    public static Map<String, BcResult> trainSome(List<Demonstration> demonstrations, List<String> names,
                                                  BcConfig config, PolicyConfig policyConfig, Consumer<BcEpoch> log) {
        for (String name : names) {
            if (!fourNames().contains(name)) {
                throw new IllegalArgumentException("policy: '" + name + "' is not one of " + fourNames());
            }
        }
        Map<String, BcResult> out = new LinkedHashMap<>();
        for (String name : names) {
            out.put(name, train(demonstrations, config.forExpert(name), policyConfig,
                    e -> log.accept(new BcEpoch(name, e.epoch(), e.maxEpochs(), e.trainMse(), e.heldOutRmse()))));
        }
        return out;
    }

    /** The demonstrations of the given experts (all of them when the list is empty), in order. */
    public static List<Demonstration> filter(List<Demonstration> demonstrations, List<String> experts) {
        if (experts.isEmpty()) {
            return List.copyOf(demonstrations);
        }
        List<Demonstration> out = new ArrayList<>();
        for (Demonstration d : demonstrations) {
            if (experts.contains(d.expert())) {
                out.add(d);
            }
        }
        return out;
    }

    /** Root-mean-square error of the policy's mean action against the recorded actions (eval mode, no gradient). */
    public static double rmsError(TransformerPolicy policy, DemoDecisions data) {
        boolean was = policy.isTraining();
        policy.train(false);
        double sq = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            List<DemoDecisions.Item> all = data.items();
            for (int start = 0; start < all.size(); start += EVAL_BATCH) {
                List<DemoDecisions.Item> items = all.subList(start, Math.min(all.size(), start + EVAL_BATCH));
                float[] mean = policy.mean(data.observations(items)).value().toFloatArray();
                for (int j = 0; j < items.size(); j++) {
                    double d = mean[j] - items.get(j).action();
                    sq += d * d;
                }
            }
        } finally {
            policy.train(was);
        }
        return Math.sqrt(sq / data.size());
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }

    private static List<String> keys(List<Demonstration> ds) {
        List<String> out = new ArrayList<>(ds.size());
        for (Demonstration d : ds) {
            out.add(d.key());
        }
        return out;
    }
}
