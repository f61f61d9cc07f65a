package org.learnedlr.tensor;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * Finds backends through {@link ServiceLoader} and picks the default one. The switch, in order of precedence:
 * the system property {@code learnedlr.backend}, the environment variable {@code LEARNEDLR_BACKEND}, else "cpu".
 * A requested backend that is not available falls back to the CPU with one log line, never an exception.
 */
public final class Backends {
    public static final String PROPERTY = "learnedlr.backend";
    public static final String ENVIRONMENT = "LEARNEDLR_BACKEND";

    private static final Logger LOG = Logger.getLogger(Backends.class.getName());
    private static final Map<String, Backend> CREATED = new LinkedHashMap<>();
    private static volatile Backend defaultBackend;

    private Backends() {
    }

    /** The process-wide default backend, chosen once by the switch. */
    public static Backend defaultBackend() {
        Backend b = defaultBackend;
        if (b == null) {
            synchronized (Backends.class) {
                b = defaultBackend;
                if (b == null) {
                    b = choose(requestedName());
                    defaultBackend = b;
                }
            }
        }
        return b;
    }

    /** Overrides the default backend (e.g. from a command-line option); returns the backend in effect. */
    public static synchronized Backend setDefault(String name) {
        defaultBackend = choose(name);
        return defaultBackend;
    }

    /** The name the switch asks for. */
    public static String requestedName() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            return p.trim().toLowerCase(Locale.ROOT);
        }
        String e = System.getenv(ENVIRONMENT);
        if (e != null && !e.isBlank()) {
            return e.trim().toLowerCase(Locale.ROOT);
        }
        return "cpu";
    }

    /** The backend of that name, or empty when no provider of that name is on the class path or it is unavailable. */
    public static synchronized java.util.Optional<Backend> find(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        Backend existing = CREATED.get(key);
        if (existing != null) {
            return java.util.Optional.of(existing);
        }
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) {
            if (p.name().equalsIgnoreCase(key)) {
                if (!p.isAvailable()) {
                    return java.util.Optional.empty();
                }
                Backend b = p.create();
                CREATED.put(key, b);
                return java.util.Optional.of(b);
            }
        }
        return java.util.Optional.empty();
    }

    private static Backend choose(String name) {
        java.util.Optional<Backend> b = find(name);
        if (b.isPresent()) {
            return b.get();
        }
        if (!"cpu".equals(name)) {
            LOG.warning("learnedlr: backend '" + name + "' is not available on this machine; using the CPU backend");
        }
        return find("cpu").orElseThrow(() -> new IllegalStateException("the CPU backend is missing from the class path"));
    }
}
