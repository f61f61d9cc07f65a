package org.learnedlr.nn.io;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough JSON (RFC 8259) for a safetensors header and the small files that describe runs, strictly: a parser
 * that rejects anything malformed (trailing commas, leading zeros, bad escapes, lone surrogates, raw control
 * characters, duplicate object keys, trailing garbage, nesting deeper than {@link #MAX_DEPTH}) and a writer for
 * strings. Values are returned as plain
 * Java objects: {@code Map<String, Object>} (insertion-ordered, unmodifiable), {@code List<Object>}, {@code String},
 * {@link Number} (the exact lexeme), {@code Boolean} and {@link #NULL}.
 */
public final class Json {
    /** The JSON null. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** Deeper nesting is rejected; a header needs 3 levels. */
    static final int MAX_DEPTH = 64;

    /** A number, kept as its validated lexeme so that nothing is rounded. */
    public record Number(String text) {
        /** The value of a plain non-negative integer (no sign, fraction or exponent) that fits a long; else -1. */
        public long nonNegativeLong() {
            if (text.isEmpty() || text.length() > 19) {
                return -1;
            }
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Malformed JSON, with the character position of the problem. */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    /** Parses one JSON value; only whitespace may follow it. */
    public static Object parse(String text) throws SyntaxException {
        Json p = new Json(text);
        p.skipWhitespace();
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected " + p.describe() + " after the end of the JSON value");
        }
        return v;
    }

    private Object value(int depth) throws SyntaxException {
        if (pos >= s.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected " + describe() + ", expected a value");
            }
        };
    }

    private Map<String, Object> object(int depth) throws SyntaxException {
        checkDepth(depth);
        pos++; // '{'
        Map<String, Object> out = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(out);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("unexpected " + describe() + ", expected a string key");
            }
            int keyAt = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth);
            if (out.putIfAbsent(key, v) != null) {
                pos = keyAt;
                throw error("duplicate key \"" + key + "\"");
            }
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return Collections.unmodifiableMap(out);
            } else {
                throw error("unexpected " + describe() + ", expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws SyntaxException {
        checkDepth(depth);
        pos++; // '['
        List<Object> out = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(out);
        }
        while (true) {
            skipWhitespace();
            out.add(value(depth));
            skipWhitespace();
            char c = peek();
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return Collections.unmodifiableList(out);
            } else {
                throw error("unexpected " + describe() + ", expected ',' or ']'");
            }
        }
    }

    private String string() throws SyntaxException {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= s.length()) {
                throw error("unterminated string");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("raw control character U+" + String.format("%04X", (int) c) + " in a string");
            }
            if (c == '\\') {
                pos++;
                sb.append(escape());
            } else if (Character.isHighSurrogate(c) && pos + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(pos + 1))) {
                sb.append(c).append(s.charAt(pos + 1));
                pos += 2;
            } else if (Character.isSurrogate(c)) {
                throw error("unpaired surrogate in a string");
            } else {
                sb.append(c);
                pos++;
            }
        }
    }

    /** After a backslash: one escape, a surrogate pair of two \\u escapes counted as one. */
    private String escape() throws SyntaxException {
        if (pos >= s.length()) {
            throw error("unterminated escape");
        }
        char c = s.charAt(pos++);
        switch (c) {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'u': {
                char u = hex4();
                if (Character.isHighSurrogate(u)) {
                    if (s.startsWith("\\u", pos)) {
                        pos += 2;
                        char low = hex4();
                        if (Character.isLowSurrogate(low)) {
                            return new String(new char[]{u, low});
                        }
                    }
                    throw error("unpaired surrogate in a \\u escape");
                }
                if (Character.isLowSurrogate(u)) {
                    throw error("unpaired surrogate in a \\u escape");
                }
                return String.valueOf(u);
            }
            default:
                pos--;
                throw error("invalid escape \\" + describe());
        }
    }

    private char hex4() throws SyntaxException {
        if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            char h = s.charAt(pos);
            int d = h >= '0' && h <= '9' ? h - '0'
                    : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
            if (d < 0) {
                throw error("invalid hex digit " + describe() + " in a \\u escape");
            }
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }

    private Number number() throws SyntaxException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in a number");
            }
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("unexpected " + describe() + " in a number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after the decimal point");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            digits();
        }
        return new Number(s.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object v) throws SyntaxException {
        if (!s.startsWith(word, pos)) {
            throw error("unexpected " + describe() + ", expected a value");
        }
        pos += word.length();
        return v;
    }

    private void expect(char c) throws SyntaxException {
        if (peek() != c) {
            throw error("unexpected " + describe() + ", expected '" + c + "'");
        }
        pos++;
    }

    /** The character at pos, or U+0000 at the end (never valid where a token is expected). */
    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private void checkDepth(int depth) throws SyntaxException {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
    }

    private String describe() {
        if (pos >= s.length()) {
            return "end of input";
        }
        char c = s.charAt(pos);
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private SyntaxException error(String message) {
        return new SyntaxException(message + " at character " + pos);
    }

    // ---- writing -----------------------------------------------------------------------------------------------

    /**
     * Writes a value made of maps (string keys), lists, strings, numbers, booleans and null (or {@link #NULL}): on one
     * line, or pretty — objects one member a line, indented by two spaces, lists on one line. Integers and longs as
     * they are, other numbers by {@link Double#toString} (which reads back bit for bit), a parsed {@link Number} as
     * its lexeme.
     *
     * @throws IllegalArgumentException for a NaN or infinite number, or a value of another type
     */
    public static String write(Object value, boolean pretty) {
        StringBuilder out = new StringBuilder();
        write(out, value, pretty ? 0 : -1);
        return out.toString();
    }

    /** {@code indent} < 0: one line. */
    private static void write(StringBuilder out, Object v, int indent) {
        if (v == null || v == NULL) {
            out.append("null");
        } else if (v instanceof String str) {
            writeString(out, str);
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Number) {
            out.append(v);
        } else if (v instanceof java.lang.Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON cannot hold " + d);
            }
            out.append(d);
        } else if (v instanceof Map<?, ?> m) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object keys are strings, not " + e.getKey());
                }
                out.append(first ? "" : ",");
                if (indent >= 0) {
                    out.append('\n').append("  ".repeat(indent + 1));
                }
                writeString(out, key);
                out.append(indent >= 0 ? ": " : ":");
                write(out, e.getValue(), indent >= 0 ? indent + 1 : -1);
                first = false;
            }
            if (indent >= 0 && !m.isEmpty()) {
                out.append('\n').append("  ".repeat(indent));
            }
            out.append('}');
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                out.append(i == 0 ? "" : indent >= 0 ? ", " : ",");
                write(out, l.get(i), indent >= 0 ? indent + 1 : -1);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("JSON cannot hold a " + v.getClass().getSimpleName());
        }
    }

    /** Appends {@code v} as a JSON string: quotes, backslashes and control characters escaped, the rest as is. */
    public static void writeString(StringBuilder out, String v) {
        out.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
