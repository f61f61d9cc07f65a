package org.learnedlr.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the report in a real headless Chromium: every chart must decode and show, no script error or console message
 * may appear, and the page's self-check must be able to fail. Skipped without Chromium, except under CI=true, where
 * it fails. The screenshot stays in target/report-browser/ for a person to look at.
 */
class ReportBrowserTest {
    private static final Pattern CHECK = Pattern.compile(HtmlPage.CHECK_ATTRIBUTE + "=\"([^\"]*)\"");
    private static final int WIDTH = 1500;
    private static final int HEIGHT = 3200;

    @TempDir
    Path tmp;

    /** The Chromium to drive; without one the test is skipped, or fails under CI=true. */
    private static Path chromium() {
        Path chromium = HeadlessChromium.find();
        if (chromium == null) {
            String msg = "no chromium on the PATH (Debian: apt-get install chromium)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(msg + "; CI=true, so the headless-browser test may not be skipped");
            }
            Assumptions.abort(msg + "; headless-browser test skipped");
        }
        return chromium;
    }

    @Test
    void chromiumShowsEveryChartWithoutErrors() throws Exception {
        Path chromium = chromium();
        Path out = Files.createDirectories(Path.of("target", "report-browser").toAbsolutePath());
        Path html = out.resolve("report.html");
        Report.Written w = Report.write(RunDirectory.open(SyntheticRun.write(tmp.resolve("run")), null), html);
        Path screenshot = out.resolve("screenshot.png");
        Files.deleteIfExists(screenshot);

        HeadlessChromium.Result r = HeadlessChromium.load(chromium, html, screenshot, WIDTH, HEIGHT, tmp);
        assertEquals(0, r.exitCode(), r.log());
        assertEquals("ok " + w.charts() + " images", check(r), "the page's self-check after load");
        assertTrue(r.consoleLines().isEmpty(), "console messages: " + r.consoleLines());
        for (String setting : SyntheticRun.SETTINGS) {
            assertTrue(r.dom().contains("<h2>" + setting + "</h2>"), setting);
        }
        assertTrue(r.dom().contains("Divergence map"));

        BufferedImage shot = ImageIO.read(screenshot.toFile());
        assertEquals(WIDTH, shot.getWidth());
        assertEquals(HEIGHT, shot.getHeight());
        assertTrue(colours(shot) > 200, "the screenshot shows charts and coloured tables, not a blank page");
    }

    @Test
    void theSelfCheckCatchesABrokenChart() throws Exception {
        Path chromium = chromium();
        Path html = tmp.resolve("report.html");
        Report.write(RunDirectory.open(SyntheticRun.write(tmp.resolve("run")), null), html);
        String page = Files.readString(html, StandardCharsets.UTF_8);
        Files.writeString(html, page.replaceFirst("base64,", "base64,AAAA"), StandardCharsets.UTF_8);
        HeadlessChromium.Result r = HeadlessChromium.load(chromium, html, tmp.resolve("shot.png"), 800, 600, tmp);
        assertEquals(0, r.exitCode(), r.log());
        assertTrue(check(r).startsWith("broken 1/6 images"), check(r));
    }

    private static String check(HeadlessChromium.Result r) throws IOException {
        Matcher m = CHECK.matcher(r.dom());
        if (!m.find()) {
            throw new IOException("no " + HtmlPage.CHECK_ATTRIBUTE + " in the DOM chromium printed; log: " + r.log());
        }
        return m.group(1);
    }

    private static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
