package org.learnedlr.cli.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives a headless Chromium from the command line, without WebDriver: one launch loads a page, takes a screenshot and
 * prints the DOM as it stands after the page's scripts ran ({@code --dump-dom}); console messages go to stderr as
 * {@code CONSOLE} log lines ({@code --enable-logging=stderr}).
 */
final class HeadlessChromium {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome",
            "google-chrome-stable");
    private static final long TIMEOUT_SECONDS = 120;

    /** What a launch left: its exit code, the DOM after load, and its log. */
    record Result(int exitCode, String dom, String log) {
        /** The log lines of console messages and uncaught errors of the page. */
        List<String> consoleLines() {
            return log.lines().filter(l -> l.contains(":CONSOLE")).toList();
        }
    }

    private HeadlessChromium() {
    }

    /** The first Chromium executable on the PATH, or null. */
    static Path find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String name : NAMES) {
            for (String dir : path.split(File.pathSeparator)) {
                Path p = Path.of(dir.isEmpty() ? "." : dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * Loads {@code page} in a window of the given size with a fresh profile in {@code work}, saves a screenshot there
     * and returns the DOM after load.
     */
    static Result load(Path chromium, Path page, Path screenshot, int width, int height, Path work)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "profile");
        Path stdout = work.resolve("chromium.stdout");
        Path stderr = work.resolve("chromium.stderr");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--hide-scrollbars",
                "--window-size=" + width + "," + height, "--screenshot=" + screenshot, "--dump-dom",
                page.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s; log: "
                    + Files.readString(stderr, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
