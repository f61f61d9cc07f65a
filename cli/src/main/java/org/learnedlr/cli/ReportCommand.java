package org.learnedlr.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.learnedlr.cli.report.Report;
import org.learnedlr.cli.report.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code learnedlr report}: turns a run directory of {@code learnedlr evaluate} into one self-contained HTML page
 * (LR and loss curves, results with paired intervals, the divergence map) and the same tables as Markdown beside it.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML report (charts and tables) of an evaluation run directory, and its "
                + "tables as Markdown beside it.")
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--run-dir", required = true, description = "Run directory of 'learnedlr evaluate'.")
    Path runDir;

    @Option(names = "--out", description = "The HTML file to write (default: <run-dir>/report.html); the Markdown goes "
            + "beside it with the extension .md.")
    Path out;

    @Option(names = "--hand-made", split = ",", description = "The hand-made methods, among which each setting's "
            + "reference is chosen (default: those in <run-dir>/" + RunDirectory.HAND_MADE_FILE
            + ", else the schedule catalog's names).")
    List<String> handMade;

    @Override
    public Integer call() {
        System.setProperty("java.awt.headless", "true");
        Path html = out != null ? out : runDir.resolve("report.html");
        try {
            Report.Written w = Report.write(RunDirectory.open(runDir, handMade), html);
            System.out.printf("report of %d runs in %d settings (%d charts) written to %s; tables also in %s%n",
                    w.runs(), w.settings(), w.charts(), w.html(), w.markdown());
            if (w.missingCurves() > 0) {
                System.out.printf("note: %d runs have no curve file; they appear in the tables only%n",
                        w.missingCurves());
            }
            return 0;
        } catch (IOException | UncheckedIOException e) {
            throw new CliException("report: " + e.getMessage(), e);
        }
    }
}
