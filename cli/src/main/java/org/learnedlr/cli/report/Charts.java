package org.learnedlr.cli.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the report's line charts with XChart into PNG bytes: steps on x, a logarithmic value axis, one line per
 * method in its {@link MethodStyles style}. The legend is left to the page (one per setting serves its three charts).
 */
final class Charts {
    static {
        // Charts are drawn on servers and in CI: never look for a display.
        System.setProperty("java.awt.headless", "true");
    }

    static final int WIDTH = 560;
    static final int HEIGHT = 370;

    /** One method's line. */
    record Line(String method, MeanCurve curve, MethodStyles.Style style) {
    }

    private Charts() {
    }

    /**
     * A chart as PNG bytes. Lines without points are left out; with none left the chart is drawn empty on a linear
     * axis (a logarithmic axis needs data) and says so in its title.
     *
     * @param steps the budget T: the x axis runs from 0 to T
     */
    static byte[] png(String title, String xTitle, String yTitle, List<Line> lines, int steps) throws IOException {
        boolean any = lines.stream().anyMatch(l -> l.curve().size() > 0);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(any ? title : title + " (nothing finite and positive to draw)")
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        XYStyler st = chart.getStyler();
        st.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        st.setLegendVisible(false);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setPlotBorderColor(new Color(0xb0b0b0));
        st.setPlotGridLinesColor(new Color(0xe4e4e4));
        st.setChartPadding(8);
        st.setMarkerSize(0);
        st.setAntiAlias(true);
        st.setTextAntiAlias(true);
        st.setYAxisLogarithmic(any);
        // Over a few decades label each decade; over less, label 1, 2 and 5 of each (XChart ticks every digit).
        boolean decades = decades(lines) > 2.5;
        st.setYAxisLogarithmicDecadeOnly(decades);
        st.setYAxisTickLabelsFormattingFunction(v -> decades || oneTwoFive(v) ? tick(v) : "");
        st.setXAxisDecimalPattern("0");
        // The whole budget, [0, T]; points sit at the middles of the steps they cover (MeanCurve).
        st.setXAxisMin(0.0);
        st.setXAxisMax((double) Math.max(1, steps));
        for (Line l : lines) {
            if (l.curve().size() == 0) {
                continue;
            }
            XYSeries s = chart.addSeries(l.method(), l.curve().step(), l.curve().value());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(l.style().color());
            s.setLineStyle(l.style().dashed()
                    ? new BasicStroke(l.style().width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                            new float[]{6f, 4f}, 0f)
                    : new BasicStroke(l.style().width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        return ChartEncoder.getBytes(chart, "png");
    }

    /** The number of decades the lines' values span (0 without values). */
    static double decades(List<Line> lines) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Line l : lines) {
            for (double v : l.curve().value()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return hi >= lo ? Math.log10(hi / lo) : 0;
    }

    /** Whether a positive value is 1, 2 or 5 times a power of ten. */
    static boolean oneTwoFive(double v) {
        double m = v / Math.pow(10, Math.floor(Math.log10(v)));
        long d = Math.round(m);
        return Math.abs(m - d) < 1e-6 * d && (d == 1 || d == 2 || d == 5 || d == 10);
    }

    /** A value-axis label: plain from 0.001 to 9999 ("0.03", "2"), else "3e-5". */
    static String tick(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e4) {
            return BigDecimal.valueOf(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        }
        String s = String.format(Locale.ROOT, "%.2e", v);  // such as 3.00e-05
        String mantissa = s.substring(0, s.indexOf('e')).replaceFirst("\\.?0+$", "");
        return mantissa + "e" + Integer.parseInt(s.substring(s.indexOf('e') + 1));
    }
}
