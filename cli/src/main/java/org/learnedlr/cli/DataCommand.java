package org.learnedlr.cli;

import java.util.concurrent.Callable;
import org.learnedlr.mnist.MnistSplits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code learnedlr data}: find or fetch MNIST and verify it. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Find or fetch the MNIST files and verify their checksums.")
public final class DataCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Override
    public Integer call() {
        MnistSplits s = data.load();
        System.out.printf("MNIST verified: %d training, %d validation, %d test images%n",
                s.train().size(), s.validation().size(), s.test().size());
        return 0;
    }
}
