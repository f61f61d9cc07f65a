package org.learnedlr.cli;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.learnedlr.nn.io.Json;
import org.learnedlr.rl.policy.PolicyIO;
import org.learnedlr.tensor.Backends;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@value #FILE} that makes a run directory self-describing: the command that made it and every option's value
 * (defaults included), the versions (learnedlr, its commit, Java, the OS), the backend, the machine's cores, and each
 * time the run was started or resumed.
 *
 * <p>Pointing a command at a directory it made before resumes the run. Pointing it there with an option that would
 * make a different run is refused, naming the option, so a resumed run is never a mix of two configurations; the
 * options a command declares free (how the output looks, how many workers, how far to go) may change, and each
 * resume records their new values.
 */
final class RunManifest {
    static final String FILE = "run.json";

    /** Options that never change what a run computes (the directory itself may have been moved). */
    private static final Set<String> ALWAYS_FREE = Set.of("--quiet", "--json", "--no-fetch", "--run-dir");

    private RunManifest() {
    }

    /**
     * Claims {@code dir} for the command of {@code spec}: writes {@value #FILE} for a new run, or checks the one there
     * and records the resume.
     *
     * @param free long option names that may differ from the run's first invocation; {@code null}: all of them (a
     *             command whose invocations add to the directory rather than repeat a run)
     * @return true when the directory already held this command's run
     * @throws CliException when it holds another command's run, or this one's with a different non-free option
     */
    static boolean claim(Path dir, CommandSpec spec, Set<String> free) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        String command = spec.qualifiedName();
        Map<String, Object> options = options(spec);
        Map<String, Object> invocation = new LinkedHashMap<>();
        invocation.put("time", Instant.now().toString());
        invocation.put("learnedlr", new Version().getVersion()[0]);
        invocation.put("commit", PolicyIO.currentCommit());
        invocation.put("java", Runtime.version().toString() + " (" + System.getProperty("java.vm.name") + ")");
        invocation.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        invocation.put("cores", Runtime.getRuntime().availableProcessors());
        invocation.put("backend", Backends.defaultBackend().name());

        Map<String, Object> manifest = new LinkedHashMap<>();
        boolean resumed = Files.exists(file);
        if (!resumed) {
            manifest.put("command", command);
            manifest.put("options", options);
            manifest.put("invocations", List.of(invocation));
        } else {
            Map<String, Object> old = read(file);
            if (!command.equals(old.get("command"))) {
                throw new CliException(dir + ": this run directory belongs to '" + old.get("command") + "', not '"
                        + command + "'; give another directory", 2);
            }
            Object was = old.get("options");
            Map<?, ?> first = was instanceof Map<?, ?> m ? m : Map.of();
            for (Map.Entry<String, Object> e : options.entrySet()) {
                String name = e.getKey();
                if (free == null || free.contains(name) || ALWAYS_FREE.contains(name) || !first.containsKey(name)) {
                    continue;
                }
                String before = text(first.get(name));
                String now = text(e.getValue());
                if (!before.equals(now)) {
                    throw new CliException(dir + ": this run was started with " + name + " " + before + ", and now "
                            + name + " is " + now + ". Resume it with the same options, or give another directory.", 2);
                }
            }
            manifest.putAll(old);
            invocation.put("options", options);
            Object list = old.get("invocations");
            List<Object> invocations = new ArrayList<>(list instanceof List<?> l ? l : List.of());
            invocations.add(invocation);
            manifest.put("invocations", invocations);
        }
        writeJson(file, manifest);
        return resumed;
    }

    /** Writes {@code value} as one JSON object to {@code file}, atomically: a kill leaves the old file or the new. */
    static void writeJson(Path file, Map<String, ?> value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Output.object(value) + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Every option of the command (mixins included) but --help and --version, by its longest name. */
    static Map<String, Object> options(CommandSpec spec) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            out.put(o.longestName(), plain(o.getValue()));
        }
        return out;
    }

    /** A value as JSON can hold it: numbers and booleans as they are, arrays and lists as lists, the rest as text. */
    private static Object plain(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v.getClass().isArray()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                list.add(plain(Array.get(v, i)));
            }
            return list;
        }
        if (v instanceof List<?> l) {
            List<Object> list = new ArrayList<>();
            l.forEach(x -> list.add(plain(x)));
            return list;
        }
        return v.toString();
    }

    /** A stored or current value in one canonical spelling, to compare them. */
    private static String text(Object v) {
        if (v == null || v == Json.NULL) {
            return "(not given)";
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            l.forEach(x -> parts.add(text(x)));
            return String.join(",", parts);
        }
        if (v instanceof Json.Number n) {
            return canonicalNumber(n.text());
        }
        if (v instanceof Number n) {
            return canonicalNumber(n.toString());
        }
        return v.toString();
    }

    private static String canonicalNumber(String s) {
        try {
            return Double.toString(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return s;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) throws IOException {
        Object v;
        try {
            v = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (Json.SyntaxException e) {
            throw new CliException(file + ": not valid JSON (" + e.getMessage() + "); move it away to start afresh", 2);
        }
        if (!(v instanceof Map<?, ?>)) {
            throw new CliException(file + ": not a JSON object; move it away to start afresh", 2);
        }
        return (Map<String, Object>) v;
    }
}
