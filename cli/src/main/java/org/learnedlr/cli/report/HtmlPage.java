package org.learnedlr.cli.report;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.learnedlr.cli.report.ReportContent.Figure;
import org.learnedlr.cli.report.ReportContent.LegendEntry;
import org.learnedlr.cli.report.ReportContent.Section;
import org.learnedlr.cli.report.ReportTable.Cell;

/**
 * Renders the report as one self-contained HTML page: inline CSS, charts as {@code data:image/png;base64} URIs, no
 * external resource of any kind.
 *
 * <p>A few lines of inline script let a headless browser confirm the page works: once everything has loaded, the
 * {@code <html>} element's {@value #CHECK_ATTRIBUTE} attribute becomes {@code ok <n> images} when every image decoded
 * and no error was raised, and {@code broken ...} otherwise. Readers never see it.
 */
final class HtmlPage {
    /** The attribute on {@code <html>} that the page's self-check sets. */
    static final String CHECK_ATTRIBUTE = "data-report-check";

    private static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1d1d1d;
                   margin: 0 auto; padding: 1.2rem 2rem 3rem; max-width: 1760px; line-height: 1.45; }
            h1 { margin-bottom: .3rem; }
            h2 { margin-top: 2.6rem; padding-top: .6rem; border-top: 2px solid #ddd; font-family: ui-monospace,
                 "DejaVu Sans Mono", monospace; }
            h3 { margin: 1.4rem 0 .3rem; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 1rem; }
            ul.facts { padding-left: 1.2rem; color: #333; }
            .reading p { max-width: 62rem; margin: .4rem 0; }
            nav { margin: 1rem 0; } nav a { margin-right: .9rem; font-family: ui-monospace, monospace; white-space: nowrap; }
            .legend { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; margin: .6rem 0; font-size: .92rem; }
            .legend span.swatch { display: inline-block; width: 2rem; margin-right: .35rem; vertical-align: middle; }
            .charts { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: .8rem; max-width: 1720px; }
            @media (max-width: 1150px) { .charts { grid-template-columns: minmax(0, 1fr); } }
            figure { margin: 0; } figure img { width: 100%; max-width: 560px; height: auto; border: 1px solid #e2e2e2; }
            .scroll { overflow-x: auto; }
            figcaption { font-size: .85rem; color: #555; }
            p.note { font-size: .9rem; color: #444; max-width: 70rem; }
            table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
            th, td { border: 1px solid #d0d0d0; padding: .25rem .55rem; text-align: right; white-space: nowrap; }
            th { background: #f2f2f2; white-space: normal; max-width: 11rem; vertical-align: bottom; }
            td:first-child, th:first-child { text-align: left; }
            tbody tr:nth-child(even) td:not(.heat) { background: #fafafa; }
            td.better { background: #d8f0d2 !important; } td.worse { color: #a50f15; }
            td.reference { font-weight: 600; }
            td.heat { text-align: center; min-width: 3.5rem; }
            footer { margin-top: 3rem; padding-top: .8rem; border-top: 1px solid #ddd; font-size: .85rem; color: #444; }
            """;

    private static final String CHECK_HEAD = """
            window.reportErrors = [];
            window.addEventListener('error', function (e) {
              window.reportErrors.push(e.message || ('failed to load ' + (e.target && e.target.tagName)));
            }, true);
            """;

    private static final String CHECK_END = """
            (function () {
              function check() {
                var imgs = document.images, broken = 0;
                for (var i = 0; i < imgs.length; i++) {
                  if (!imgs[i].complete || imgs[i].naturalWidth === 0) broken++;
                }
                var ok = broken === 0 && window.reportErrors.length === 0;
                document.documentElement.setAttribute('%s', ok ? 'ok ' + imgs.length + ' images'
                    : 'broken ' + broken + '/' + imgs.length + ' images; errors: ' + window.reportErrors.join(' | '));
              }
              if (document.readyState === 'complete') check(); else window.addEventListener('load', check);
            })();
            """.formatted(CHECK_ATTRIBUTE);

    private HtmlPage() {
    }

    static String render(ReportContent c) {
        StringBuilder h = new StringBuilder(1 << 20);
        h.append("<!DOCTYPE html>\n<html lang=\"en\" ").append(CHECK_ATTRIBUTE).append("=\"pending\">\n<head>\n")
                .append("<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(c.title())).append("</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n")
                .append("<script>\n").append(CHECK_HEAD).append("</script>\n</head>\n<body>\n");
        h.append("<h1>").append(esc(c.title())).append("</h1>\n<ul class=\"facts\">\n");
        for (String f : c.facts()) {
            h.append("<li>").append(esc(f)).append("</li>\n");
        }
        h.append("</ul>\n<div class=\"reading\">\n");
        for (String p : c.reading()) {
            h.append("<p>").append(esc(p)).append("</p>\n");
        }
        h.append("</div>\n<nav><strong>Settings:</strong> ");
        for (Section s : c.sections()) {
            h.append("<a href=\"#").append(esc(s.anchor())).append("\">").append(esc(s.setting())).append("</a>");
        }
        h.append("<a href=\"#divergence\">divergence map</a></nav>\n");

        for (Section s : c.sections()) {
            h.append("<section id=\"").append(esc(s.anchor())).append("\">\n<h2>").append(esc(s.setting()))
                    .append("</h2>\n");
            legend(h, s.legend());
            h.append("<div class=\"charts\">\n");
            for (Figure f : s.figures()) {
                h.append("<figure><img width=\"").append(Charts.WIDTH).append("\" height=\"").append(Charts.HEIGHT)
                        .append("\" alt=\"").append(esc(f.alt())).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(f.png())).append("\">")
                        .append("<figcaption>").append(esc(f.caption())).append("</figcaption></figure>\n");
            }
            h.append("</div>\n<p class=\"note\">").append(esc(s.note())).append("</p>\n");
            table(h, s.results(), false);
            h.append("</section>\n");
        }

        h.append("<section id=\"divergence\">\n<h2>Divergence map</h2>\n");
        for (ReportTable t : c.divergence()) {
            table(h, t, true);
        }
        h.append("</section>\n<footer>\n<p>").append(esc(ReportContent.MNIST_CREDIT)).append(" <a href=\"")
                .append(ReportContent.MNIST_LICENSE_URL).append("\">License</a>.</p>\n</footer>\n")
                .append("<script>\n").append(CHECK_END).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void legend(StringBuilder h, List<LegendEntry> entries) {
        h.append("<div class=\"legend\">\n");
        for (LegendEntry e : entries) {
            h.append("<span><span class=\"swatch\" style=\"border-top: ")
                    .append(String.format(Locale.ROOT, "%.0fpx %s %s", Math.max(2, Math.ceil(e.style().width())),
                            e.style().dashed() ? "dashed" : "solid", e.style().hex()))
                    .append("\"></span>").append(esc(e.method())).append(esc(e.suffix())).append("</span>\n");
        }
        h.append("</div>\n");
    }

    private static void table(StringBuilder h, ReportTable t, boolean withTitle) {
        if (withTitle) {
            h.append("<h3>").append(esc(t.title())).append("</h3>\n");
        }
        if (!t.note().isEmpty()) {
            h.append("<p class=\"note\">").append(esc(t.note())).append("</p>\n");
        }
        h.append("<div class=\"scroll\"><table>\n<thead><tr>");
        for (String col : t.header()) {
            h.append("<th>").append(esc(col)).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (List<Cell> row : t.rows()) {
            h.append("<tr>");
            for (Cell cell : row) {
                h.append("<td");
                String cls = switch (cell.tone()) {
                    case PLAIN -> "";
                    case BETTER -> "better";
                    case WORSE -> "worse";
                    case REFERENCE -> "reference";
                };
                if (!Double.isNaN(cell.heat())) {
                    cls = "heat";
                    h.append(" style=\"").append(heat(cell.heat())).append('"');
                }
                if (!cls.isEmpty()) {
                    h.append(" class=\"").append(cls).append('"');
                }
                h.append('>').append(esc(cell.text())).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table></div>\n");
    }

    /** A background from pale green (no run diverged) through amber to dark red (every run did). */
    static String heat(double share) {
        double s = Math.max(0, Math.min(1, share));
        int[] lo = {0xe5, 0xf5, 0xe0};
        int[] mid = {0xfd, 0xae, 0x61};
        int[] hi = {0xa5, 0x0f, 0x15};
        int[] a = s <= 0.5 ? lo : mid;
        int[] b = s <= 0.5 ? mid : hi;
        double u = s <= 0.5 ? s / 0.5 : (s - 0.5) / 0.5;
        if (s > 0 && s <= 0.5) {
            u = Math.max(u, 0.25);  // one diverged run must not look like none
        }
        String bg = String.format(Locale.ROOT, "#%02x%02x%02x", mix(a[0], b[0], u), mix(a[1], b[1], u),
                mix(a[2], b[2], u));
        return "background: " + bg + "; color: " + (s > 0.6 ? "#fff" : "#1d1d1d");
    }

    private static int mix(int a, int b, double u) {
        return (int) Math.round(a + (b - a) * u);
    }

    static String esc(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
