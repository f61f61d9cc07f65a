package org.learnedlr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnedlr.mnist.MnistLocator;

/** Every subcommand, run in-process on tiny settings, as a user would type it. */
class CommandsSmokeTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void needsMnist() {
        boolean present = MnistLocator.fromSystem().locate().isPresent();
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("MNIST is required under CI=true (.ci/run fetches it)");
        }
        assumeTrue(present, "MNIST not available (run scripts/fetch-mnist.sh)");
        System.setProperty("java.awt.headless", "true");
    }

    /** Runs the command line and returns (exit code, stdout + stderr, stdout alone). */
    private static Result run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        PrintStream toBoth = new PrintStream(both, true, StandardCharsets.UTF_8);
        System.setOut(new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                toBoth.write(b);
                stdout.write(b);
            }
        }, true, StandardCharsets.UTF_8));
        System.setErr(toBoth);
        try {
            int code = Main.run(args);
            return new Result(code, both.toString(StandardCharsets.UTF_8), stdout.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private record Result(int code, String text, String stdout) {
    }

    private static void ok(Result r) {
        assertEquals(0, r.code(), r.text());
    }

    @Test
    void thePipelineRunsThroughEveryCommand() throws Exception {
        ok(run("data", "--no-fetch"));
        Result train = run("train", "--steps", "20", "--batch-size", "32", "--log-every", "10", "--no-fetch",
                "--schedule", "onecycle");
        ok(train);
        assertTrue(train.text().contains("test accuracy"), train.text());
        assertTrue(train.text().contains("[##########..........] 10/20 steps"), "a progress bar: " + train.text());

        // --json: only JSON objects on stdout, progress events then one result with the summary's numbers.
        Result json = run("train", "--steps", "20", "--batch-size", "32", "--log-every", "10", "--no-fetch", "--json");
        ok(json);
        List<String> lines = json.stdout().lines().toList();
        assertEquals(3, lines.size(), json.stdout());
        for (String line : lines) {
            assertTrue(line.startsWith("{\"event\":\"") && line.endsWith("}"), line);
        }
        assertTrue(lines.get(0).contains("\"event\":\"progress\"") && lines.get(0).contains("\"done\":10")
                && lines.get(0).contains("\"eta_s\":"), lines.get(0));
        assertTrue(lines.get(2).startsWith("{\"event\":\"result\",\"steps\":20,\"diverged\":false,\"test_loss\":"),
                lines.get(2));

        // --quiet: the summary line only.
        Result quiet = run("train", "--steps", "20", "--batch-size", "32", "--log-every", "10", "--no-fetch", "--quiet");
        ok(quiet);
        assertEquals(1, quiet.stdout().lines().count(), quiet.stdout());
        assertTrue(quiet.stdout().startsWith("test loss "), quiet.stdout());

        // --run-dir: run.json, every step in steps.csv, a checkpoint, result.json; a second call resumes.
        Path trainDir = dir.resolve("train");
        ok(run("train", "--steps", "20", "--batch-size", "32", "--log-every", "10", "--checkpoint-every", "10",
                "--no-fetch", "--quiet", "--run-dir", trainDir.toString()));
        for (String f : new String[]{"run.json", "steps.csv", "checkpoint.safetensors", "result.json"}) {
            assertTrue(Files.exists(trainDir.resolve(f)), f);
        }
        String manifest = Files.readString(trainDir.resolve("run.json"));
        assertTrue(manifest.startsWith("{\"command\":\"learnedlr train\",\"options\":{") && manifest.contains(
                "\"--lr\":0.1") && manifest.contains("\"commit\":") && manifest.contains("\"java\":"), manifest);
        List<String> rows = Files.readAllLines(trainDir.resolve("steps.csv"));
        assertEquals(21, rows.size());
        assertTrue(rows.get(0).startsWith("step,lr,train_loss,validation_loss,grad_norm_0,grad_norm_1,ms"), rows.get(0));
        Files.writeString(trainDir.resolve("steps.csv"), "20,0.1,2.3,,1,1,1.0\n",
                java.nio.file.StandardOpenOption.APPEND);   // a row written after the last checkpoint, before a kill
        Result resumed = run("train", "--steps", "20", "--batch-size", "32", "--log-every", "5", "--no-fetch",
                "--run-dir", trainDir.toString());
        ok(resumed);
        assertTrue(resumed.text().contains("resuming " + trainDir + " at step 20"), resumed.text());
        assertEquals(rows, Files.readAllLines(trainDir.resolve("steps.csv")));
        Result other = run("train", "--steps", "20", "--batch-size", "32", "--lr", "0.3", "--no-fetch",
                "--run-dir", trainDir.toString());
        assertEquals(2, other.code(), other.text());
        assertTrue(other.text().contains("started with --lr 0.1, and now --lr is 0.3") && !other.text().contains("\tat "),
                other.text());

        Path demos = dir.resolve("demos.bin");
        Result collect = run("collect", "--out", demos.toString(), "--budgets", "16", "--seeds", "0",
                "--workers", "2", "--rescue", "--no-fetch", "--json");
        ok(collect);
        assertTrue(Files.exists(dir.resolve("demos.bin.yardstick.md")));
        List<String> events = collect.stdout().lines().toList();
        assertEquals(25, events.size(), collect.stdout());   // 24 episodes (nothing trains in 16 steps: no rescue)
        assertTrue(events.get(23).contains("\"done\":24") && events.get(23).contains("\"episode\":"), events.get(23));
        assertTrue(events.get(24).startsWith("{\"event\":\"result\"") && events.get(24).contains(
                "\"episodes_in_file\":24"), events.get(24));
        Path policies = dir.resolve("policies");
        Result bc = run("bc", "--demos", demos.toString(), "--out", policies.toString(), "--epochs", "1", "--json");
        ok(bc);
        assertTrue(Files.exists(policies.resolve("bc-cosine").resolve("policy.json")));
        List<String> bcEvents = bc.stdout().lines().toList();
        assertEquals(5, bcEvents.size(), bc.stdout());       // one epoch of each of the four, then the result
        assertTrue(bcEvents.get(4).startsWith("{\"event\":\"result\",\"policies\":[{") && bcEvents.get(4)
                .contains("\"policy\":\"bc-all\""), bcEvents.get(4));
        ok(run("ppo", "--from", policies.resolve("bc-cosine").toString(), "--run-dir", dir.resolve("ppo").toString(),
                "--out", policies.resolve("ppo-cosine").toString(), "--iterations", "1", "--episodes-per-iteration",
                "1", "--workers", "1", "--budget", "16", "--validate-every", "1", "--smoothness", "0.1", "--no-fetch"));
        Path baseline = dir.resolve("baseline.safetensors");
        Result matched = run("baseline", "--match-demos", demos.toString(), "--match-ppo", dir.resolve("ppo").toString(),
                "--run-dir", dir.resolve("base").toString(), "--out", baseline.toString(), "--budget", "16", "--no-fetch");
        ok(matched);
        assertTrue(matched.text().contains("matched budget"), matched.text());
        Path eval = dir.resolve("eval");
        ok(run("evaluate", "--grid", "custom", "--lr", "0.1", "--steps", "16", "--batch-size", "32", "--seeds", "2000",
                "--schedules", "cosine,constant", "--policy", "ppo-cosine=" + policies.resolve("ppo-cosine"),
                "--policy", "bc-cosine=" + policies.resolve("bc-cosine"), "--shuffled-windows",
                "--baseline", "subramanian=" + baseline, "--run-dir", eval.toString(), "--no-fetch"));
        assertEquals(8, Files.readAllLines(eval.resolve("results.csv")).size());   // header + 7 methods
        ok(run("report", "--run-dir", eval.toString()));
        assertTrue(Files.exists(eval.resolve("report.html")));
        Result verdict = run("verdict", "--run-dir", eval.toString(), "--pair", "ppo-cosine=bc-cosine", "--best",
                "ppo-cosine", "--baseline", "subramanian", "--shuffled", "ppo-cosine-shuffled");
        ok(verdict);
        String judged = Files.readString(eval.resolve("verdict.md"));
        assertTrue(judged.contains("**(1) No BC+PPO policy diverges.**") && judged.contains("**(4) Closed loop.**"),
                judged);
        Result confirmed = run("verdict", "--run-dir", eval.toString(), "--pair", "ppo-cosine=bc-cosine", "--best",
                "ppo-cosine", "--shuffled", "ppo-cosine-shuffled", "--window-test", eval.toString(),
                "--window-test-ablation", "ppo-cosine-shuffled");
        ok(confirmed);
        assertTrue(confirmed.stdout().contains("judged on a confirmatory run fixed in advance (" + eval + ")"),
                confirmed.text());
        Result half = run("verdict", "--run-dir", eval.toString(), "--pair", "ppo-cosine=bc-cosine", "--best",
                "ppo-cosine", "--window-test", eval.toString());
        assertEquals(2, half.code(), half.text());
        assertTrue(half.text().contains("--window-test-ablation") && !half.text().contains("\tat "), half.text());
        Result missing = run("verdict", "--run-dir", eval.toString(), "--pair", "ppo-cosine=bc-cosine", "--best",
                "ppo-cosine", "--window-test", eval.toString(), "--window-test-ablation", "ppo-cosine-blind");
        assertEquals(2, missing.code(), missing.text());
        assertTrue(missing.text().contains("no runs of 'ppo-cosine-blind'"), missing.text());
        Path ablation = dir.resolve("ablation.md");
        ok(run("reward-ablation", "--demos", demos.toString(), "--out", ablation.toString()));
        assertTrue(Files.readString(ablation).contains("|"), "a Markdown table");
        Result demo = run("demo", "--out", dir.resolve("demo").toString(), "--steps", "16", "--bc-epochs", "1",
                "--ppo-iterations", "1", "--seeds", "2000", "--workers", "2", "--no-fetch", "--quiet");
        ok(demo);
        assertTrue(Files.exists(dir.resolve("demo").resolve("report.html")), demo.text());
        assertEquals("demo finished", demo.stdout().strip().substring(0, 13), demo.stdout());
        assertTrue(Files.readString(dir.resolve("demo").resolve("run.json")).contains("\"command\":\"learnedlr demo\""));
    }

    @Test
    void badArgumentsGetOneLineAndAnExitCode() {
        Result r = run("train", "--lr", "-1", "--no-fetch");
        assertEquals(2, r.code());
        assertTrue(r.text().contains("eta0") && !r.text().contains("\tat "), r.text());
        Result unknown = run("train", "--stepz", "3");
        assertEquals(2, unknown.code());
        assertTrue(unknown.text().contains("Unknown option"), unknown.text());
        Result penalty = run("ppo", "--from", "x", "--run-dir", "y", "--out", "z", "--penalty", "5", "--no-fetch");
        assertEquals(2, penalty.code(), penalty.text());
        assertTrue(penalty.text().contains("divergencePenalty") && !penalty.text().contains("\tat "), penalty.text());
        Result band = run("collect", "--out", dir.resolve("x.bin").toString(), "--band", "0.001");
        assertEquals(2, band.code(), band.text());
        assertTrue(band.text().contains("--band: give two numbers"), band.text());
        Result clamp = run("collect", "--out", dir.resolve("x.bin").toString(), "--max-log-change", "-1");
        assertEquals(2, clamp.code(), clamp.text());
        assertTrue(clamp.text().contains("maxLogChange: must be finite and > 0"), clamp.text());
        Result actorLr = run("ppo", "--from", "x", "--run-dir", "y", "--out", "z", "--actor-lr", "-1", "--no-fetch");
        assertEquals(2, actorLr.code(), actorLr.text());
        assertTrue(actorLr.text().contains("actorLr") && !actorLr.text().contains("\tat "), actorLr.text());
        Result bcPolicy = run("bc", "--demos", "x", "--out", "y", "--policy", "sine");
        assertEquals(2, bcPolicy.code(), bcPolicy.text());
        Result schedule = run("evaluate", "--run-dir", dir.resolve("x").toString(), "--schedules", "nope");
        assertEquals(2, schedule.code());
        assertTrue(schedule.text().contains("known"), schedule.text());
        for (String cmd : new String[]{"data", "train", "collect", "bc", "ppo", "baseline", "evaluate", "report",
            "demo", "verdict", "reward-ablation"}) {
            Result help = run(cmd, "--help");
            assertEquals(0, help.code(), cmd);
            assertTrue(help.text().contains("Usage"), cmd + ": " + help.text());
        }
    }
}
