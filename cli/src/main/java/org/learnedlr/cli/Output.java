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

    /** One JSON object: strings escaped, non-finite numbers as null, maps and lists nested. */
    static String object(Map<String, ?> fields) {
        StringBuilder sb = new StringBuilder();
        value(sb, fields);
        return sb.toString();
    }

    private static void value(StringBuilder sb, Object v) {
        if (v == null || v == Json.NULL) {
            sb.append("null");
        } else if (v instanceof Json.Number n) {
            sb.append(n.text());
        } else if (v instanceof Double d) {
            sb.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.8g", d).replaceAll("\\.?0+(e|$)", "$1")
                    : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                string(sb, e.getKey().toString());
                sb.append(':');
                value(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                value(sb, list.get(i));
            }
            sb.append(']');
        } else {
            string(sb, v.toString());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
