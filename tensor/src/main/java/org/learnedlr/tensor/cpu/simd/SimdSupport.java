package org.learnedlr.tensor.cpu.simd;

import java.util.logging.Logger;

/**
 * Whether the Vector API fast path can and may run. It needs the module {@code jdk.incubator.vector} in the boot
 * layer (launch with {@code --add-modules jdk.incubator.vector}) and is switched off by the system property
 * {@code learnedlr.simd=false}. This class never touches the Vector API itself, so it is safe to load without the
 * module; the classes that do are loaded only after {@link #enabled()} said yes.
 */
public final class SimdSupport {
    /** The system property that switches the fast path off when set to {@code false}. */
    public static final String PROPERTY = "learnedlr.simd";
    /** The module the fast path is written on. */
    public static final String MODULE = "jdk.incubator.vector";

    private static final Logger LOG = Logger.getLogger(SimdSupport.class.getName());
    private static final boolean AVAILABLE = detect();

    private SimdSupport() {
    }

    private static boolean detect() {
        boolean present = ModuleLayer.boot().findModule(MODULE).isPresent();
        if (!present) {
            // Once per process: this runs in the class initialiser.
            LOG.info("learnedlr: module " + MODULE + " is not in the boot layer, so the CPU backend uses its plain "
                    + "matmul; launch with --add-modules " + MODULE + " for the Vector API path");
        }
        return present;
    }

    /** True when the module {@code jdk.incubator.vector} is in the boot layer. */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * True when the fast path is used by a default {@code CpuBackend}: the module is present and the system property
     * {@code learnedlr.simd} is not {@code false}. The property is read on each call; a backend reads it once, when
     * it is constructed.
     */
    public static boolean enabled() {
        return AVAILABLE && !"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim());
    }

    /**
     * A one-line description of the active path, e.g. "Vector API, 256-bit float species, 6x16 micro-tile" or
     * "plain Java (...)", for logs and benchmark reports.
     */
    public static String describe() {
        if (!AVAILABLE) {
            return "plain Java (module " + MODULE + " absent)";
        }
        if (!enabled()) {
            return "plain Java (" + PROPERTY + "=false)";
        }
        return "Vector API, " + MicroKernel.describe();
    }
}
