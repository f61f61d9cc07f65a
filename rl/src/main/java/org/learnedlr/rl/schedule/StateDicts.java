package org.learnedlr.rl.schedule;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Validation of the small state maps that the stateful schedules save and load. */
final class StateDicts {
    private StateDicts() {
    }

    /** The map must have exactly these keys, none of them null-valued. */
    static void requireKeys(Map<String, ? extends Number> state, Set<String> keys) {
        Schedules.checkNotNull("state", state);
        if (!state.keySet().equals(keys)) {
            Set<String> missing = new TreeSet<>(keys);
            missing.removeAll(state.keySet());
            Set<String> unknown = new TreeSet<>(state.keySet());
            unknown.removeAll(keys);
            throw new IllegalArgumentException("state: expected the keys " + new TreeSet<>(keys)
                    + (missing.isEmpty() ? "" : "; missing " + missing) + (unknown.isEmpty() ? "" : "; unknown " + unknown));
        }
        for (String k : keys) {
            if (state.get(k) == null) {
                throw new IllegalArgumentException("state." + k + ": must not be null");
            }
        }
    }

    /** A Long (or Integer) value >= 0. */
    static long count(Map<String, ? extends Number> state, String key) {
        Number n = state.get(key);
        if (!(n instanceof Long || n instanceof Integer) || n.longValue() < 0) {
            throw new IllegalArgumentException("state." + key + ": must be a whole number >= 0 (Long), got " + n
                    + (n == null ? "" : " (" + n.getClass().getSimpleName() + ")"));
        }
        return n.longValue();
    }

    /** A Double value, not NaN; infinite only if allowed. */
    static double real(Map<String, ? extends Number> state, String key, boolean infiniteAllowed) {
        Number n = state.get(key);
        if (!(n instanceof Double || n instanceof Float) || Double.isNaN(n.doubleValue())
                || (!infiniteAllowed && Double.isInfinite(n.doubleValue()))) {
            throw new IllegalArgumentException("state." + key + ": must be a " + (infiniteAllowed ? "" : "finite ")
                    + "real number (Double), got " + n + (n == null ? "" : " (" + n.getClass().getSimpleName() + ")"));
        }
        return n.doubleValue();
    }
}
