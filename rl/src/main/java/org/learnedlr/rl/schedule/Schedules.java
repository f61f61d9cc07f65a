package org.learnedlr.rl.schedule;

/** Argument checks shared by the schedules. */
final class Schedules {
    private Schedules() {
    }

    static void checkLr(String field, double lr) {
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(field + " must be a finite learning rate > 0, got " + lr);
        }
    }

    static void checkSteps(String field, long steps) {
        if (steps < 1) {
            throw new IllegalArgumentException(field + " must be at least 1 step, got " + steps);
        }
    }
}
