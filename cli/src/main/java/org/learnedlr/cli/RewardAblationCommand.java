package org.learnedlr.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.learnedlr.rl.demo.DemoFile;
import org.learnedlr.rl.demo.Demonstration;
import org.learnedlr.rl.demo.RewardAblation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code learnedlr reward-ablation}: how well each set of reward constants orders recorded runs like the judge. */
@Command(name = "reward-ablation", mixinStandardHelpOptions = true,
        description = "Replay demonstrations (training seeds) under a grid of reward constants and report how often "
                + "the return orders two runs of one cell as their test loss does.")
public final class RewardAblationCommand implements Callable<Integer> {
    @Option(names = "--demos", required = true, description = "Demonstration file written by 'collect'.")
    Path demos;

    @Option(names = "--out", description = "Also write the Markdown table to this file.")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<Demonstration> all = DemoFile.readAll(demos);
        if (all.isEmpty()) {
            throw new CliException(demos + ": no demonstrations in the file (run 'learnedlr collect' first)", 2);
        }
        String md = RewardAblation.markdown(RewardAblation.run(all, RewardAblation.grid()));
        System.out.print(md);
        if (out != null) {
            Files.writeString(out, md, StandardCharsets.UTF_8);
        }
        return 0;
    }
}
