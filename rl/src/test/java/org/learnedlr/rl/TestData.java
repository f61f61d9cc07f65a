package org.learnedlr.rl;

import static org.junit.jupiter.api.Assertions.fail;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import org.learnedlr.mnist.Mnist;
import org.learnedlr.mnist.MnistConfig;
import org.learnedlr.mnist.MnistSplits;

/**
 * Real MNIST for tests, loaded once per JVM. Missing data skips the test with a message, except under CI=true,
 * where .ci/run has fetched it and its absence is a failure.
 */
public final class TestData {
    private static MnistSplits cached;

    private TestData() {
    }

    public static synchronized MnistSplits mnist() {
        if (cached == null) {
            try {
                cached = Mnist.load(MnistConfig.defaults());
            } catch (IOException e) {
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail("MNIST is required under CI=true: " + e.getMessage());
                }
                Assumptions.abort("MNIST not available (run scripts/fetch-mnist.sh): " + e.getMessage());
            }
        }
        return cached;
    }
}
