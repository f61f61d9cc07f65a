package org.learnedlr.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.learnedlr.nn.layers.TestTensors.assertNames;
import static org.learnedlr.nn.layers.TestTensors.assertShape;
import static org.learnedlr.nn.layers.TestTensors.randn;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

class TransformerTest {
    private static final String[] LAYER_NAMES = {
        "self_attn.in_proj_weight", "self_attn.in_proj_bias", "self_attn.out_proj.weight", "self_attn.out_proj.bias",
        "linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias",
        "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias"};

    @Test
    void layerNamesInPyTorchsOrderAndShapes() {
        TransformerEncoderLayer l = new TransformerEncoderLayer(8, 2, 16, 0.1, new Rng(0));
        assertNames(l, LAYER_NAMES);
        assertShape(new int[]{16, 8}, l.linear1().weight().shape());
        assertShape(new int[]{8, 16}, l.linear2().weight().shape());
        assertShape(new int[]{3, 5, 8}, l.forward(Var.constant(Tensor.zeros(3, 5, 8))).shape());
    }

    @Test
    void layerIsPreNormResidual() {
        TransformerEncoderLayer l = new TransformerEncoderLayer(4, 2, 8, 0.0, 1e-5, DType.FLOAT64, new Rng(1));
        Var x = Var.constant(randn(2, 2, 3, 4));
        Var h = x.add(l.selfAttn().forward(l.norm1().forward(x)));
        Var expected = h.add(l.linear2().forward(l.linear1().forward(l.norm2().forward(h)).gelu()));
        assertEquals(0.0, TestTensors.maxAbsDiff(expected.value(), l.forward(x).value()), 1e-14);
    }

    @Test
    void encoderNamesAndFinalNorm() {
        TransformerEncoder e = TransformerEncoder.of(2, 8, 2, 16, 0.0, true, DType.FLOAT32, new Rng(0));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            for (String n : LAYER_NAMES) {
                expected.add("layers." + i + "." + n);
            }
        }
        expected.add("norm.weight");
        expected.add("norm.bias");
        assertNames(e, expected.toArray(new String[0]));
        assertShape(new int[]{2, 33, 8}, e.forward(Var.constant(Tensor.zeros(2, 33, 8))).shape());
        TransformerEncoder bare = TransformerEncoder.of(1, 8, 2, 16, 0.0, false, DType.FLOAT32, new Rng(0));
        assertNull(bare.norm());
        assertEquals(12, bare.namedParameters().size());
        // 4 layers of d_model 64, FFN 256: the policy's encoder
        TransformerEncoder policy = TransformerEncoder.of(4, 64, 2, 256, 0.0, true, DType.FLOAT32, new Rng(0));
        long perLayer = 3 * 64 * 64 + 3 * 64 + 64 * 64 + 64 + 64 * 256 + 256 + 256 * 64 + 64 + 4 * 64;
        assertEquals(4 * perLayer + 2 * 64, policy.parameterCount());
    }

    @Test
    void dropoutOnlyInTrainMode() {
        TransformerEncoderLayer l = new TransformerEncoderLayer(4, 2, 8, 0.5, 1e-5, DType.FLOAT64, new Rng(3));
        Var x = Var.constant(randn(4, 1, 3, 4));
        double trainDiff = TestTensors.maxAbsDiff(l.forward(x).value(), l.forward(x).value());
        l.eval();
        double evalDiff = TestTensors.maxAbsDiff(l.forward(x).value(), l.forward(x).value());
        assertEquals(0.0, evalDiff);
        assertEquals(true, trainDiff > 0);
    }

    @Test
    void layerGradientCheckWithMask() {
        TransformerEncoderLayer l = new TransformerEncoderLayer(4, 2, 6, 0.0, 1e-5, DType.FLOAT64, new Rng(5));
        Tensor kpm = Tensor.ofInts(new int[]{0, 0, 0, 0, 0, 1}, 2, 3);
        ModuleGradCheck.check(l, x -> l.forward(x, kpm, null), randn(6, 2, 3, 4)).assertClose();
    }

    @Test
    void encoderGradientCheck() {
        TransformerEncoder e = TransformerEncoder.of(2, 4, 2, 4, 0.0, true, DType.FLOAT64, new Rng(7));
        Tensor mask = MultiHeadSelfAttention.causalMask(3, DType.FLOAT64);
        ModuleGradCheck.check(e, x -> e.forward(x, null, mask), randn(8, 1, 3, 4)).assertClose();
    }
}
