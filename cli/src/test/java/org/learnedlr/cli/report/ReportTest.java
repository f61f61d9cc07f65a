package org.learnedlr.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.learnedlr.rl.eval.EvalSuite;
import org.learnedlr.rl.eval.ResultTables;
import org.learnedlr.rl.eval.Stats;

class ReportTest {
    private static final Pattern IMG = Pattern.compile("<img [^>]*src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path tmp;

    @Test
    void everyChartIsAnEmbeddedPngWithItsLinesDrawn() throws IOException {
        Report.Written w = Report.write(RunDirectory.open(SyntheticRun.write(tmp.resolve("run")), null),
                tmp.resolve("out/report.html"));
        assertEquals(2, w.settings());
        assertEquals(6, w.charts(), "LR, train loss and validation loss for each of two settings");
        assertEquals(18, w.runs());
        assertEquals(0, w.missingCurves());
        String html = Files.readString(w.html(), StandardCharsets.UTF_8);
        List<BufferedImage> images = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            byte[] png = Base64.getDecoder().decode(m.group(1));
            assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8), "a PNG signature");
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(img, "decodes as an image");
            assertEquals(Charts.WIDTH, img.getWidth());
            assertEquals(Charts.HEIGHT, img.getHeight());
            images.add(img);
        }
        assertEquals(6, images.size(), "one <img> per chart");
        assertEquals(6, html.split("<img ", -1).length - 1, "no other images");
        // Each chart draws all three methods: their colours are on it (the line interiors are not anti-aliased).
        MethodStyles styles = new MethodStyles(List.of(SyntheticRun.METHODS), Set.of("constant", "cosine"));
        for (int i = 0; i < images.size(); i++) {
            for (String method : SyntheticRun.METHODS) {
                int rgb = styles.of(method).color().getRGB() & 0xffffff;
                assertTrue(count(images.get(i), rgb) >= 20, "chart " + i + " draws " + method);
            }
        }
    }

    @Test
    void tablesCarryResultTablesNumbersInHtmlAndMarkdown() throws IOException {
        Path run = SyntheticRun.write(tmp.resolve("run"));
        Report.Written w = Report.write(RunDirectory.open(run, null), tmp.resolve("report.html"));
        assertEquals(tmp.resolve("report.md"), w.markdown());
        String html = Files.readString(w.html(), StandardCharsets.UTF_8);
        String md = Files.readString(w.markdown(), StandardCharsets.UTF_8);
        ResultTables rt = new ResultTables(EvalSuite.read(run.resolve("results.csv")), Set.of("constant", "cosine"));
        for (String setting : SyntheticRun.SETTINGS) {
            assertTrue(html.contains("<h2>" + setting + "</h2>"), setting);
            assertTrue(md.contains("## " + setting + "\n"), setting);
            String best = rt.bestHandMade(setting);
            assertTrue(best.equals("constant") || best.equals("cosine"));
            assertTrue(html.contains("Reference: " + best + ","), "names the reference of " + setting);
            Stats.Interval iv = rt.pairedDifference(setting, "bc-ppo", best);
            String delta = String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", iv.mean(), iv.low(), iv.high());
            assertTrue(html.contains(delta), "paired difference of bc-ppo in " + setting + ": " + delta);
            assertTrue(md.contains(delta), "the Markdown has it too");
            String mean = String.format(Locale.ROOT, "%.4f ± ", rt.meanLoss(setting, "bc-ppo"));
            assertTrue(html.contains(mean) && md.contains(mean));
        }
        assertEquals(2, count(html, "<td class=\"reference\">(best hand-made)</td>"));
        assertEquals(2, count(md, "*(best hand-made)*"));
        // The diverged run: in its setting's table and legend, and in the divergence map.
        assertTrue(html.contains("<td class=\"worse\">1/3</td>"), "constant diverged once at SGD 0.1");
        assertTrue(md.contains("| **1/3** |"));
        assertTrue(html.contains("constant (1/3 diverged)"), "legend");
        assertTrue(html.contains("<h3>mlp/sgd</h3>") && html.contains("<h3>mlp/adam</h3>"), "a map per optimizer");
        assertTrue(html.contains("<th>0.1</th>") && html.contains("<th>0.001</th>"), "columns by eta0");
        assertTrue(Pattern.compile("<td style=\"background: #[0-9a-f]{6}; color: #[0-9a-f]{6}\" class=\"heat\">1/3</td>")
                .matcher(html).find(), "a coloured cell for 1 of 3 diverged");
        assertEquals(5, count(html, "class=\"heat\">0/3</td>"), "five method-settings did not diverge");
        assertTrue(md.contains("### mlp/sgd\n") && md.contains("| constant | 1/3 |"));
        // Credits, self-containment.
        for (String doc : List.of(html, md)) {
            assertTrue(doc.contains("Yann LeCun, Corinna Cortes and Christopher J.C. Burges"));
            assertTrue(doc.contains("CC BY-SA 3.0"));
        }
        assertFalse(Pattern.compile("(src|href)=\"(?!data:|#|https://creativecommons\\.org/)").matcher(html).find(),
                "no resource outside the page");
        assertFalse(html.contains("<link"));
    }

    @Test
    void handMadeMethodsComeFromTheFileOrTheCommandLine() throws IOException {
        Path run = SyntheticRun.write(tmp.resolve("run"));
        assertEquals(Set.of("constant", "step", "onecycle", "linear-warmup", "cosine", "polynomial", "rex", "wsd"),
                RunDirectory.open(run, null).handMade(), "the catalog's names by default");
        Files.writeString(run.resolve(RunDirectory.HAND_MADE_FILE), "# the reference set\ncosine\n\n");
        RunDirectory fromFile = RunDirectory.open(run, null);
        assertEquals(Set.of("cosine"), fromFile.handMade());
        String html = Files.readString(Report.write(fromFile, tmp.resolve("r.html")).html());
        assertTrue(html.contains("Reference: cosine,"));
        assertTrue(html.contains("<td>constant</td><td>learned</td>"), "constant is not hand-made now");
        assertEquals(Set.of("constant"), RunDirectory.open(run, List.of("constant")).handMade());
    }

    @Test
    void aMissingCurveLeavesTheRunInTheTableOnly() throws IOException {
        Path run = SyntheticRun.write(tmp.resolve("run"));
        Files.delete(run.resolve("curves/bc-ppo/mlp_adam_0.001_200/2002.csv"));
        Report.Written w = Report.write(RunDirectory.open(run, null), tmp.resolve("r.html"));
        assertEquals(1, w.missingCurves());
        assertEquals(6, w.charts());
        assertTrue(Files.readString(w.html()).contains("Curve files missing for 1 runs"));
    }

    @Test
    void badInputIsRefusedWithTheFileNamed() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunDirectory.open(tmp.resolve("nowhere"), null));
        assertTrue(e.getMessage().startsWith("--run-dir: "), e.getMessage());
        Files.createDirectories(tmp.resolve("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RunDirectory.open(tmp.resolve("empty"), null))
                .getMessage().contains("no results.csv"));
        Path run = SyntheticRun.write(tmp.resolve("run"));
        Path curve = run.resolve("curves/cosine/mlp_sgd_0.1_200/2000.csv");
        Files.writeString(curve, "step,lr,train_loss,validation_loss\n0,0.1,2.3,2.3\n2,0.1,2.2,2.3\n");
        IOException io = assertThrows(IOException.class,
                () -> Report.write(RunDirectory.open(run, null), tmp.resolve("r.html")));
        assertTrue(io.getMessage().contains(curve + ": line 3"), io.getMessage());
    }

    @Test
    void markdownGoesBesideTheHtml() {
        assertEquals(Path.of("a/report.md"), Report.markdownBeside(Path.of("a/report.html")));
        assertEquals(Path.of("x.md"), Report.markdownBeside(Path.of("x.HTM")));
        assertEquals(Path.of("x.out.md"), Report.markdownBeside(Path.of("x.out")));
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
            }
        }
        return n;
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
