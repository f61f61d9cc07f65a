package org.learnedlr.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.learnedlr.autograd.NoGrad;
import org.learnedlr.autograd.Var;
import org.learnedlr.tensor.DType;
import org.learnedlr.tensor.Rng;
import org.learnedlr.tensor.Tensor;

/** Float32 layers against PyTorch 1.13 (values from nn/src/test/python/make_reference.py). */
class PyTorchReferenceTest {
    private static final double ATOL = 1e-5;
    private static final double RTOL = 1e-5;

    @Test
    void linear() {
        Linear m = new Linear(5, 3, new Rng(0));
        Reference.load("linear").checkLayer(m, m::forward, ATOL, RTOL);
    }

    @Test
    void conv2d() {
        Conv2d m = new Conv2d(3, 4, 3, 2, 1, new Rng(0));
        Reference.load("conv2d").checkLayer(m, m::forward, ATOL, RTOL);
    }

    @Test
    void batchNormTrainStepThenEval() {
        BatchNorm2d m = new BatchNorm2d(3);
        Reference ref = Reference.load("batchnorm2d");
        ref.checkLayer(m, m::forward, ATOL, RTOL);
        Reference.assertClose("running_mean", ref.get("after.running_mean"), m.runningMean(), ATOL, RTOL);
        Reference.assertClose("running_var", ref.get("after.running_var"), m.runningVar(), ATOL, RTOL);
        assertEquals(ref.get("after.num_batches_tracked").toIntArray()[0], m.numBatchesTracked());
        m.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor y = m.forward(Var.constant(ref.get("eval.input"))).value();
            Reference.assertClose("eval output", ref.get("eval.output"), y, ATOL, RTOL);
        }
    }

    @Test
    void layerNorm() {
        LayerNorm m = new LayerNorm(6);
        Reference.load("layernorm").checkLayer(m, m::forward, ATOL, RTOL);
    }

    @Test
    void poolingAndGelu() {
        MaxPool2d pool = new MaxPool2d(3, 2, 1);
        Reference.load("maxpool2d").checkLayer(pool, pool::forward, ATOL, RTOL);
        AdaptiveAvgPool2d avg = new AdaptiveAvgPool2d(3, 2);
        Reference.load("adaptive_avg_pool2d").checkLayer(avg, avg::forward, ATOL, RTOL);
        GELU gelu = new GELU();
        Reference.load("gelu").checkLayer(gelu, gelu::forward, ATOL, RTOL);
    }

    @Test
    void multiheadAttentionWithBothMasks() {
        MultiHeadSelfAttention m = new MultiHeadSelfAttention(8, 2, new Rng(0));
        Reference ref = Reference.load("multihead_attention");
        ref.checkLayer(m, x -> m.forward(x, ref.get("kpm"), ref.get("attn_mask")), ATOL, RTOL);
    }

    @Test
    void transformerEncoderLayerNormFirst() {
        TransformerEncoderLayer m = new TransformerEncoderLayer(8, 2, 16, 0.0, new Rng(0));
        Reference ref = Reference.load("transformer_encoder_layer");
        ref.checkLayer(m, x -> m.forward(x, ref.get("kpm"), null), ATOL, RTOL);
    }

    @Test
    void transformerEncoderWithFinalNorm() {
        TransformerEncoder m = TransformerEncoder.of(2, 8, 2, 16, 0.0, true, DType.FLOAT32, new Rng(0));
        Reference ref = Reference.load("transformer_encoder");
        ref.checkLayer(m, x -> m.forward(x, null, ref.get("attn_mask")), ATOL, RTOL);
    }
}
