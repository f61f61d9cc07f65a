package org.learnedlr.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.learnedlr.nn.layers.TestTensors.assertNames;
import static org.learnedlr.nn.layers.TestTensors.assertShape;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.nn.layers.BatchNorm2d;
import org.learnedlr.nn.layers.ModuleGradCheck;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

class ResNet18Test {
    @Test
    void imagenetStemHasTorchvisionsParameterCount() {
        ResNet18 m = new ResNet18(new Rng(0));
        assertEquals(ResNet18.Stem.IMAGENET, m.stem());
        assertEquals(11_175_370L, m.parameterCount());
        Map<String, Var> p = m.namedParameters();
        assertEquals(62, p.size());
        assertEquals(122, m.stateDict().size());
        List<String> names = List.copyOf(p.keySet());
        assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "layer1.0.conv1.weight",
                "layer1.0.bn1.weight", "layer1.0.bn1.bias", "layer1.0.conv2.weight"), names.subList(0, 7));
        assertEquals(List.of("fc.weight", "fc.bias"), names.subList(60, 62));
        assertShape(new int[]{64, 1, 7, 7}, p.get("conv1.weight").shape());
        assertShape(new int[]{128, 64, 1, 1}, p.get("layer2.0.downsample.0.weight").shape());
        assertShape(new int[]{128}, p.get("layer2.0.downsample.1.weight").shape());
        assertShape(new int[]{10, 512}, p.get("fc.weight").shape());
        // layer-wise gradient norms see every conv, batch norm and the classifier
        assertEquals(1 + 1 + 8 * 4 + 3 * 2 + 1, m.parameterOwners().size());
    }

    @Test
    void smallStemOption() {
        ResNet18 m = new ResNet18(ResNet18.Stem.SMALL, 1, 10, DType.FLOAT32, new Rng(0));
        assertEquals(11_175_370L - 64 * 49 + 64 * 9, m.parameterCount());
        assertShape(new int[]{64, 1, 3, 3}, m.namedParameters().get("conv1.weight").shape());
        assertEquals(62, m.namedParameters().size());
    }

    @Test
    void forwardShapesForBothStems() {
        Tensor x = Tensor.normal(new Rng(1), 0, 1, DType.FLOAT32, 2, 1, 28, 28);
        ResNet18 imagenet = new ResNet18(new Rng(0));
        try (NoGrad ignored = NoGrad.enter()) {
            assertShape(new int[]{2, 10}, imagenet.forward(Var.constant(x)).shape());
            imagenet.eval();
            assertShape(new int[]{2, 10}, imagenet.forward(Var.constant(x)).shape());
            // no max-pool and a stride-1 stem: layer4 sees 4x4 (28 -> 28 -> 14 -> 7 -> 4)
            ResNet18 small = new ResNet18(ResNet18.Stem.SMALL, 1, 10, DType.FLOAT32, new Rng(0));
            small.eval();
            assertShape(new int[]{1, 10}, small.forward(Var.constant(x.narrow(0, 0, 1))).shape());
        }
    }

    @Test
    void torchvisionInitialisation() {
        ResNet18 m = new ResNet18(new Rng(2));
        Tensor w = m.namedParameters().get("layer3.0.conv2.weight").value();   // (256, 256, 3, 3)
        double std = Math.sqrt(w.var(new int[0], false, 0).item());
        double expected = Math.sqrt(2.0 / (256 * 9));                           // fan_out, relu
        assertEquals(expected, std, 0.02 * expected);
        Map<String, Var> p = m.namedParameters();
        assertArrayEquals(Tensor.ones(64).toDoubleArray(), p.get("bn1.weight").value().toDoubleArray());
        assertArrayEquals(new double[64], p.get("bn1.bias").value().toDoubleArray());
        double bound = 1 / Math.sqrt(512);
        assertEquals(bound, p.get("fc.weight").value().abs().max(new int[0], false).item(), 0.01 * bound);
    }

    @Test
    void basicBlockNamesAndDownsample() {
        BasicBlock same = new BasicBlock(4, 4, 1, DType.FLOAT32, new Rng(0));
        assertNames(same, "conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias");
        assertNull(same.downsample());
        BasicBlock down = new BasicBlock(4, 8, 2, DType.FLOAT32, new Rng(0));
        assertNames(down, "conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "bn2.weight", "bn2.bias",
                "downsample.0.weight", "downsample.1.weight", "downsample.1.bias");
        assertShape(new int[]{2, 8, 3, 3}, down.forward(Var.constant(Tensor.zeros(2, 4, 5, 5))).shape());
    }

    @Test
    void basicBlockGradientCheckInTrainMode() {
        BasicBlock b = new BasicBlock(2, 3, 2, DType.FLOAT64, new Rng(3));
        Rng rng = new Rng(4);
        for (Var p : b.parameters()) {   // non-trivial batch-norm affine parameters
            if (p.dim() == 1) {
                p.value().copyFrom(Tensor.normal(rng, 1, 0.3, DType.FLOAT64, p.shape()));
            }
        }
        Tensor x = Tensor.normal(new Rng(5), 0, 1, DType.FLOAT64, 2, 2, 4, 4);
        ModuleGradCheck.check(b, b::forward, x).assertClose();
        assertEquals(true, b.children().get("bn1") instanceof BatchNorm2d);
    }
}
