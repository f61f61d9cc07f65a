package org.learnedlr.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Progress of one long task: each step prints a bar, the count, the rate and the time left (for people), or a
 * progress event (under --json). The rate counts only the work done by this process, so a resumed run's estimate is
 * not flattered by the work it found already done. A line per step rather than one line redrawn with \r: the
 * commands run in the background with their output in log files, where redrawn lines are unreadable.
 */
final class Progress {
    private static final int BAR = 20;

    private final Output out;
    private final String task;
    private final String unit;
    private final long total;
    private final long startDone;
    private final long startNanos = System.nanoTime();

    Progress(Output out, String task, String unit, long total, long alreadyDone) {
        this.out = out;
        this.task = task;
        this.unit = unit;
        this.total = total;
        this.startDone = alreadyDone;
    }

    /** {@code done} units of {@code total} are finished; {@code detail} says what the last one was. */
    void step(long done, String detail, Map<String, ?> fields) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double rate = seconds > 0 ? (done - startDone) / seconds : Double.NaN;   // units per second
        double eta = rate > 0 ? Math.max(0, total - done) / rate : Double.NaN;
        if (out.json) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("task", task);
            f.put("done", done);
            f.put("total", total);
            f.put("unit", unit);
            f.put("rate_per_s", rate);
            f.put("eta_s", eta);
            f.putAll(fields);
            out.event("progress", f);
            return;
        }
        if (out.quiet) {
            return;
        }
        int filled = total > 0 ? (int) Math.min(BAR, BAR * done / total) : 0;
        System.out.printf(Locale.ROOT, "[%s%s] %d/%d %s, %s, %s left | %s%n", "#".repeat(filled),
                ".".repeat(BAR - filled), done, total, unit, rate(rate), duration(eta), detail);
    }

    private String rate(double perSecond) {
        if (!(perSecond > 0)) {
            return "rate -";
        }
        return perSecond >= 1 ? String.format(Locale.ROOT, "%.1f %s/s", perSecond, unit)
                : String.format(Locale.ROOT, "%.2f %s/min", perSecond * 60, unit);
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "time -";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
