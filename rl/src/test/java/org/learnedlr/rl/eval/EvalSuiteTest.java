package org.learnedlr.rl.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnedlr.rl.TestData;
import org.learnedlr.rl.run.OptimizerFamily;
import org.learnedlr.rl.run.Trainee;

class EvalSuiteTest {
    @TempDir
    Path dir;

    private static final List<EvalSetting> SETTINGS = List.of(
            new EvalSetting(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 0.05, 40, 32),
            new EvalSetting(Trainee.MLP, OptimizerFamily.SGD_MOMENTUM, 1e4, 40, 32));
    private static final List<Method> METHODS = List.of(Method.schedule("constant"), Method.schedule("cosine"));

    @Test
    void judgesResumesAndTabulates() throws IOException {
        EvalSuite suite = new EvalSuite(TestData.mnist());
        long[] seeds = {2000, 2001};
        List<RunRecord> all = suite.run(dir, METHODS, SETTINGS, seeds, r -> { });
        assertEquals(8, all.size());
        for (RunRecord r : all) {
            if (r.setting().contains("10000.0")) {
                assertTrue(r.diverged(), "lr 1e4 must diverge: " + r);
                assertEquals(Math.log(10), r.testLoss(), 0.0);
            } else {
                assertFalse(r.diverged());
                assertTrue(r.testLoss() < 1.5, r.toString());
                assertTrue(Files.exists(dir.resolve("curves").resolve(r.method())
                        .resolve(r.setting().replace('/', '_')).resolve(r.seed() + ".csv")));
            }
        }
        // Interrupt: cut the last row in half; the run comes back, and only it.
        Path results = dir.resolve("results.csv");
        String text = Files.readString(results, StandardCharsets.UTF_8);
        Files.writeString(results, text.substring(0, text.length() - 20), StandardCharsets.UTF_8);
        List<RunRecord> again = new ArrayList<>();
        suite.run(dir, METHODS, SETTINGS, seeds, again::add);
        assertEquals(1, again.size());
        assertEquals(8, EvalSuite.read(results).size());

        ResultTables tables = new ResultTables(EvalSuite.read(results), Set.of("constant", "cosine"));
        String best = tables.bestHandMade(SETTINGS.get(0).key());
        assertTrue(Set.of("constant", "cosine").contains(best));
        Stats.Interval self = tables.pairedDifference(SETTINGS.get(0).key(), best, best);
        assertEquals(0.0, self.mean(), 0.0);
        String md = tables.markdown();
        assertTrue(md.contains("(best hand-made)"), md);
        assertTrue(md.contains("2/2"), md);
    }

    @Test
    void pairedIntervalUsesStudentT() {
        Stats.Interval iv = Stats.paired(List.of(1.0, 1.1, 0.9));
        assertEquals(1.0, iv.mean(), 1e-12);
        assertEquals(4.303 * 0.1 / Math.sqrt(3), iv.halfWidth(), 1e-9);
        assertTrue(iv.excludesZero());
        assertFalse(Stats.paired(List.of(-1.0, 1.0, 0.5)).excludesZero());
    }
}
