package org.learnedlr.cli.report;

import java.util.List;

/**
 * A table of the report as plain data, rendered alike to HTML and Markdown.
 *
 * @param title   what the table shows, in a few words
 * @param note    how to read it (may be empty)
 * @param header  the column names
 * @param rows    the rows, each as many cells as the header has names
 */
public record ReportTable(String title, String note, List<String> header, List<List<Cell>> rows) {

    public ReportTable {
        header = List.copyOf(header);
        rows = List.copyOf(rows);
        for (List<Cell> r : rows) {
            if (r.size() != header.size()) {
                throw new IllegalArgumentException("rows: a row has " + r.size() + " cells for " + header.size()
                        + " columns");
            }
        }
    }

    /** How a cell stands out. */
    public enum Tone {
        PLAIN,
        /** Significantly better than the reference (a 95% interval below 0). */
        BETTER,
        /** Significantly worse than the reference, or diverged runs. */
        WORSE,
        /** The reference itself: the best hand-made schedule. */
        REFERENCE
    }

    /**
     * One cell.
     *
     * @param heat a share in [0, 1] to colour the cell by (the divergence map), or NaN for none
     */
    public record Cell(String text, Tone tone, double heat) {
        public static Cell of(String text) {
            return new Cell(text, Tone.PLAIN, Double.NaN);
        }

        public static Cell of(String text, Tone tone) {
            return new Cell(text, tone, Double.NaN);
        }
    }
}
