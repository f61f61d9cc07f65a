package org.learnedlr.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code learnedlr} command. */
@Command(name = "learnedlr", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "A learned learning-rate scheduler and the pure-Java deep-learning stack it runs on.",
        subcommands = {DataCommand.class, TrainCommand.class, EvaluateCommand.class, CollectCommand.class, BcCommand.class,
                ReportCommand.class,
                PpoCommand.class, BaselineCommand.class, DemoCommand.class, RewardAblationCommand.class,
                VerdictCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 bad arguments). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, a) -> {
            System.err.println("learnedlr: " + ex.getMessage());
            System.err.println("Try 'learnedlr " + String.join(" ", subcommandOf(ex)) + " --help'.");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof CliException) {
                System.err.println("learnedlr: " + ex.getMessage());
                return ex instanceof CliException c ? c.exitCode() : 2;
            }
            if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                // A file that is missing, unreadable or not what it should be: its message names the file.
                System.err.println("learnedlr: " + ex.getMessage());
                return 1;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    private static List<String> subcommandOf(CommandLine.ParameterException ex) {
        return ex.getCommandLine().getCommandSpec().qualifiedName(" ").equals("learnedlr")
                ? List.of()
                : List.of(ex.getCommandLine().getCommandSpec().name());
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
