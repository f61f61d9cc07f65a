package org.learnedlr.rl.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.learnedlr.nn.io.Checkpoint;
import org.learnedlr.nn.io.Json;
import org.learnedlr.rl.env.ActionSpace;
import org.learnedlr.tensor.Rng;

/**
 * Saves and loads a self-describing policy directory:
 * <ul>
 *   <li>{@value #WEIGHTS}: the actor's state dict (PyTorch names, float32), written atomically by
 *       {@link Checkpoint}; its metadata repeats the description under {@value #DESCRIPTION_KEY};</li>
 *   <li>{@value #DESCRIPTION}: the description, as JSON — format, architecture ({@link PolicyConfig}), observation
 *       layout ({@link ObservationLayout}), action clamp and band ({@link ActionSpace}), the commit that trained it,
 *       and a note.</li>
 * </ul>
 * Loading validates before it builds anything: the format, every field's presence and type, the configuration's
 * own checks, that the layout fits the architecture, that the two copies of the description agree, and (through
 * {@link Checkpoint}) every tensor's name, shape and dtype. Each error names the file and the field or tensor.
 */
public final class PolicyIO {
    public static final String WEIGHTS = "policy.safetensors";
    public static final String DESCRIPTION = "policy.json";
    public static final String FORMAT = "learnedlr-policy-1";
    public static final String DESCRIPTION_KEY = "learnedlr.policy";

    private PolicyIO() {
    }

