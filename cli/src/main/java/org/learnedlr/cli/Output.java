package org.learnedlr.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.learnedlr.nn.io.Json;
import picocli.CommandLine.Option;

/**
 * How a long command reports, one mechanism for all of them: for people, progress lines with a bar, the rate and the
 * time left, then the summary; {@code --quiet}, the summary only; {@code --json}, for machines, one JSON object per
 * line on stdout — {@code "event": "progress"} as work advances and one {@code "event": "result"} at the end with
 * the summary's numbers — and nothing else on stdout.
 */
public final class Output {
    @Option(names = "--quiet", description = "Print only the final summary.")
    boolean quiet;

    @Option(names = "--json", description = "Machine-readable output: one JSON object per line on stdout (progress "
            + "events, then the result), nothing else.")
    boolean json;

    /** Progress over {@code total} units of work ({@code done} may start above 0 when a run resumes). */
    Progress progress(String task, String unit, long total, long alreadyDone) {
        return new Progress(this, task, unit, total, alreadyDone);
    }

    /** A detail line for people (not under --quiet or --json). */
    void detail(String line) {
        if (!quiet && !json) {
            System.out.println(line);
        }
    }

    /** A summary line for people (also under --quiet; not under --json, where {@link #result} says it). */
    void summary(String line) {
        if (!json) {
            System.out.println(line);
        }
    }

    /** The command's result, for machines (under --json only). */
    void result(Map<String, ?> fields) {
        event("result", fields);
    }

    void event(String kind, Map<String, ?> fields) {
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("event", kind);
            all.putAll(fields);
            System.out.println(object(all));
        }
    }

    /** One JSON object on one line: doubles to 8 significant digits, non-finite ones as null. */
    static String object(Map<String, ?> fields) {
        return Json.write(forPeople(fields), false);
    }

    /**
     * {@code v} as JSON holds it for people: doubles rounded to 8 significant digits, NaN and infinities as null,
     * anything else but numbers, booleans, maps and lists as its text.
     */
    private static Object forPeople(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((java.lang.Number) v).doubleValue();
            return Double.isFinite(d) ? Double.parseDouble(String.format(Locale.ROOT, "%.8g", d)) : null;
        }
        if (v instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, x) -> out.put(k, forPeople(x)));
            return out;
        }
        if (v instanceof List<?> list) {
            return list.stream().map(Output::forPeople).toList();
        }
        if (v == null || v instanceof java.lang.Number || v instanceof Boolean || v instanceof Json.Number
                || v == Json.NULL) {
            return v;
        }
        return v.toString();   // paths, enums and the like, as people write them
    }
}
