package org.learnedlr.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.learnedlr.cli.report.ReportContent.Figure;
import org.learnedlr.cli.report.ReportContent.LegendEntry;
import org.learnedlr.cli.report.ReportContent.Section;
import org.learnedlr.rl.eval.RunCurve;
import org.learnedlr.rl.eval.RunRecord;

/**
 * Makes the report of a run directory: per setting a legend, three charts (learning rate, train loss and validation
 * loss, each the mean over seeds on a log scale) and the results table; then the divergence maps; written as one
 * self-contained HTML file and, beside it, the same text and tables as Markdown.
 */
public final class Report {
    /** At most this many points per line; longer runs are averaged over buckets of steps. */
    public static final int MAX_POINTS = 400;

    /** What was written. */
    public record Written(Path html, Path markdown, int settings, int charts, int runs, int missingCurves) {
    }

    private Report() {
    }

    /** The Markdown file that goes beside an HTML file: the same name with {@code .md} for {@code .html}. */
    public static Path markdownBeside(Path html) {
        String name = html.getFileName().toString();
        String base = name.replaceFirst("(?i)\\.html?$", "");
        return html.resolveSibling(base + ".md");
    }

    public static Written write(RunDirectory run, Path html) throws IOException {
        Tables tables = new Tables(run);
        MethodStyles styles = new MethodStyles(run.methods(), run.handMade());
        List<Section> sections = new ArrayList<>();
        int charts = 0;
        int missingAll = 0;
        for (String setting : tables.results().settings()) {
            Map<String, List<RunCurve>> curves = new LinkedHashMap<>();
            List<LegendEntry> legend = new ArrayList<>();
            int missing = 0;
            int steps = SettingKey.of(setting).steps();  // the budget, or 0 when the key does not say
            int seeds = 0;
            for (Map.Entry<String, List<RunRecord>> e : tables.results().runs(setting).entrySet()) {
                List<RunCurve> cs = new ArrayList<>();
                int diverged = 0;
                for (RunRecord r : e.getValue()) {
                    diverged += r.diverged() ? 1 : 0;
                    Path f = run.curveFile(r);
                    if (Files.isRegularFile(f)) {
                        RunCurve c = RunCurve.read(f);
                        cs.add(c);
                        steps = Math.max(steps, c.steps());
                    } else {
                        missing++;
                    }
                }
                seeds = Math.max(seeds, e.getValue().size());
                curves.put(e.getKey(), cs);
                legend.add(new LegendEntry(e.getKey(), styles.of(e.getKey()),
                        diverged > 0 ? " (" + diverged + "/" + e.getValue().size() + " diverged)" : ""));
            }
            List<Figure> figures = new ArrayList<>();
            for (RunCurve.Quantity q : RunCurve.Quantity.values()) {
                List<Charts.Line> lines = new ArrayList<>();
                for (Map.Entry<String, List<RunCurve>> e : curves.entrySet()) {
                    lines.add(new Charts.Line(e.getKey(), MeanCurve.of(e.getValue(), q, MAX_POINTS),
                            styles.of(e.getKey())));
                }
                String label = q.label();
                byte[] png = Charts.png(label + " — " + setting, "step", label + " (log scale)", lines, steps);
                figures.add(new Figure(capitalise(label) + ", mean over seeds, log scale",
                        capitalise(label) + " per step of every method in " + setting + ", mean over seeds", png));
                charts++;
            }
            int bucket = MeanCurve.bucket(steps, MAX_POINTS);
            String note = "Curves: at each step the mean over the seeds still running (up to " + seeds + " per method)"
                    + (bucket > 1 ? ", then averaged over buckets of " + bucket + " steps" : "")
                    + "; the learning rate is the one each step used. A diverged seed leaves the mean where it stopped,"
                    + " so a line can jump there. An LR of 0 cannot be drawn on the log axis and is left out."
                    + (missing > 0 ? " Curve files missing for " + missing + " runs; those runs are in the table only."
                    : "");
            missingAll += missing;
            sections.add(new Section(setting, tables.setting(setting), legend, figures, note));
        }

        ReportContent content = new ReportContent("learnedlr evaluation report — " + run.dir().getFileName(),
                facts(run, tables), reading(), tables.divergenceMaps(), sections);
        Path md = markdownBeside(html);
        Path parent = html.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(html, HtmlPage.render(content), StandardCharsets.UTF_8);
        Files.writeString(md, MarkdownPage.render(content, html.getFileName().toString()), StandardCharsets.UTF_8);
        return new Written(html, md, sections.size(), charts, run.records().size(), missingAll);
    }

    private static List<String> facts(RunDirectory run, Tables tables) {
        List<String> ranHandMade = run.methods().stream().filter(run.handMade()::contains).toList();
        return List.of(
                "Run directory: " + run.dir().toAbsolutePath().normalize(),
                run.records().size() + " runs in " + tables.results().settings().size() + " settings; methods: "
                        + String.join(", ", run.methods()) + "; seeds: "
                        + run.seeds().stream().map(String::valueOf).collect(Collectors.joining(", ")) + ".",
                "Hand-made schedules (" + run.handMadeSource() + "): "
                        + (ranHandMade.isEmpty() ? "none ran here" : String.join(", ", ranHandMade)) + ".",
                "Generated " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " by learnedlr report.");
    }

    private static List<String> reading() {
        return List.of(
                "Each run trains on a held-out seed and is judged on the MNIST test set (DESIGN.md section 5). A run "
                        + "that diverged stopped there and counts with the loss of chance, ln 10 ≈ 2.3026, and 10% "
                        + "accuracy.",
                "Δ test loss is the method's test loss minus the reference's, paired by seed: the mean difference with "
                        + "a Student-t 95% interval; negative is better. Where the whole interval lies below 0 the "
                        + "method is better than the best hand-made schedule (green in the page, bold in Markdown); "
                        + "above 0, worse (red; bold). The reference is chosen per setting after the fact, an "
                        + "advantage given to the hand-made schedules.",
                "Validation AUC is the mean held-out validation loss over a run (finished runs only); smoothness the "
                        + "standard deviation of consecutive log train-loss differences; scheduler compute the "
                        + "scheduler's own share of the run's wall time.",
                "Charts: one line per method, the mean over seeds at each step; thin lines are hand-made schedules, "
                        + "thick ones learned methods; all value axes are logarithmic.");
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
