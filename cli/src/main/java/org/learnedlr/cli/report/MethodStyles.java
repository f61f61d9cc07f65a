package org.learnedlr.cli.report;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One colour and line per method, the same on every chart and in the page's legends: hand-made schedules in thin
 * lines of muted colours, the other (learned) methods in thick lines of strong ones, each in order of appearance.
 * Past ten of a kind the colours repeat with dashed lines.
 */
final class MethodStyles {
    /** How a method's lines are drawn. */
    record Style(Color color, float width, boolean dashed) {
        String hex() {
            return String.format(Locale.ROOT, "#%02x%02x%02x", color.getRed(), color.getGreen(), color.getBlue());
        }
    }

    private static final int[] MUTED = {0x4c78a8, 0xf58518, 0x54a24b, 0xb279a2, 0x9d755d, 0x72b7b2, 0xe0b020,
        0x8e8e8e, 0xff9da6, 0x2f4b7c};
    private static final int[] STRONG = {0xd62020, 0x111111, 0x7b2fbf, 0x00a0b0, 0xc71585, 0x1a1aa6, 0x6b8e23,
        0xff6600, 0x8b0000, 0x008060};
    private static final float THIN = 1.4f;
    private static final float THICK = 2.6f;

    private final Map<String, Style> styles = new LinkedHashMap<>();

    MethodStyles(List<String> methods, Set<String> handMade) {
        int muted = 0;
        int strong = 0;
        for (String m : methods) {
            if (handMade.contains(m)) {
                styles.put(m, new Style(new Color(MUTED[muted % MUTED.length]), THIN, muted >= MUTED.length));
                muted++;
            } else {
                styles.put(m, new Style(new Color(STRONG[strong % STRONG.length]), THICK, strong >= STRONG.length));
                strong++;
            }
        }
    }

    Style of(String method) {
        Style s = styles.get(method);
        if (s == null) {
            throw new IllegalArgumentException("method: no style for '" + method + "'");
        }
        return s;
    }
}
