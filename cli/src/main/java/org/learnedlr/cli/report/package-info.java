/**
 * The evaluation report: one self-contained HTML page (and its tables again as Markdown) made from a run directory of
 * {@code learnedlr evaluate}.
 *
 * <p>Why a static page with embedded PNGs: people read it in a browser, attach it to an issue or copy it off a
 * machine, so it must not reach for anything — no scripts from a CDN, no image files beside it. Charts are drawn by
 * XChart on a headless AWT and embedded as base64 data URIs; the numbers come from {@code rl}'s
 * {@link org.learnedlr.rl.eval.ResultTables}, so the page and {@code tables.md} cannot disagree.
 *
 * <p>The parts: {@link org.learnedlr.cli.report.RunDirectory} reads the directory, {@link
 * org.learnedlr.rl.eval.RunCurve} one run's curves and {@link org.learnedlr.cli.report.MeanCurve} their mean over
 * seeds; {@link org.learnedlr.cli.report.Charts} draws, {@link org.learnedlr.cli.report.Tables} builds the tables as
 * plain {@link org.learnedlr.cli.report.ReportTable}s, which {@link org.learnedlr.cli.report.HtmlPage} and {@link
 * org.learnedlr.cli.report.MarkdownPage} render; {@link org.learnedlr.cli.report.Report} puts them together.
 */
package org.learnedlr.cli.report;