    /** Writes {@code saved} into {@code dir} (created if missing), replacing a policy already there. */
    public static void save(Path dir, SavedPolicy saved) throws IOException {
        Files.createDirectories(dir);
        String json = Json.write(describe(saved), true) + "\n";
        Checkpoint.save(dir.resolve(WEIGHTS), saved.policy(), Map.of(DESCRIPTION_KEY, json));
        Path target = dir.resolve(DESCRIPTION);
        Path tmp = dir.resolve(DESCRIPTION + ".tmp");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Reads a policy directory written by {@link #save}. */
    public static SavedPolicy load(Path dir) throws IOException {
        Path jsonFile = dir.resolve(DESCRIPTION);
        Path weights = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(jsonFile)) {
            throw new IOException(dir + ": not a saved policy (no " + DESCRIPTION + ")");
        }
        if (!Files.isRegularFile(weights)) {
            throw new IOException(dir + ": " + DESCRIPTION + " is there but " + WEIGHTS + " is missing");
        }
        String json = Files.readString(jsonFile, StandardCharsets.UTF_8);
        Fields f;
        PolicyConfig config;
        ObservationLayout layout;
        ActionSpace actions;
        try {
            f = new Fields(parse(json), "");
            String format = f.string("format");
            if (!format.equals(FORMAT)) {
                throw new IllegalArgumentException("format: expected \"" + FORMAT + "\", got \"" + format + "\"");
            }
            Fields p = f.object("policy");
            config = new PolicyConfig(p.integer("d_model"), p.integer("heads"), p.integer("layers"),
                    p.integer("ffn"), p.integer("patches"), p.integer("patch_features"), p.integer("globals"),
                    p.number("dropout"), p.number("initial_log_std"),
                    p.has("level_head") && p.bool("level_head"));
            Fields o = f.object("observation");
            layout = new ObservationLayout(o.integer("window"), o.integer("patch_size"), o.integer("buckets"),
                    o.bool("absolute_globals"), o.integer("decision_interval"), o.integer("validation_interval"));
            Fields a = f.object("action");
            actions = new ActionSpace(a.number("max_log_change"), a.number("band_low"), a.number("band_high"));
            if (!config.fits(layout)) {
                throw new IllegalArgumentException("observation: the layout gives " + layout.patches()
                        + " patches of " + layout.patchFeatures() + " features and " + layout.globals()
                        + " globals, but the policy expects " + config.patches() + " of " + config.patchFeatures()
                        + " and " + config.globals());
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(jsonFile + ": " + e.getMessage(), e);
        }
        TransformerPolicy policy = new TransformerPolicy(config, new Rng(0));
        Map<String, String> meta = Checkpoint.load(weights, policy);
        String embedded = meta.get(DESCRIPTION_KEY);
        if (embedded != null && !sameDescription(embedded, json)) {
            throw new IOException(weights + ": was saved with a different description than " + jsonFile
                    + " (the two files come from different policies)");
        }
        return new SavedPolicy(policy, layout, actions, f.string("commit"), f.string("trained_by"));
    }

    private static boolean sameDescription(String a, String b) {
        try {
            return parse(a).equals(parse(b));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Object parse(String json) {
        try {
            return Json.parse(json);
        } catch (Json.SyntaxException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
        }
    }

    static Map<String, Object> describe(SavedPolicy s) {
        PolicyConfig c = s.policy().config();
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("d_model", c.dModel());
        policy.put("heads", c.heads());
        policy.put("layers", c.layers());
        policy.put("ffn", c.ffn());
        policy.put("patches", c.patches());
        policy.put("patch_features", c.patchFeatures());
        policy.put("globals", c.globals());
        policy.put("dropout", c.dropout());
        policy.put("initial_log_std", c.initialLogStd());
        policy.put("level_head", c.levelHead());
        policy.put("parameters", s.policy().parameterCount());
        ObservationLayout l = s.layout();
        Map<String, Object> obs = new LinkedHashMap<>();
        obs.put("window", l.window());
        obs.put("patch_size", l.patchSize());
        obs.put("buckets", l.buckets());
        obs.put("absolute_globals", l.absoluteGlobals());
        obs.put("decision_interval", l.decisionInterval());
        obs.put("validation_interval", l.validationInterval());
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("max_log_change", s.actions().maxLogChange());
        act.put("band_low", s.actions().bandLow());
        act.put("band_high", s.actions().bandHigh());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("policy", policy);
        out.put("observation", obs);
        out.put("action", act);
        out.put("commit", s.commit());
        out.put("trained_by", s.trainedBy());
        return out;
    }

    /**
     * The commit checked out in the working directory ({@code git rev-parse HEAD}), or "unknown" when git or the
     * repository is not there.
     */
    public static String currentCommit() {
        try {
            Process p = new ProcessBuilder(List.of("git", "rev-parse", "HEAD")).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroy();
                return "unknown";
            }
            return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Typed access to a JSON object's fields, with errors that name the field's path. */
    private record Fields(Map<?, ?> map, String path) {
        Fields(Object value, String path) {
            this(asMap(value, path), path);
        }

        private static Map<?, ?> asMap(Object value, String path) {
            if (!(value instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException((path.isEmpty() ? "the document" : path) + ": expected an object");
            }
            return m;
        }

        private Object get(String key) {
            if (!map.containsKey(key)) {
                throw new IllegalArgumentException(path + key + ": missing");
            }
            return map.get(key);
        }

        Fields object(String key) {
            return new Fields(get(key), path + key + ".");
        }

        String string(String key) {
            if (!(get(key) instanceof String s)) {
                throw new IllegalArgumentException(path + key + ": expected a string, got " + map.get(key));
            }
            return s;
        }

        boolean has(String key) {
            return map.containsKey(key);
        }

        boolean bool(String key) {
            if (!(get(key) instanceof Boolean b)) {
                throw new IllegalArgumentException(path + key + ": expected true or false, got " + map.get(key));
            }
            return b;
        }

        double number(String key) {
            if (!(get(key) instanceof Json.Number n)) {
                throw new IllegalArgumentException(path + key + ": expected a number, got " + map.get(key));
            }
            return Double.parseDouble(n.text());
        }

        int integer(String key) {
            double d = number(key);
            if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(path + key + ": expected an integer, got " + d);
            }
            return (int) d;
        }
    }
}
