package org.learnedlr.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.learnedlr.nn.layers.TestTensors.assertNames;
import static org.learnedlr.nn.layers.TestTensors.assertShape;
import static org.learnedlr.nn.layers.TestTensors.randn;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

class BatchNorm2dTest {
    @Test
    void namesBuffersAndShapes() {
        BatchNorm2d bn = new BatchNorm2d(3);
        assertNames(bn, "weight", "bias");
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(bn.stateDict().keySet()));
        assertShape(new int[]{2, 3, 4, 5}, bn.forward(Var.constant(randn(DType.FLOAT32, 0, 2, 3, 4, 5))).shape());
        assertEquals(DType.INT32, bn.stateDict().get("num_batches_tracked").dtype());
        assertEquals(0, bn.stateDict().get("num_batches_tracked").dim());
    }

    @Test
    void trainModeNormalisesWithBatchStatistics() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.1, DType.FLOAT64);
        Tensor x = randn(1, 4, 2, 3, 3).mul(3.0).add(5.0);
        Tensor y = bn.forward(Var.constant(x)).value();
        double[] mean = y.mean(new int[]{0, 2, 3}, false).toDoubleArray();
        double[] var = y.var(new int[]{0, 2, 3}, false, 0).toDoubleArray();
        for (int c = 0; c < 2; c++) {
            assertEquals(0.0, mean[c], 1e-12);
            assertEquals(1.0, var[c], 1e-4);   // var / (var + eps)
        }
    }

    @Test
    void runningStatisticsFollowPyTorchsUpdate() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.1, DType.FLOAT64);
        Tensor x = randn(2, 3, 2, 2, 2).mul(2.0).add(1.0);
        bn.forward(Var.constant(x));
        double[] batchMean = x.mean(new int[]{0, 2, 3}, false).toDoubleArray();
        double[] unbiased = x.var(new int[]{0, 2, 3}, false, 1).toDoubleArray();
        double[] rm = bn.runningMean().toDoubleArray();
        double[] rv = bn.runningVar().toDoubleArray();
        for (int c = 0; c < 2; c++) {
            assertEquals(0.1 * batchMean[c], rm[c], 1e-12);
            assertEquals(0.9 + 0.1 * unbiased[c], rv[c], 1e-12);
        }
        assertEquals(1, bn.numBatchesTracked());
        bn.forward(Var.constant(x));
        assertEquals(2, bn.numBatchesTracked());
        assertEquals(0.19 * batchMean[0], bn.runningMean().toDoubleArray()[0], 1e-12);
    }

    @Test
    void evalModeUsesRunningStatisticsAndLeavesThemAlone() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.1, DType.FLOAT64);
        bn.forward(Var.constant(randn(3, 4, 2, 3, 3).add(2.0)));
        bn.weight().value().copyFrom(Tensor.of(new double[]{2, 3}, 2));
        bn.bias().value().copyFrom(Tensor.of(new double[]{-1, 1}, 2));
        bn.eval();
        double[] rm = bn.runningMean().toDoubleArray();
        double[] rv = bn.runningVar().toDoubleArray();
        Tensor x = randn(4, 2, 2, 1, 2);
        double[] y = bn.forward(Var.constant(x)).value().toDoubleArray();
        double[] xs = x.toDoubleArray();
        double[] w = {2, 3};
        double[] b = {-1, 1};
        for (int i = 0; i < xs.length; i++) {
            int c = (i / 2) % 2;
            assertEquals((xs[i] - rm[c]) / Math.sqrt(rv[c] + 1e-5) * w[c] + b[c], y[i], 1e-12);
        }
        assertEquals(1, bn.numBatchesTracked());
        assertEquals(rm[0], bn.runningMean().toDoubleArray()[0]);
    }

    @Test
    void trainModeNeedsMoreThanOneValuePerChannel() {
        BatchNorm2d bn = new BatchNorm2d(2);
        assertThrows(IllegalArgumentException.class, () -> bn.forward(Var.constant(Tensor.zeros(1, 2, 1, 1))));
    }

    @Test
    void gradientCheckInTrainMode() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.1, DType.FLOAT64);
        bn.weight().value().copyFrom(Tensor.of(new double[]{1.5, -0.7}, 2));
        bn.bias().value().copyFrom(Tensor.of(new double[]{0.2, 0.3}, 2));
        ModuleGradCheck.check(bn, bn::forward, randn(7, 3, 2, 2, 3)).assertClose();
    }

    @Test
    void gradientCheckInEvalMode() {
        BatchNorm2d bn = new BatchNorm2d(2, 1e-5, 0.1, DType.FLOAT64);
        bn.forward(Var.constant(randn(8, 3, 2, 2, 2)));
        bn.eval();
        ModuleGradCheck.check(bn, bn::forward, randn(9, 2, 2, 2, 3)).assertClose();
    }
}
