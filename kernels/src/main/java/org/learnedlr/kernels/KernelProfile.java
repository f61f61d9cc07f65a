package org.learnedlr.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_event;

/**
 * Device time per kernel, from the profiling queue's start and end stamps of each launch (not the host's clock, so
 * launches that queue without waiting are timed as they ran). Taken with {@link OpenClBackend#profile}; for finding
 * where a training step spends its time, not for use in a run.
 */
final class KernelProfile {
    private record Launch(String kernel, long[] global, cl_event event) {
    }

    private final List<Launch> launches = new ArrayList<>();

    synchronized void record(String kernel, long[] global, cl_event event) {
        launches.add(new Launch(kernel, global.clone(), event));
    }

    /**
     * The table: one row per kernel (and, with {@code bySize}, per global size), the most expensive first: launches,
     * total device milliseconds divided by {@code repeats}, and the share of the total. Releases the events.
     */
    synchronized String report(int repeats, boolean bySize) {
        Map<String, double[]> rows = new LinkedHashMap<>();
        double total = 0;
        long[] t = new long[1];
        for (Launch l : launches) {
            CL.clGetEventProfilingInfo(l.event, CL.CL_PROFILING_COMMAND_START, Sizeof.cl_ulong, Pointer.to(t), null);
            long start = t[0];
            CL.clGetEventProfilingInfo(l.event, CL.CL_PROFILING_COMMAND_END, Sizeof.cl_ulong, Pointer.to(t), null);
            double ms = (t[0] - start) / 1e6;
            CL.clReleaseEvent(l.event);
            String key = bySize ? l.kernel + " " + Arrays.toString(l.global) : l.kernel;
            double[] r = rows.computeIfAbsent(key, k -> new double[2]);
            r[0]++;
            r[1] += ms;
            total += ms;
        }
        launches.clear();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-48s %9s %11s %7s%n", "kernel",
                "launches", "ms", "share"));
        double sum = total;
        rows.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1])).forEach(e ->
                out.append(String.format(Locale.ROOT, "%-48s %9.1f %11.3f %6.1f%%%n", e.getKey(),
                        e.getValue()[0] / repeats, e.getValue()[1] / repeats, 100 * e.getValue()[1] / sum)));
        out.append(String.format(Locale.ROOT, "%-48s %9.1f %11.3f%n", "total",
                rows.values().stream().mapToDouble(r -> r[0]).sum() / repeats, total / repeats));
        return out.toString();
    }
}
