package org.learnedlr.nn.optim;

/** Validation of hyper-parameters, with messages that name the record and the field. */
final class Checks {
    private Checks() {
    }

    /** v finite and >= 0. */
    static double nonNegative(String record, String field, double v) {
        if (!(v >= 0) || v == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(record + ": " + field + " must be finite and >= 0, got " + v);
        }
        return v;
    }

    /** v in [0, 1), the range of a decay rate whose complement must stay positive. */
    static double unitOpen(String record, String field, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(record + ": " + field + " must be in [0, 1), got " + v);
        }
        return v;
    }

    /** v in [0, 1]. */
    static double unitClosed(String record, String field, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(record + ": " + field + " must be in [0, 1], got " + v);
        }
        return v;
    }
}
