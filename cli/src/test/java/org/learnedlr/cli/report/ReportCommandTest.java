package org.learnedlr.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnedlr.cli.Main;

class ReportCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheReportIntoTheRunDirectoryByDefault() throws Exception {
        Path run = SyntheticRun.write(tmp.resolve("run"));
        assertEquals(0, Main.run("report", "--run-dir", run.toString()));
        assertTrue(Files.size(run.resolve("report.html")) > 10_000);
        assertTrue(Files.readString(run.resolve("report.md")).contains("## mlp/sgd/0.1/200"));
        Path out = tmp.resolve("elsewhere/page.html");
        assertEquals(0, Main.run("report", "--run-dir", run.toString(), "--out", out.toString(),
                "--hand-made", "cosine"));
        assertTrue(Files.readString(tmp.resolve("elsewhere/page.md")).contains("Reference: cosine,"));
    }

    @Test
    void aMissingRunDirectoryIsOneLineAndExitCode2() {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("report", "--run-dir", tmp.resolve("nowhere").toString());
        } finally {
            System.setErr(err);
        }
        assertEquals(2, code);
        String msg = buf.toString(StandardCharsets.UTF_8);
        assertEquals(1, msg.lines().count(), msg);
        assertTrue(msg.startsWith("learnedlr: --run-dir: "), msg);
    }
}
