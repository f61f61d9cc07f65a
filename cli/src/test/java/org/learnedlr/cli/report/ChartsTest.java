package org.learnedlr.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ChartsTest {
    @Test
    void valueAxisLabelsArePlainInTheMiddleAndScientificOutside() {
        assertEquals("0.03", Charts.tick(0.03));
        assertEquals("2", Charts.tick(2.0));
        assertEquals("0.001", Charts.tick(1e-3));
        assertEquals("1e-4", Charts.tick(1e-4));
        assertEquals("3e-5", Charts.tick(3e-5));
        assertEquals("2.5e-7", Charts.tick(2.5e-7));
        assertEquals("1e4", Charts.tick(1e4));
    }

    @Test
    void oneTwoFiveAndDecades() {
        for (double v : new double[]{1, 2, 5, 10, 0.2, 5e-5, 2.0000000000000003e-5, 3e2 / 1.5}) {
            assertTrue(Charts.oneTwoFive(v), Double.toString(v));
        }
        for (double v : new double[]{3, 0.4, 7e-6, 1.5}) {
            assertFalse(Charts.oneTwoFive(v), Double.toString(v));
        }
        MethodStyles styles = new MethodStyles(List.of("a"), Set.of());
        MeanCurve c = new MeanCurve(new double[]{0.5, 1.5}, new double[]{0.1, 1e-4});
        assertEquals(3, Charts.decades(List.of(new Charts.Line("a", c, styles.of("a")))), 1e-12);
        assertEquals(0, Charts.decades(List.of()));
    }

    @Test
    void aChartWithNothingToDrawIsStillAnImage() throws Exception {
        MethodStyles styles = new MethodStyles(List.of("a"), Set.of());
        MeanCurve empty = new MeanCurve(new double[0], new double[0]);
        byte[] png = Charts.png("lr", "step", "lr", List.of(new Charts.Line("a", empty, styles.of("a"))), 0);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img);
        assertEquals(Charts.WIDTH, img.getWidth());
    }

    @Test
    void aConstantLineOnALogAxisDraws() throws Exception {
        MethodStyles styles = new MethodStyles(List.of("c"), Set.of("c"));
        MeanCurve flat = new MeanCurve(new double[]{0, 1, 2}, new double[]{0.1, 0.1, 0.1});
        byte[] png = Charts.png("lr", "step", "lr", List.of(new Charts.Line("c", flat, styles.of("c"))), 3);
        assertNotNull(ImageIO.read(new ByteArrayInputStream(png)));
    }
}
