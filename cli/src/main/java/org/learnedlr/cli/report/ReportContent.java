package org.learnedlr.cli.report;

import java.util.List;

/**
 * What the report says, before it is rendered to HTML or Markdown.
 *
 * @param title      the page's title
 * @param facts      short lines about the run directory (what ran, which methods are hand-made, when made)
 * @param reading    how to read the tables and charts, one paragraph each
 * @param divergence the divergence maps
 * @param sections   one per setting
 */
record ReportContent(String title, List<String> facts, List<String> reading, List<ReportTable> divergence,
                     List<Section> sections) {

    /** The MNIST credit every page carries. */
    static final String MNIST_CREDIT = "The MNIST database is by Yann LeCun, Corinna Cortes and Christopher J.C. "
            + "Burges, made available under the Creative Commons Attribution-Share Alike 3.0 license (CC BY-SA 3.0).";
    static final String MNIST_LICENSE_URL = "https://creativecommons.org/licenses/by-sa/3.0/";

    /**
     * One setting.
     *
     * @param setting the setting's key
     * @param results its results table
     * @param legend  the methods drawn in its charts
     * @param figures its charts
     * @param note    what the curves are (which seeds, how averaged)
     */
    record Section(String setting, ReportTable results, List<LegendEntry> legend, List<Figure> figures, String note) {
        /** An id for links to the section. */
        String anchor() {
            return "setting-" + setting.replaceAll("[^A-Za-z0-9.]+", "-");
        }
    }

    /** A chart as PNG bytes, with a text alternative. */
    record Figure(String caption, String alt, byte[] png) {
    }

    /** A method in a chart legend, with what to add after its name (such as its diverged runs). */
    record LegendEntry(String method, MethodStyles.Style style, String suffix) {
    }
}
