package org.learnedlr.cli.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.learnedlr.rl.eval.EvalSuite;
import org.learnedlr.rl.eval.RunCurve;
import org.learnedlr.rl.eval.RunRecord;
import org.learnedlr.rl.schedule.Catalog;

/**
 * A run directory of {@code learnedlr evaluate} as the report reads it: the judged runs of {@code results.csv}, where
 * each run's curves are ({@code curves/<method>/<setting with / as _>/<seed>.csv}), and which methods are hand-made.
 *
 * <p>Hand-made methods, among which the best of each setting is chosen, are in order of precedence: the names given
 * to {@link #open}, the names in {@value #HAND_MADE_FILE} in the directory (one a line; blank lines and lines starting
 * with {@code #} ignored), or the catalog's names ({@link Catalog#NAMES}) — what {@code evaluate} judges as
 * hand-made.
 */
public final class RunDirectory {
    /** The optional file naming the hand-made methods. */
    public static final String HAND_MADE_FILE = "hand-made.txt";

    private final Path dir;
    private final List<RunRecord> records;
    private final Set<String> handMade;
    private final String handMadeSource;

    private RunDirectory(Path dir, List<RunRecord> records, Set<String> handMade, String handMadeSource) {
        this.dir = dir;
        this.records = records;
        this.handMade = handMade;
        this.handMadeSource = handMadeSource;
    }

    /**
     * Opens a run directory.
     *
     * @param handMadeNames the hand-made methods, or null to take them from {@value #HAND_MADE_FILE} or the catalog
     * @throws IllegalArgumentException when the directory or its results are missing or hold no runs
     * @throws IOException              when a file cannot be read or is malformed
     */
    public static RunDirectory open(Path dir, List<String> handMadeNames) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--run-dir: " + dir + " is not a directory");
        }
        Path results = dir.resolve("results.csv");
        if (!Files.isRegularFile(results)) {
            throw new IllegalArgumentException("--run-dir: " + dir + " has no results.csv (is it a run directory of "
                    + "'learnedlr evaluate'?)");
        }
        List<RunRecord> records = EvalSuite.read(results);
        if (records.isEmpty()) {
            throw new IllegalArgumentException("--run-dir: " + results + " holds no finished runs yet");
        }
        Set<String> handMade;
        String source;
        Path file = dir.resolve(HAND_MADE_FILE);
        if (handMadeNames != null) {
            handMade = new LinkedHashSet<>(handMadeNames);
            source = "given on the command line";
        } else if (Files.isRegularFile(file)) {
            handMade = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String name = line.strip();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    handMade.add(name);
                }
            }
            source = "listed in " + HAND_MADE_FILE;
        } else {
            handMade = new LinkedHashSet<>(Catalog.NAMES);
            source = "the schedule catalog's names";
        }
        return new RunDirectory(dir, List.copyOf(records), Set.copyOf(handMade), source);
    }

    public Path dir() {
        return dir;
    }

    /** Every judged run, in the order of results.csv. */
    public List<RunRecord> records() {
        return records;
    }

    /** The names of the hand-made methods (some may not have run here). */
    public Set<String> handMade() {
        return handMade;
    }

    /** Where {@link #handMade()} came from, in words. */
    public String handMadeSource() {
        return handMadeSource;
    }

    /** The methods that ran, in order of first appearance in results.csv. */
    public List<String> methods() {
        Set<String> out = new LinkedHashSet<>();
        for (RunRecord r : records) {
            out.add(r.method());
        }
        return new ArrayList<>(out);
    }

    /** The seeds that ran, in order of first appearance. */
    public List<Long> seeds() {
        Set<Long> out = new LinkedHashSet<>();
        for (RunRecord r : records) {
            out.add(r.seed());
        }
        return new ArrayList<>(out);
    }

    /** Where the curves of a run are, as {@code EvalSuite} writes them (the file may be missing). */
    public Path curveFile(RunRecord r) {
        return RunCurve.file(dir, r);
    }
}
