package org.learnedlr.cli;

import java.io.IOException;
import org.learnedlr.mnist.FetchConfig;
import org.learnedlr.mnist.Mnist;
import org.learnedlr.mnist.MnistConfig;
import org.learnedlr.mnist.MnistSplits;
import org.learnedlr.mnist.MnistUnavailableException;
import picocli.CommandLine.Option;

/** Where the MNIST files come from, shared by every command that trains. */
public final class DataOptions {
    @Option(names = "--no-fetch", description = "Do not download MNIST when it is missing; fail instead.")
    boolean noFetch;

    /** Loads MNIST, fetching it first unless told not to; a missing dataset is a one-line error saying what to do. */
    public MnistSplits load() {
        try {
            return noFetch ? Mnist.load(MnistConfig.defaults())
                    : Mnist.loadOrFetch(MnistConfig.defaults(), FetchConfig.defaults());
        } catch (MnistUnavailableException e) {
            throw new CliException(e.getMessage(), 3);
        } catch (IOException e) {
            throw new CliException("MNIST could not be read: " + e.getMessage(), 3);
        }
    }
}
