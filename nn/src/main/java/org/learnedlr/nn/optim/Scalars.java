package org.learnedlr.nn.optim;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reading hyper-parameters back from a state dict's scalars, strictly. */
final class Scalars {
    private Scalars() {
    }

    /** Rejects a map whose keys are not exactly {@code expected}. */
    static void requireKeys(String record, Map<String, Double> scalars, Set<String> expected) {
        if (!scalars.keySet().equals(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(scalars.keySet());
            Set<String> extra = new TreeSet<>(scalars.keySet());
            extra.removeAll(expected);
            throw new IllegalArgumentException(record + ": hyper-parameters do not match"
                    + (missing.isEmpty() ? "" : "; missing " + missing)
                    + (extra.isEmpty() ? "" : "; unexpected " + extra));
        }
    }

    /** A boolean stored as exactly 0 or 1. */
    static boolean bool(String record, String field, double v) {
        if (v != 0 && v != 1) {
            throw new IllegalArgumentException(record + ": " + field + " must be 0 or 1, got " + v);
        }
        return v == 1;
    }
}
