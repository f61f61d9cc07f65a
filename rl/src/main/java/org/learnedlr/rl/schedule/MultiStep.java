package org.learnedlr.rl.schedule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * PyTorch's {@code MultiStepLR}: lr(t) = eta0 gamma^k(t), where k(t) is the number of milestones {@code <= t}
 * (bisect-right). The milestones are a multiset: a milestone given twice decays twice there. Past the last milestone
 * the LR holds at eta0 gamma^(number of milestones).
 *
 * @param eta0       the LR before the first milestone
 * @param milestones the steps at which the LR is multiplied by gamma, each >= 0, in any order (kept sorted)
 * @param gamma      the factor per milestone, in (0, 1]; PyTorch's default is 0.1
 */
public record MultiStep(double eta0, List<Long> milestones, double gamma) implements Schedule {
    public static final double DEFAULT_GAMMA = StepDecay.DEFAULT_GAMMA;

    public MultiStep {
        Schedules.checkLr("eta0", eta0);
        Schedules.checkNotNull("milestones", milestones);
        List<Long> sorted = new ArrayList<>(milestones.size());
        for (Long m : milestones) {
            if (m == null || m < 0) {
                throw new IllegalArgumentException("milestones: each must be a step >= 0, got " + milestones);
            }
            sorted.add(m);
        }
        Collections.sort(sorted);
        milestones = List.copyOf(sorted);
        Schedules.checkGamma("gamma", gamma);
    }

    /** With PyTorch's default gamma 0.1. */
    public MultiStep(double eta0, List<Long> milestones) {
        this(eta0, milestones, DEFAULT_GAMMA);
    }

    @Override
    public double lr(long step) {
        Schedules.checkStep(step);
        return eta0 * Math.pow(gamma, decays(step));
    }

    /** k(t): how many milestones are {@code <= step} (bisect-right over the sorted multiset). */
    int decays(long step) {
        int lo = 0;
        int hi = milestones.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (milestones.get(mid) <= step) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public String name() {
        return "multistep";
    }
}
