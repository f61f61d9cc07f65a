package org.learnedlr.cli.report;

import java.util.List;
import org.learnedlr.cli.report.ReportContent.Section;
import org.learnedlr.cli.report.ReportTable.Cell;

/**
 * Renders the report's text and tables as Markdown (the charts stay in the HTML page): significant differences in
 * bold, the reference in italics.
 */
final class MarkdownPage {
    private MarkdownPage() {
    }

    static String render(ReportContent c, String htmlName) {
        StringBuilder m = new StringBuilder();
        m.append("# ").append(c.title()).append("\n\n");
        for (String f : c.facts()) {
            m.append("- ").append(f).append('\n');
        }
        m.append("\nThe charts (LR, train and validation loss per setting) are in ").append(htmlName)
                .append(".\n\n");
        for (String p : c.reading()) {
            m.append(p).append("\n\n");
        }
        for (Section s : c.sections()) {
            m.append("## ").append(s.setting()).append("\n\n");
            table(m, s.results());
        }
        m.append("## Divergence map\n\n");
        for (ReportTable t : c.divergence()) {
            m.append("### ").append(t.title()).append("\n\n");
            table(m, t);
        }
        m.append("---\n\n").append(ReportContent.MNIST_CREDIT).append(" <").append(ReportContent.MNIST_LICENSE_URL)
                .append(">\n");
        return m.toString();
    }

    private static void table(StringBuilder m, ReportTable t) {
        if (!t.note().isEmpty()) {
            m.append(t.note()).append("\n\n");
        }
        m.append('|');
        for (String h : t.header()) {
            m.append(' ').append(esc(h)).append(" |");
        }
        m.append("\n|");
        for (int i = 0; i < t.header().size(); i++) {
            m.append(i == 0 ? "---|" : "---:|");
        }
        m.append('\n');
        for (List<Cell> row : t.rows()) {
            m.append('|');
            for (Cell cell : row) {
                String text = esc(cell.text());
                m.append(' ').append(switch (cell.tone()) {
                    case BETTER, WORSE -> Double.isNaN(cell.heat()) ? "**" + text + "**" : text;
                    case REFERENCE -> "*" + text + "*";
                    case PLAIN -> text;
                }).append(" |");
            }
            m.append('\n');
        }
        m.append('\n');
    }

    private static String esc(String s) {
        return s.replace("|", "\\|");
    }
}
