package org.learnedlr.rl.schedule;

import java.util.List;
import java.util.Locale;

/**
 * The hand-made schedules of the comparison set (DESIGN.md section 5), by name, each in its default shape for a base
 * LR eta0 and a budget of T steps — what the command line and the evaluation ask for.
 *
 * <table>
 *   <caption>The comparison set</caption>
 *   <tr><th>name</th><th>schedule</th></tr>
 *   <tr><td>constant</td><td>eta0 throughout</td></tr>
 *   <tr><td>step</td><td>{@link MultiStep} at T/2 and 3T/4 with gamma 0.1 (eta0, eta0/10, eta0/100)</td></tr>
 *   <tr><td>onecycle</td><td>{@link OneCycle} with PyTorch's defaults and max_lr = eta0</td></tr>
 *   <tr><td>linear-warmup</td><td>{@link Experts#linearWarmup}</td></tr>
 *   <tr><td>cosine</td><td>{@link Experts#cosine}</td></tr>
 *   <tr><td>polynomial</td><td>{@link Experts#polynomial}</td></tr>
 *   <tr><td>rex</td><td>{@link Rex}, the paper's profile from eta0 to 0</td></tr>
 *   <tr><td>wsd</td><td>{@link Wsd#of}: 5% warm-up from eta0/100, 75% stable, 20% linear decay to 0</td></tr>
 * </table>
 */
public final class Catalog {
    /** The known names, in the order of the comparison tables. */
    public static final List<String> NAMES = List.of("constant", "step", "onecycle", "linear-warmup", "cosine",
            "polynomial", "rex", "wsd");

    /** The step schedule's factor at each of its two milestones. */
    public static final double STEP_GAMMA = 0.1;

    private Catalog() {
    }

    /**
     * The schedule called {@code name} (case and surrounding blanks ignored) for base LR eta0 over T steps.
     *
     * @throws IllegalArgumentException naming {@code schedule} and listing the known names when the name is unknown,
     *                                  or naming the field when eta0 or T is out of range
     */
    public static Schedule byName(String name, double eta0, long total) {
        Schedules.checkNotNull("schedule", name);
        Schedules.checkLr("eta0", eta0);
        Schedules.checkSteps("total", total);
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "constant" -> new Constant(eta0);
            case "step" -> step(eta0, total);
            case "onecycle" -> new OneCycle(eta0, total);
            case "linear-warmup" -> Experts.linearWarmup(eta0, total);
            case "cosine" -> Experts.cosine(eta0, total);
            case "polynomial" -> Experts.polynomial(eta0, total);
            case "rex" -> new Rex(eta0, total);
            case "wsd" -> Wsd.of(eta0, total);
            default -> throw new IllegalArgumentException("schedule: unknown schedule '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /** The default step schedule: eta0, divided by 10 at floor(T/2) and again at floor(3T/4). */
    public static MultiStep step(double eta0, long total) {
        Schedules.checkSteps("total", total);
        return new MultiStep(eta0, List.of(total / 2, 3 * total / 4), STEP_GAMMA);
    }
}
