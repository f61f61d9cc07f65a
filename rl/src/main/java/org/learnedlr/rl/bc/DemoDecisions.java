package org.learnedlr.rl.bc;

import java.util.ArrayList;
import java.util.List;
import org.learnedlr.rl.demo.Demonstration;
import org.learnedlr.rl.demo.EpisodeSpec;
import org.learnedlr.rl.env.ActionSpace;
import org.learnedlr.rl.env.Observation;
import org.learnedlr.rl.env.ObservationBuilder;
import org.learnedlr.rl.env.SignalHistory;
import org.learnedlr.rl.env.StepSignal;
import org.learnedlr.rl.policy.ObservationLayout;

/**
 * The decisions of a set of demonstrations as (observation, action) pairs, with observations rebuilt on demand from
 * the stored raw signals: decision i at step s sees the history of steps 0 .. s-1 (the prefix before it) and the LR
 * in force before it (eta0 for the first decision, the previous decision's LR after), exactly as the environment
 * built it live (DemonstrationTest checks that, bit for bit). Rebuilding costs microseconds; storing every window
 * would cost about 25 KB a decision.
 */
public final class DemoDecisions {
    /** One decision of one episode. */
    public record Item(int episode, int decision, long step, double lrBefore, double action) {
    }

    private final List<Demonstration> episodes;
    private final ObservationLayout layout;
    private final ActionSpace actions;
    private final ObservationBuilder builder;
    private final List<Item> items = new ArrayList<>();

    /**
     * @throws IllegalArgumentException when the list is empty or the episodes differ in observation layout or
     *                                  action space
     */
    public DemoDecisions(List<Demonstration> episodes) {
        if (episodes.isEmpty()) {
            throw new IllegalArgumentException("DemoDecisions: no demonstrations");
        }
        this.episodes = List.copyOf(episodes);
        EpisodeSpec first = episodes.get(0).episode();
        this.layout = layoutOf(first);
        this.actions = new ActionSpace(first.maxLogChange(), first.bandLow(), first.bandHigh());
        this.builder = layout.builder();
        for (int e = 0; e < this.episodes.size(); e++) {
            Demonstration d = this.episodes.get(e);
            EpisodeSpec s = d.episode();
            if (!layoutOf(s).equals(layout)) {
                throw new IllegalArgumentException("DemoDecisions: episode " + d.key() + " has layout "
                        + layoutOf(s) + ", unlike " + layout + " of " + episodes.get(0).key());
            }
            if (s.maxLogChange() != actions.maxLogChange() || s.bandLow() != actions.bandLow()
                    || s.bandHigh() != actions.bandHigh()) {
                throw new IllegalArgumentException("DemoDecisions: episode " + d.key() + " has another action space");
            }
            double lr = s.eta0();
            for (int i = 0; i < d.decisions().size(); i++) {
                Demonstration.Decision x = d.decisions().get(i);
                if (x.step() > d.signals().size()) {
                    throw new IllegalArgumentException("DemoDecisions: episode " + d.key() + " decision " + i
                            + " at step " + x.step() + " is past its " + d.signals().size() + " recorded steps");
                }
                items.add(new Item(e, i, x.step(), lr, x.action()));
                lr = x.lr();
            }
        }
    }

    public static ObservationLayout layoutOf(EpisodeSpec s) {
        return new ObservationLayout(s.window(), s.patchSize(), s.buckets(), s.absoluteGlobals(),
                s.decisionInterval(), s.validationInterval());
    }

    public ObservationLayout layout() {
        return layout;
    }

    public ActionSpace actions() {
        return actions;
    }

    public List<Demonstration> episodes() {
        return episodes;
    }

    public List<Item> items() {
        return items;
    }

    public int size() {
        return items.size();
    }

    /** The observation the expert saw at this decision. */
    public Observation observation(Item item) {
        Demonstration d = episodes.get(item.episode());
        EpisodeSpec s = d.episode();
        SignalHistory prefix = new SignalHistory(s.buckets(), s.decisionInterval());
        List<StepSignal> signals = d.signals();
        for (int t = 0; t < item.step(); t++) {
            prefix.add(signals.get(t));
        }
        return builder.build(prefix, s.eta0(), s.steps(), item.lrBefore(), s.optimizerFamily());
    }

    /**
     * The decision seen off the expert's path: its observation with every LR e^delta times what it was
     * ({@link ObservationBuilder#shiftLr}), labelled with the action that takes that LR to the one the expert set —
     * the correction the expert would make from there. delta = 0 gives the recorded decision.
     */
    public Example shifted(Item item, double delta) {
        Observation o = observation(item);
        if (delta == 0) {
            return new Example(o, item.action());
        }
        double eta0 = episodes.get(item.episode()).episode().eta0();
        double expertLr = actions.apply(item.lrBefore(), item.action(), eta0);
        return new Example(builder.shiftLr(o, delta), actions.actionToward(item.lrBefore() * Math.exp(delta), expertLr,
                eta0));
    }

    /** An observation and the action to clone there. */
    public record Example(Observation observation, double action) {
    }

    /** The observations of several decisions, in order. */
    public List<Observation> observations(List<Item> which) {
        List<Observation> out = new ArrayList<>(which.size());
        for (Item it : which) {
            out.add(observation(it));
        }
        return out;
    }
}
