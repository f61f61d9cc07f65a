package org.learnedlr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is missing or not what a command expects gives one line naming it and exit code 1, no stack trace. */
class IoErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void aDirectoryThatIsNotASavedPolicyIsOneLineAndExitCode1() throws Exception {
        Path notAPolicy = Files.createDirectories(tmp.resolve("not-a-policy"));
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Main.run("ppo", "--from", notAPolicy.toString(), "--run-dir", tmp.resolve("ppo").toString(),
                    "--out", tmp.resolve("out").toString(), "--no-fetch");
        } finally {
            System.setErr(err);
        }
        assertEquals(1, code);
        String msg = buf.toString(StandardCharsets.UTF_8);
        assertEquals(1, msg.lines().count(), msg);
        assertTrue(msg.startsWith("learnedlr: ") && msg.contains("not-a-policy"), msg);
    }
}
