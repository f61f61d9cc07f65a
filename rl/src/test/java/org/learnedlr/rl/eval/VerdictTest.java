package org.learnedlr.rl.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerdictTest {
    @TempDir
    Path dir;

    private static RunRecord run(String method, String setting, long seed, double loss, boolean diverged) {
        return new RunRecord(method, setting, seed, diverged, diverged ? Math.log(10) : loss, 0.9, 0.1, 1.0, 0.01,
                1.0, 100);
    }

    /** Two settings x three seeds; ppo beats bc by 0.01 (+- noise), bc ties cosine, the baseline is worse. */
    private static List<RunRecord> grid(boolean ppoDivergesOnce) {
        List<RunRecord> out = new ArrayList<>();
        String[] settings = {"mlp/sgd/0.1/2000", "mlp/sgd/3.0/2000"};
        for (String s : settings) {
            for (long seed = 2000; seed < 2003; seed++) {
                double noise = 0.001 * (seed - 2001);
                out.add(run("cosine", s, seed, 0.070 + noise, false));
                out.add(run("constant", s, seed, 0.090, s.contains("3.0")));
                out.add(run("bc", s, seed, 0.070 + noise, false));
                boolean div = ppoDivergesOnce && s.contains("3.0") && seed == 2002;
                out.add(run("ppo", s, seed, 0.060 + noise + 0.0002 * (seed % 3), div));
                out.add(run("ppo-shuffled", s, seed, 0.080 + noise, false));
                out.add(run("subramanian", s, seed, 0.200, false));
            }
        }
        return out;
    }

    private String verdict(List<RunRecord> records) throws IOException {
        return new Verdict(records, Set.of("cosine", "constant"), Map.of("ppo", "bc"), "ppo", "subramanian",
                "ppo-shuffled", dir).markdown();
    }

    @Test
    void passingChecksSayPassWithTheirNumbers() throws IOException {
        String v = verdict(grid(false));
        assertTrue(v.contains("**(1) No BC+PPO policy diverges.** PASS: ppo 0 of 6 runs diverged"), v);
        assertTrue(v.contains("Settings where the constant LR diverges: mlp/sgd/3.0/2000"), v);
        assertTrue(v.contains("beats the Subramanian baseline on mean test loss.** PASS"), v);
        assertTrue(v.contains("(3) PASS; (7) MET"), v);
        assertTrue(v.contains("Window shuffle PASS"), v);
        assertTrue(v.contains("**Goal (5)** MET: ppo is at least as good as the best hand-made schedule "
                + "(chosen per setting after the fact) in 2 of 2 MLP settings."), v);
        assertTrue(v.contains("LR curves: NOT RUN"), "no curves were written: " + v);
    }

    @Test
    void theOtherWindowAblationsAreReportedBesideTheShuffleWhenRun() throws IOException {
        assertTrue(!verdict(grid(false)).contains("Other window ablations"), "none were run");
        List<RunRecord> records = new ArrayList<>(grid(false));
        for (String s : new String[]{"mlp/sgd/0.1/2000", "mlp/sgd/3.0/2000"}) {
            for (long seed = 2000; seed < 2003; seed++) {
                double ppo = 0.060 + 0.001 * (seed - 2001) + 0.0002 * (seed % 3);
                records.add(run("ppo-blind", s, seed, ppo + 0.2, false));
            }
        }
        String v = verdict(records);
        assertTrue(v.contains("Other window ablations (evidence of what the policy reads, not the binding test): "
                + "blind (ppo-blind - ppo) +0.2000 [+0.2000, +0.2000] over 6 paired runs."), v);
        assertTrue(!v.contains("replayed"), "the replay was not run: " + v);
    }

    /** A fresh-seed run of ppo and two ablations: steps-shuffled worse by `gap`, the patch shuffle by 0.0001. */
    private static List<RunRecord> confirmatory(double gap) {
        List<RunRecord> out = new ArrayList<>();
        for (String s : new String[]{"mlp/sgd/0.1/2000", "mlp/sgd/3.0/2000"}) {
            for (long seed = 2010; seed < 2014; seed++) {
                double ppo = 0.060 + 0.001 * (seed - 2011);
                out.add(run("ppo", s, seed, ppo, false));
                out.add(run("ppo-steps-shuffled", s, seed, ppo + gap + 0.0005 * (seed % 2), false));
                out.add(run("ppo-shuffled", s, seed, ppo + 0.0001 * (seed % 2), false));
            }
        }
        return out;
    }

    private String verdictWithWindowTest(List<RunRecord> records, List<RunRecord> confirm) throws IOException {
        return new Verdict(records, Set.of("cosine", "constant"), Map.of("ppo", "bc"), "ppo", "subramanian",
                "ppo-shuffled", dir, new Verdict.WindowTest(confirm, "ppo-steps-shuffled", "runs/confirm")).markdown();
    }

    @Test
    void aConfirmatoryRunDecidesTheWindowShuffleAndTheOwnSeedsBecomeEvidence() throws IOException {
        // On its own seeds the shuffle is no worse (FAIL there); the confirmatory run's step shuffle is worse.
        List<RunRecord> own = new ArrayList<>(grid(false));
        own.removeIf(r -> r.method().equals("ppo-shuffled"));
        for (RunRecord r : grid(false)) {
            if (r.method().equals("ppo")) {
                own.add(run("ppo-shuffled", r.setting(), r.seed(), r.testLoss(), false));
            }
        }
        String pass = verdictWithWindowTest(own, confirmatory(0.004));
        assertTrue(pass.contains("Window shuffle, judged on a confirmatory run fixed in advance (runs/confirm) PASS: "
                + "test loss ppo-steps-shuffled - ppo = +0.0043"), pass);
        assertTrue(pass.contains("over 8 paired runs"), pass);
        assertTrue(pass.contains("The other ablations of that run (not binding): shuffled (ppo-shuffled - ppo) "
                + "+0.0001"), pass);
        assertTrue(pass.contains("On the evaluation's own seeds (exploratory, not binding), the window shuffle: "
                + "test loss ppo-shuffled - ppo = +0.0000"), pass);
        assertTrue(!pass.contains("Window shuffle FAIL"), pass);

        String fail = verdictWithWindowTest(grid(false), confirmatory(-0.004));
        assertTrue(fail.contains("(runs/confirm) FAIL: test loss ppo-steps-shuffled - ppo = -0.0038"), fail);
    }

    @Test
    void aConfirmatoryRunWithoutTheAblationSaysNotRun() throws IOException {
        List<RunRecord> confirm = new ArrayList<>(confirmatory(0.004));
        confirm.removeIf(r -> r.method().equals("ppo-steps-shuffled"));
        String v = verdictWithWindowTest(grid(false), confirm);
        assertTrue(v.contains("(runs/confirm) NOT RUN: no runs of ppo-steps-shuffled and ppo there."), v);
    }

    @Test
    void aDivergenceFailsCheckOneAndNamesTheRun() throws IOException {
        String v = verdict(grid(true));
        assertTrue(v.contains("FAIL: ppo 1 of 6 runs diverged (mlp/sgd/3.0/2000 seed 2002)"), v);
    }

    @Test
    void lrCurvesThatIgnoreTheSettingFailTheClosedLoopCheck() throws IOException {
        for (String s : new String[]{"mlp_sgd_0.1_2000", "mlp_sgd_3.0_2000"}) {
            for (long seed = 2000; seed < 2003; seed++) {
                double eta0 = s.contains("3.0") ? 3.0 : 0.1;
                double[] lr = new double[4];
                for (int t = 0; t < 4; t++) {
                    lr[t] = eta0 * Math.pow(0.5, t);   // the same shape at both base LRs
                }
                double[] ones = {1, 1, 1, 1};
                RunRecord r = new RunRecord("ppo", s.replace('_', '/'), seed, false, 0.1, 0.97, 0, 0, 1, 1, 4);
                new RunCurve(lr, ones, ones).write(RunCurve.file(dir, r));
            }
        }
        String v = verdict(grid(false));
        assertTrue(v.contains("LR curves FAIL: 0 of 3 same-seed pairs"), v);
    }
}
