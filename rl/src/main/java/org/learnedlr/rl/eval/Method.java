package org.learnedlr.rl.eval;

import java.util.function.Function;
import org.learnedlr.rl.run.RunConfig;
import org.learnedlr.rl.schedule.Catalog;

/**
 * A scheduler under evaluation: a name, whether it is hand-made (the "best hand-made schedule" per setting is
 * chosen among those), and a fresh controller for each run.
 */
public record Method(String name, boolean handMade, Function<RunConfig, Controller> controllers) {

    /** A hand-made schedule of the catalog, with its default shape, at the run's eta0 and budget. */
    public static Method schedule(String catalogName) {
        return new Method(catalogName, true,
                rc -> new ScheduleController(Catalog.byName(catalogName, rc.eta0(), rc.steps())));
    }
}
