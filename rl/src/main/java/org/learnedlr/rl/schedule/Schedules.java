package org.learnedlr.rl.schedule;

/**
 * Argument checks shared by the schedules. Every message starts with the name of the offending field, as the
 * project's configuration records do ({@code "eta0: must be ..."}).
 */
final class Schedules {
    private Schedules() {
    }

    /** A step index must be >= 0; every schedule rejects negative steps through this. */
    static void checkStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step: must be >= 0, got " + step);
        }
    }

    /** A learning rate that scales a schedule: finite and > 0. */
    static void checkLr(String field, double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(field + ": must be a finite learning rate > 0, got " + lr);
        }
    }

    /** A floor or end learning rate: finite and >= 0. */
    static void checkFloor(String field, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(field + ": must be a finite learning rate >= 0, got " + lr);
        }
    }

    /** A floor that must also lie at or below the peak. */
    static void checkFloor(String field, double lr, String peakField, double peak) {
        checkFloor(field, lr);
        if (lr > peak) {
            throw new IllegalArgumentException(field + ": must be <= " + peakField + " (" + peak + "), got " + lr);
        }
    }

    /** A length in steps that must be at least 1. */
    static void checkSteps(String field, long steps) {
        if (steps < 1) {
            throw new IllegalArgumentException(field + ": must be at least 1 step, got " + steps);
        }
    }

    /** A length in steps that may be 0 (a warm-up, a stable phase). */
    static void checkNonNegative(String field, long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException(field + ": must be >= 0, got " + steps);
        }
    }

    /** A multiplicative factor in [0, 1] (a warm-up start factor, a floor ratio). */
    static void checkUnit(String field, double factor) {
        if (!(factor >= 0 && factor <= 1)) {
            throw new IllegalArgumentException(field + ": must be in [0, 1], got " + factor);
        }
    }

    /** A decay factor per period in (0, 1]. */
    static void checkGamma(String field, double gamma) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException(field + ": must be in (0, 1], got " + gamma);
        }
    }

    /** A warm-up must end before the schedule's horizon. */
    static void checkWarmup(long warmup, long total) {
        checkNonNegative("warmup", warmup);
        if (warmup >= total) {
            throw new IllegalArgumentException("warmup: must be shorter than total (" + total + " steps), got " + warmup);
        }
    }

    static <T> T checkNotNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": must be given");
        }
        return value;
    }

    /**
     * The linear warm-up ramp shared by the schedules that have one: {@code peak (s + (1 - s) t / W)} for
     * {@code 0 <= t < W}, so {@code peak s} at step 0 and {@code peak} at step W (where the schedule after the
     * warm-up takes over). With {@code s = 0} this is HF's {@code peak t / W}, bit for bit.
     */
    static double ramp(double peak, double startFactor, long t, long warmup) {
        return peak * (startFactor + (1 - startFactor) * ((double) t / warmup));
    }
}
